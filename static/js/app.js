/* VssID web: progressive enhancement only. Every page works without this file.
   ES5 on purpose (old Android browsers); every API is feature-tested. */
(function () {
  "use strict";
  var d = document;
  if (!d.querySelectorAll || !d.addEventListener) { return; }
  var installPrompt = null;

  function each(root, sel, fn) {
    var list = (root && root.querySelectorAll) ? root.querySelectorAll(sel) : [];
    for (var i = 0; i < list.length; i++) { fn(list[i]); }
  }
  function closest(el, sel) {
    var m = el && (el.matches || el.msMatchesSelector || el.webkitMatchesSelector);
    if (!m) { return null; }
    while (el && el.nodeType === 1) {
      if (m.call(el, sel)) { return el; }
      el = el.parentNode;
    }
    return null;
  }
  function show(el) { el.removeAttribute("hidden"); }
  function hide(el) { el.setAttribute("hidden", ""); }
  /* Controls that only make sense with script are rendered with [hidden]. */
  function init() {
    each(d, "button[data-toggle-password]", show);
    each(d, "[data-autosubmit-hide]", hide);
    if (installPrompt) { each(d, "#install-button", show); }
  }
  /* (a) Show / hide password: <button type=button data-toggle-password aria-controls=ID
     data-label-show="Hiện" data-label-hide="Ẩn"><span data-label>Hiện</span>…</button> */
  function togglePassword(btn) {
    var input = d.getElementById(btn.getAttribute("aria-controls"));
    if (!input) { return; }
    var reveal = input.type === "password";
    try { input.type = reveal ? "text" : "password"; } catch (e) { return; }
    var label = btn.getAttribute(reveal ? "data-label-hide" : "data-label-show");
    var place = btn.querySelector("[data-label]") || btn;
    if (label) { place.textContent = label; }
  }
  /* (c) [data-autosubmit] on a form (any change) or on a control: submit its form,
     through htmx (requestSubmit fires "submit") when the browser allows it. */
  function autosubmit(ev) {
    var el = ev.target, marked = closest(el, "[data-autosubmit]");
    var form = marked && (marked.form || closest(marked, "form"));
    if (!form) { return; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }
  d.addEventListener("click", function (ev) {
    var btn = closest(ev.target, "button[data-toggle-password]");
    if (btn) { togglePassword(btn); return; }
    if (installPrompt && closest(ev.target, "#install-button")) {
      var p = installPrompt;
      installPrompt = null;
      each(d, "#install-button", hide);
      if (p.prompt) { p.prompt(); }
    }
  }, false);
  d.addEventListener("change", autosubmit, false);
  d.addEventListener("submit", function (ev) { /* never send a revealed password as a text field */
    each(ev.target, "button[data-toggle-password]", function (b) {
      var input = d.getElementById(b.getAttribute("aria-controls"));
      if (input && input.type === "text") { togglePassword(b); }
    });
  }, true);
  /* Install button on the "get the app" page (Chromium browsers only). */
  window.addEventListener("beforeinstallprompt", function (ev) {
    ev.preventDefault();
    installPrompt = ev;
    init();
  }, false);
  window.addEventListener("appinstalled", function () {
    installPrompt = null;
    each(d, "#install-button", hide);
  }, false);
  /* New content swapped in by htmx (boosted navigation, fragments). */
  d.addEventListener("htmx:load", init, false);
  init();
})();
