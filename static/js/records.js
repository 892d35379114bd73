/* VssID web – personal records (progressive enhancement; every page works without it).
   ES5, feature-tested. Loaded at the end of <body>, so a boosted navigation may run it
   again: the listeners are installed once. */
(function () {
  "use strict";
  var d = document;
  if (!d.querySelectorAll || !d.addEventListener) { return; }

  function showPrintButtons() {
    var buttons = d.querySelectorAll("button[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      if (window.print) { buttons[i].removeAttribute("hidden"); }
    }
  }
  showPrintButtons();
  if (window.vssidRecordsReady) { return; }
  window.vssidRecordsReady = true;

  d.addEventListener("click", function (ev) {
    var el = ev.target;
    while (el && el.nodeType === 1 && !el.hasAttribute("data-print")) { el = el.parentNode; }
    if (el && el.nodeType === 1 && window.print) { ev.preventDefault(); window.print(); }
  }, false);

  /* After htmx swaps: "Xem thêm" focuses the first new row; a tab switch keeps focus on
     the chosen tab (the old link was replaced), so keyboard and screen-reader users stay put. */
  d.addEventListener("htmx:afterSettle", function (ev) {
    showPrintButtons();
    var target = ev.detail && ev.detail.target;
    if (!target || !target.id) { return; }
    var focus = null;
    if (target.id === "period-rows") {
      focus = target.querySelector("[data-first-new]");
      if (focus) { focus.removeAttribute("data-first-new"); }
    } else if (target.id === "scheme-panel") {
      focus = target.querySelector(".scheme-tabs [aria-current='page']");
    }
    if (focus && focus.focus) { focus.focus(); }
  }, false);
})();
