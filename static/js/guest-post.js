// Post now, register later: solve the form's proof-of-work challenge (ALTCHA v1: find n such that
// SHA-256(salt + n) equals the challenge) in this browser, then let the form go. Nothing leaves this site.
(function () {
  "use strict";

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  async function solve(challenge) {
    var encoder = new TextEncoder();
    for (var n = 0; n <= challenge.maxNumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) return n;
    }
    return null;
  }

  document.querySelectorAll("form[data-pow-challenge]").forEach(function (form) {
    var challenge = JSON.parse(form.dataset.powChallenge);
    var field = document.getElementById(form.dataset.powField);
    var status = form.querySelector("[data-pow-status]");
    var pending = null;
    var submitting = false;
    field.value = "";

    function start() {
      if (!pending) {
        if (!(window.crypto && crypto.subtle)) {
          pending = Promise.resolve(null);
        } else {
          pending = solve(challenge).then(function (number) {
            if (number === null) return null;
            field.value = btoa(JSON.stringify({
              algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
              salt: challenge.salt, signature: challenge.signature
            }));
            return number;
          });
        }
      }
      return pending;
    }

    // Start when the guest shows interest, so that readers who never reply spend nothing.
    form.addEventListener("focusin", start, { once: true });
    form.addEventListener("submit", function (event) {
      if (field.value || submitting) return;
      event.preventDefault();
      submitting = true;
      status.textContent = status.dataset.working || "…";
      start().then(function () {
        status.textContent = "";
        form.submit();
      });
    });
  });
})();
