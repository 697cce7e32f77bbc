// Reactions in place: the reaction form under each post works as a plain form (post and redirect); with this
// script it is sent with fetch and the post's reactions are replaced by the fresh ones the server renders, with
// the focus back on the "React" button and the result read out by the status line.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-react-form]");
    if (!form) return;
    event.preventDefault();
    var submitter = event.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var box = form.closest("[data-reactions]");
    var status = box.querySelector("[data-react-status]");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || response.statusText);
        return body;
      });
    }).then(function (body) {
      var holder = document.createElement("div");
      holder.innerHTML = body.html;
      var fresh = holder.firstElementChild;
      box.replaceWith(fresh);
      var summary = fresh.querySelector("[data-react-picker] summary");
      if (summary) summary.focus();
      var freshStatus = fresh.querySelector("[data-react-status]");
      if (freshStatus) freshStatus.textContent = body.message;
    }).catch(function (error) {
      if (status) status.textContent = error.message;
    });
  });

  // Escape closes an open picker and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var picker = event.target.closest && event.target.closest("[data-react-picker][open]");
    if (!picker) return;
    picker.open = false;
    picker.querySelector("summary").focus();
  });
})();
