/* VssID web: keeps the app bar's notification bell current without polling.
   The bell (templates/notifications/_bell.html) refetches its count when the body hears the
   "notifications-changed" event: server actions send it as HX-Trigger, and this script fires
   it when the service worker says a push message arrived. ES5; does nothing without htmx. */
(function () {
  "use strict";
  var w = window, nav = navigator;
  if (w.vssidBell || !("serviceWorker" in nav)) { return; }
  w.vssidBell = true;
  nav.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "vssid-notification" && w.htmx && document.getElementById("notification-bell")) {
      w.htmx.trigger(document.body, "notifications-changed");
    }
  });
})();
