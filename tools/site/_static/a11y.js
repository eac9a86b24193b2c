// Accessible names for the saved slider widgets (WCAG 2.1 AA: 1.3.1, 4.1.2), in the decks and on the site.
// The widget manager draws each control's label (<label class="widget-label">) beside its slider handle
// (role "slider") and its editable readout, tied to neither: a screen reader announces an unnamed slider.
// Each control is named after the label it shows (aria-labelledby), as widgets are drawn.
(function () {
  var count = 0;

  function nameControls(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll(".widget-inline-hbox") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      var label = null;
      for (var i = 0; i < box.children.length; i++) {
        if (box.children[i].classList.contains("widget-label")) { label = box.children[i]; break; }
      }
      if (!label || !label.textContent.trim()) return;
      if (!label.id) label.id = "lk-widget-label-" + (++count);
      if (label.getAttribute("title") === "null") label.removeAttribute("title");  // an empty tooltip
      var controls = box.querySelectorAll("[role=slider], input, select, textarea, .widget-readout");
      Array.prototype.forEach.call(controls, function (control) {
        if (control.getAttribute("aria-labelledby") === label.id) return;
        control.setAttribute("aria-labelledby", label.id);
        if (control.classList.contains("widget-readout")) {
          control.setAttribute("role", "textbox");  // the value, editable: type a number to set the slider
        }
      });
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameControls(document); });
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", function () { nameControls(document); });
})();
