// The bell's count is in the page as rendered; when the member comes back to the tab, ask for the current number.
(function () {
  "use strict";
  var bell = document.querySelector(".notification-bell[data-count-url]");
  if (!bell || !window.fetch) return;
  var count = bell.querySelector("[data-bell-count]");
  function refresh() {
    fetch(bell.getAttribute("data-count-url"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        count.textContent = String(data.unread);
        count.hidden = !data.unread;
        bell.classList.toggle("has-unread", data.unread > 0);
      })
      .catch(function () {});
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
  });
  window.addEventListener("focus", refresh);
  window.addEventListener("pageshow", function (event) { if (event.persisted) refresh(); });
})();
