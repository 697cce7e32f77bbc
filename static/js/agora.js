// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // "Important Information": accept without leaving the page; the form still posts when this fails.
  document.querySelectorAll("[data-guest-notice] form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          // Accepted means the view's redirect (opaque here); anything else, let the form post for real.
          if (response.type !== "opaqueredirect" && !response.ok) throw new Error("not accepted");
          form.closest("[data-guest-notice]").remove();
          // The focused button is gone: carry on from the content rather than from the top of the page.
          var main = document.getElementById("content");
          if (main) main.focus({ preventScroll: true });
        })
        .catch(function () { form.submit(); });
    });
  });

  // Menus built on <details>: Escape closes the open one and gives focus back to its summary;
  // a click elsewhere closes them all, and so does tabbing out of one.
  document.querySelectorAll("details.menu").forEach(function (menu) {
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  // Video embeds load their player only when the reader asks (forum/content.py renders the button), and only
  // from the privacy-friendly hosts on the allowlist.
  var PLAYERS = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".embed-play");
    if (!button || !PLAYERS.test(button.dataset.embedSrc || "")) return;
    var frame = document.createElement("iframe");
    frame.src = button.dataset.embedSrc;
    frame.title = button.getAttribute("aria-label") || "";
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "embed-frame";
    button.replaceWith(frame);
  });
})();
