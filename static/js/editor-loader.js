// The post editor's script (~440 KB) loads when the editor opens, not with every topic page: until then a reply
// box is the one-line "Reply to this topic..." button the editor itself shows, and Quote buttons wait for it.
// Pages with something to restore (a draft here or on the server, quotes picked on another page, text sent back
// with an error) or with an open editor (a new topic) load it at once.
(function () {
  "use strict";

  var me = document.currentScript;
  var areas = Array.prototype.slice.call(document.querySelectorAll("textarea[data-forum-editor]"));
  if (!me || !areas.length) return;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = me.dataset.editorSrc;
        script.dataset.emojiSrc = me.dataset.emojiSrc;
        script.onload = resolve;
        script.onerror = function () { loading = null; reject(new Error("editor")); };
        document.head.append(script);
      });
    }
    return loading;
  }

  function stored(key) {
    try { return Boolean(localStorage.getItem(key)); } catch (e) { return false; }
  }

  function waiting(textarea) {
    var ds = textarea.dataset;
    return "collapsed" in ds && !textarea.value && !ds.serverDraft &&
      !stored("agora-draft:" + ds.autosaveKey) && !stored("agora-multiquote:" + ds.autosaveKey);
  }

  if (!areas.every(waiting)) { load(); return; }

  areas.forEach(function (textarea) {
    var form = textarea.form;
    var label = textarea.labels && textarea.labels[0];
    var box = document.createElement("button");
    box.type = "button";
    box.className = "fe-collapsed";
    box.textContent = textarea.getAttribute("placeholder") || "";
    if (label && label.id) box.setAttribute("aria-describedby", label.id);
    textarea.hidden = true;
    textarea.insertAdjacentElement("beforebegin", box);
    if (form) form.classList.add("fe-form-collapsed");

    function open() {
      box.removeEventListener("focus", open);
      box.removeEventListener("click", open);
      load().then(function () {
        var api = textarea._forumEditor;
        box.remove();
        if (api) api.expand(); else textarea.hidden = false;
      }, function () {  // no editor: the plain textarea is the form
        box.remove();
        textarea.hidden = false;
        if (form) form.classList.remove("fe-form-collapsed");
        textarea.focus();
      });
    }
    box.addEventListener("focus", open);
    box.addEventListener("click", open);
  });

  // Quote and MultiQuote need the editor: show them, and let the first click load it and then count.
  document.querySelectorAll("[data-quote-actions]").forEach(function (actions) { actions.hidden = false; });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-quote], [data-multiquote]");
    if (!button || window.AgoraEditor) return;
    event.preventDefault();
    event.stopPropagation();
    load().then(function () { button.click(); });
  }, true);
})();
