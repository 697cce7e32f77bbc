// Pages a guest sees may come from the shared page cache, so their forms' CSRF fields are empty (nothing per visitor).
// A form posted from such a page gets its token here: fetched once when the visitor first reaches for a form
// (focus, pointer, or at the latest on submit), then written into every posting form of the page.
(function () {
  "use strict";

  var url = document.currentScript && document.currentScript.dataset.url;
  if (!url) return;
  var pending = null;

  function needsToken(form) {
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return false;
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return !(field && field.value) && new URL(form.action, location.href).origin === location.origin;
  }

  function fillAll(token) {
    document.querySelectorAll("form").forEach(function (form) {
      if (!needsToken(form)) return;
      var field = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "csrfmiddlewaretoken";
        form.prepend(field);
      }
      field.value = token;
    });
  }

  function fetchToken() {
    if (!pending) {
      pending = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) { fillAll(body.token); })
        .catch(function () { pending = null; });
    }
    return pending;
  }

  function early(event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && needsToken(form)) fetchToken();
  }
  document.addEventListener("focusin", early);
  document.addEventListener("pointerdown", early);

  // Capture: before the page's own submit handlers (which post the form's data), hold the submission until the
  // token is in the form, then send it again as the visitor did.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!needsToken(form)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    fetchToken().then(function () {
      if (needsToken(form)) return;  // no token to be had: leave the form as it is
      if (submitter && form.requestSubmit) form.requestSubmit(submitter); else if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }, true);
})();
