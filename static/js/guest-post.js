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

  // The page may come from the shared guest page cache: each form asks for its own challenge and timestamp.
  function fetchChallenge(form) {
    return fetch(form.dataset.powChallengeUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        document.getElementById(form.dataset.shownAtField).value = body.shown_at;
        return JSON.parse(body.challenge);
      });
  }

  document.querySelectorAll("form[data-pow-challenge-url]").forEach(function (form) {
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
          var challenge;
          pending = fetchChallenge(form).then(function (given) {
            challenge = given;
            return solve(challenge);
          }).then(function (number) {
            if (number === null) return null;
            field.value = btoa(JSON.stringify({
              algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
              salt: challenge.salt, signature: challenge.signature
            }));
            return number;
          }).catch(function () { pending = null; return null; });
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
