// The review queue by keyboard: j / k move between posts (the focused one is outlined), a / r / h / d press that
// post's Approve / Reject / Hide / Dismiss button, x ticks it for a bulk action. "Select all" ticks every post.
// Every button is a plain form submit: without this script the page works the same with the mouse or Tab.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".review-item"));
  if (!items.length) return;
  var REMEMBER = "agora.review.position";

  function current() {
    var active = document.activeElement;
    for (var i = 0; i < items.length; i++) {
      if (items[i] === active || items[i].contains(active)) return i;
    }
    return -1;
  }

  function focusItem(index) {
    index = Math.max(0, Math.min(items.length - 1, index));
    items[index].focus();
    items[index].scrollIntoView({block: "nearest"});
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type === "text" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var key = event.key, index = current();
    if (key === "j" || key === "k") {
      focusItem(index < 0 ? 0 : index + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    if (index < 0) return;
    if (key === "x") {
      var box = items[index].querySelector(".review-select");
      if (box) box.checked = !box.checked;
      event.preventDefault();
      return;
    }
    var button = items[index].querySelector('button[data-key="' + key + '"]');
    if (button) {
      event.preventDefault();
      try { window.sessionStorage.setItem(REMEMBER, String(index)); } catch (e) { /* private mode */ }
      button.click();
    }
  });

  // After an action taken by keyboard, the page comes back with the focus where the handled post was.
  try {
    var remembered = window.sessionStorage.getItem(REMEMBER);
    if (remembered !== null) {
      window.sessionStorage.removeItem(REMEMBER);
      focusItem(parseInt(remembered, 10) || 0);
    }
  } catch (e) { /* private mode */ }

  var selectAll = document.getElementById("review-select-all");
  if (selectAll) {
    selectAll.parentElement.hidden = false;
    selectAll.addEventListener("change", function () {
      items.forEach(function (item) {
        var box = item.querySelector(".review-select");
        if (box) box.checked = selectAll.checked;
      });
    });
  }
})();
