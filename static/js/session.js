/* Idle-timeout warning (WCAG 2.2.1 Timing Adjustable): two minutes before the server
   ends an idle session, offer to stay; staying pings the server. Any request resets it. */
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box || !window.fetch) { return; }
  var idle = parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnBefore = Math.min(120000, idle / 2);
  var countdown = box.querySelector("[data-session-countdown]");
  var warnTimer, endTimer, tick;

  function csrfToken() {
    var main = document.getElementById("main");
    try { return JSON.parse(main.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function hide() { box.hidden = true; clearInterval(tick); }
  function show() {
    var endsAt = Date.now() + warnBefore;
    box.hidden = false;
    box.querySelector("[data-session-stay]").focus();
    tick = setInterval(function () {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      countdown.textContent = "(" + left + " s)";
    }, 1000);
  }
  function restart() {
    hide();
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(show, idle - warnBefore);
    endTimer = setTimeout(function () { window.location.href = box.getAttribute("data-login-url"); }, idle + 2000);
  }
  box.querySelector("[data-session-stay]").addEventListener("click", function () {
    fetch(box.getAttribute("data-keepalive-url"), {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) { restart(); } else { window.location.href = box.getAttribute("data-login-url"); }
    });
  });
  document.addEventListener("htmx:afterRequest", restart);
  restart();
})();
