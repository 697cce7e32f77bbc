// Topic tools on top of forms and links that work without JavaScript: rate without a reload, create a short
// link in place, copy links in one click, and the browser's own share sheet where there is one.
(function () {
  "use strict";

  function postJSON(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || response.statusText);
        return body;
      });
    });
  }

  // Labels come from the page (data-copied, data-copy-label), so they are translated with it.
  // Copy text; true when it reached the clipboard. Falls back to selecting a field for the person to copy.
  function copy(text, field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallback(); });
    }
    return Promise.resolve(fallback());
    function fallback() {
      if (!field) return false;
      field.focus();
      field.select();
      try { return document.execCommand("copy"); } catch (e) { return false; }
    }
  }

  function flash(button, text) {
    if (!button.dataset.label) button.dataset.label = button.innerHTML;
    button.textContent = text;
    setTimeout(function () { button.innerHTML = button.dataset.label; }, 2000);
  }

  // "Copy" buttons: data-copy names a field to copy from, data-copy-text holds the text itself (an address in it,
  // such as a post's permalink, is made absolute here rather than once per post on the server).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-copy-text]");
    if (!button) return;
    var field = button.dataset.copy ? document.getElementById(button.dataset.copy) : null;
    var text = field ? field.value : button.dataset.copyText;
    if (!field && text.charAt(0) === "/") text = new URL(text, document.baseURI).href;
    copy(text, field).then(function (done) { if (done) flash(button, button.dataset.copied); });
  });
  document.querySelectorAll("[data-copy], [data-copy-text]").forEach(function (button) { button.hidden = false; });

  // The Web Share API, where the browser has it.
  if (navigator.share) {
    document.querySelectorAll("[data-web-share]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
      });
    });
  }

  // A post's "Share": the page's one post share menu, filled in for that post and opened beside its link (without
  // JavaScript the link leads to the post's share page).
  var postMenu = document.querySelector("[data-post-share-menu]");
  if (postMenu) {
    var menu = postMenu.querySelector("details");
    var opener = null;
    var fill = function (template, url, title) {
      return template.split(postMenu.dataset.urlToken).join(encodeURIComponent(url))
        .split(postMenu.dataset.titleToken).join(encodeURIComponent(title));
    };
    postMenu.querySelectorAll(".share-services a:not(.share-wechat)").forEach(function (a) {
      a.dataset.template = a.getAttribute("href");
    });
    menu.addEventListener("toggle", function () {
      if (menu.open) return;
      postMenu.hidden = true;
      if (opener && postMenu.contains(document.activeElement)) opener.focus();
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-share-post]");
      if (!link) return;
      event.preventDefault();
      if (opener === link && menu.open) { menu.open = false; return; }
      opener = link;
      var share = new URL(link.getAttribute("href"), location.href);  // .../comment/<id>/share/
      var url = share.href.replace(/share\/$/, "");
      postMenu.querySelectorAll("[data-template]").forEach(function (a) {
        a.href = fill(a.dataset.template, url, postMenu.dataset.title);
      });
      postMenu.querySelector(".share-wechat").href = share.pathname + "wechat/";
      postMenu.querySelector(".copy-row input").value = url;
      var postField = postMenu.querySelector("input[name=post]");
      if (postField) postField.value = link.dataset.sharePost;
      var result = postMenu.querySelector("[data-short-link-result]");
      if (result) result.textContent = "";
      var webShare = postMenu.querySelector("[data-web-share]");
      if (webShare) webShare.dataset.url = url;
      link.insertAdjacentElement("afterend", postMenu);
      postMenu.hidden = false;
      menu.open = true;
      postMenu.querySelector(".copy-row input").focus();
    });
  }

  // "Create short link": shown in place with a copy button.
  document.querySelectorAll("form[data-short-link]").forEach(function (form) {
    var result = form.querySelector("[data-short-link-result]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      postJSON(form).then(function (body) {
        result.textContent = "";
        var field = document.createElement("input");
        field.type = "text";
        field.readOnly = true;
        field.value = body.url;
        field.id = "short-" + Math.random().toString(36).slice(2);
        field.setAttribute("aria-label", form.querySelector("button[type=submit]").textContent.trim());
        field.dataset.shortLink = "";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "small";
        button.dataset.copy = field.id;
        button.dataset.copied = form.dataset.copiedLabel;
        button.textContent = form.dataset.copyLabel;
        result.append(field, button);
        field.focus();
        field.select();
      }).catch(function (error) {
        result.textContent = error.message;
      });
    });
  });

  // "Rate this topic": choosing a star saves it at once, without leaving the page (the "Save rating" button is
  // for pages without this script); the summary and a status line say what happened. Arrow keys move along the
  // stars, so a keyboard choice is saved once the keys rest for a moment; saves go one at a time, the last
  // choice last.
  document.querySelectorAll("form[data-rating-form]").forEach(function (form) {
    var section = form.closest(".rating");
    var summary = section.querySelector("[data-rating-summary]");
    var status = section.querySelector("[data-rating-status]");
    var remove = form.querySelector("[data-remove-rating]");
    var save = form.querySelector("[data-save-rating]");
    if (save) save.hidden = true;
    var sending = false, again = null, timer = null;

    function send(submitter) {
      if (sending) { again = submitter || "choice"; return; }
      sending = true;
      postJSON(form, submitter).then(function (body) {
        summary.textContent = body.summary;
        status.textContent = body.message;
        if (body.value === null) {
          form.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
        }
        if (remove) remove.hidden = body.value === null;
      }).catch(function (error) {
        status.textContent = error.message;
      }).then(function () {
        sending = false;
        if (again) { var next = again; again = null; send(next === "choice" ? null : next); }
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      send(event.submitter);
    });
    var pointer = false;
    form.addEventListener("pointerdown", function () { pointer = true; });
    form.addEventListener("keydown", function () { pointer = false; });
    form.addEventListener("change", function (event) {
      if (event.target.type !== "radio") return;
      clearTimeout(timer);
      if (pointer) send(null);
      else timer = setTimeout(function () { send(null); }, 600);
    });
  });
})();
