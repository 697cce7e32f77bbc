// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // "Important Information": accept without leaving the page; the form still posts when this fails.
  document.querySelectorAll("[data-guest-notice] form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(function () {
          form.closest("[data-guest-notice]").remove();
          // The focused button is gone: carry on from the content rather than from the top of the page.
          var main = document.getElementById("content");
          if (main) main.focus({ preventScroll: true });
        })
        .catch(function () { form.submit(); });
    });
  });

  // Menus built on <details>: Escape closes the open one and gives focus back to its summary;
  // a click elsewhere closes them all.
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
})();
