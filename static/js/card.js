/* VssID web: the health card page and the clinic check. Progressive enhancement, ES5.
   - keeps the screen awake while a card is shown (Screen Wake Lock API), taken again
     when the page becomes visible;
   - the "keep the card for offline use" switch (sw-register.js does the storing);
   - hides the install hint inside the installed app;
   - marks an expired "Mã xác thực" in the offline copy;
   - moves focus to the clinic check's answer.
   Loaded again after htmx swaps the page in; the guard keeps one set of listeners. */
(function () {
  "use strict";
  var w = window, d = document, nav = navigator;
  if (w.vssidCardPage) { w.vssidCardPage(); return; }
  var lock = null;
  var REFRESH_MS = 15 * 60 * 1000; /* the card page refreshes a copy older than this */

  function cardShown() { return !!d.querySelector("[data-card-page] .hcard"); }
  function acquire() {
    if (lock || !nav.wakeLock || d.visibilityState !== "visible" || !cardShown()) { return; }
    nav.wakeLock.request("screen").then(function (sentinel) {
      lock = sentinel;
      sentinel.addEventListener("release", function () { lock = null; });
    })["catch"](function () { /* refused (battery saver, not visible): the page still works */ });
  }
  function release() {
    if (lock) { lock.release()["catch"](function () {}); lock = null; }
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function when(ms) {
    var t = new Date(ms);
    return two(t.getHours()) + ":" + two(t.getMinutes()) + " " + two(t.getDate()) + "/" + two(t.getMonth() + 1) + "/" + t.getFullYear();
  }

  function offlineSettings() {
    var box = d.querySelector("[data-offline-settings]");
    if (!box || box.getAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "1");
    var api = w.vssidOfflineCard;
    var toggle = d.getElementById("offline-toggle");
    var state = d.getElementById("offline-state");
    box.removeAttribute("hidden");
    function say(name) { state.textContent = box.getAttribute("data-msg-" + name) || ""; }
    if (!api || !api.supported) { toggle.checked = false; toggle.disabled = true; say("unsupported"); return; }
    function run(maxAge) {
      if (!toggle.checked) { api.forget().then(function () { say("off"); }); return; }
      api.sync(maxAge).then(function (copy) {
        if (!copy) { say("failed"); return; }
        state.textContent = box.getAttribute("data-msg-saved").replace("{time}", when(copy.synced)).replace("{expires}", when(copy.expires));
      }, function () { say("failed"); });
    }
    toggle.checked = api.flagOn();
    toggle.addEventListener("change", function () { api.setFlag(toggle.checked); run(0); }, false);
    /* After the page has loaded, so the copy never slows the card down. */
    if (d.readyState === "complete") { run(REFRESH_MS); } else { w.addEventListener("load", function () { run(REFRESH_MS); }, false); }
  }

  function installHint() {
    var standalone = (w.matchMedia && w.matchMedia("(display-mode: standalone)").matches) || nav.standalone === true;
    var hint = d.querySelector("[data-install-hint]");
    if (hint && standalone) { hint.setAttribute("hidden", ""); }
  }

  /* The offline copy keeps the "Mã xác thực" it was given: once it has expired, say so
     (the verifier would answer "Đã hết hạn") instead of offering it. */
  function markExpiredCodes() {
    var boxes = d.querySelectorAll("[data-signed-code]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var expires = Date.parse(box.getAttribute("data-expires") || "");
      if (expires && expires <= Date.now() && !box.getAttribute("data-expired")) {
        box.setAttribute("data-expired", "1");
        box.className += " hcard-signed-expired";
        var note = box.querySelector("[data-signed-expiry]");
        if (note) { note.textContent = box.getAttribute("data-msg-expired"); }
      }
    }
  }

  function focusAnswer() {
    var answer = d.querySelector("[data-check-result]");
    if (answer && answer.focus) { answer.focus(); }
  }

  function init() {
    if (cardShown()) { acquire(); } else { release(); }
    offlineSettings();
    installHint();
    markExpiredCodes();
  }
  w.vssidCardPage = init;
  d.addEventListener("visibilitychange", function () { if (d.visibilityState === "visible") { acquire(); } }, false);
  d.addEventListener("htmx:afterSettle", function (ev) {
    init();
    if (ev.target && ev.target.id === "check-panel") { focusAnswer(); }
  }, false);
  if (d.readyState === "loading") { d.addEventListener("DOMContentLoaded", init, false); } else { init(); }
  if (d.querySelector("[data-check-result]")) { focusAnswer(); }
})();
