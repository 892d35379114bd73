/* VssID web: turn Web Push on or off on this device (settings > Cài đặt thông báo).
   Progressive enhancement: the [data-push] block is rendered hidden and shown only where the
   browser has service workers, the Push API and notifications; without them a hint stays.
   Server protocol (vssid/notifications/views.py): POST JSON PushSubscription.toJSON() to the
   subscribe URL with the X-CSRFToken header; POST to the unsubscribe URL to stop. ES5. */
(function () {
  "use strict";
  var d = document, w = window, nav = navigator;
  var box = d.querySelector("[data-push]");
  if (!box || box.getAttribute("data-wired")) { return; }
  var key = box.getAttribute("data-vapid-key");
  var supported = !!(key && w.fetch && w.Promise && "serviceWorker" in nav && "PushManager" in w && "Notification" in w);
  if (!supported) { return; }
  box.setAttribute("data-wired", "1");
  var statusLine = box.querySelector("[data-push-status]");
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");
  var hint = d.querySelector("[data-push-unsupported]");
  var noJs = d.querySelector("[data-push-nojs]");
  if (hint) { hint.hidden = true; }
  if (noJs) { noJs.hidden = true; }
  box.hidden = false;

  function text(name) { return box.getAttribute("data-" + name + "-text") || ""; }
  function say(message) { statusLine.textContent = message; }
  function show(on) {
    onButton.hidden = on;
    offButton.hidden = !on;
    onButton.disabled = offButton.disabled = false;
    say(on ? text("on") : text("off"));
  }
  function busy() { onButton.disabled = offButton.disabled = true; say(text("working")); }
  function csrfToken() {
    var main = d.querySelector("main[hx-headers]");
    try { return JSON.parse(main.getAttribute("hx-headers"))["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function post(url, body) {
    return w.fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { var refused = new Error(data.error || text("error")); refused.fromServer = true; throw refused; }
        return data;
      });
    });
  }
  function keyBytes(value) {
    var b64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = w.atob(b64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function registration() { return nav.serviceWorker.ready; }
  function fail(error) {
    onButton.disabled = offButton.disabled = false;
    /* The browser's own errors are in English and technical: say ours, or the server's. */
    if (w.Notification.permission === "denied") { say(text("denied")); }
    else { say(error && error.fromServer ? error.message : text("error")); }
  }

  function enable() {
    busy();
    w.Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { var no = new Error(text("denied")); no.fromServer = true; throw no; }
      return registration();
    }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (existing) {
        return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      });
    }).then(function (subscription) {
      return post(box.getAttribute("data-subscribe-url"), subscription.toJSON());
    }).then(function () { show(true); }, fail);
  }

  function disable() {
    busy();
    registration().then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (subscription) {
      return subscription ? subscription.unsubscribe() : true;
    }).then(function () {
      return post(box.getAttribute("data-unsubscribe-url"));
    }).then(function () { show(false); }, fail);
  }

  onButton.addEventListener("click", enable);
  offButton.addEventListener("click", disable);
  /* What this browser holds decides; a subscription the server lacks is sent again. */
  registration().then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (subscription) {
    var server = box.getAttribute("data-server-subscribed") === "yes";
    if (subscription && w.Notification.permission === "granted") {
      if (server) { show(true); return; }
      return post(box.getAttribute("data-subscribe-url"), subscription.toJSON()).then(function () { show(true); });
    }
    show(false);
  })["catch"](function () { show(box.getAttribute("data-server-subscribed") === "yes"); });
})();
