/* VssID service worker, served at /sw.js with scope "/" by vssid/web/pwa.py, which fills
   in VERSION and PRECACHE (cache-busted static URLs) so that any change to the shell
   installs a new worker with a new cache.

   What it keeps:
   - the static shell (css, htmx, scripts, icons) and the offline page, in
     "vssid-shell-<version>"; older shell caches are deleted on activate;
   - one personal page: the offline copy of the holder's health-card page, in
     "vssid-card-v1" under the key /ca-nhan/the-bhyt. The worker never writes it: the
     page's own script (sw-register.js) stores it when the holder has left "keep the card
     on this device" on, and deletes it on logout, on the login page and when another
     account signs in. The copy carries its expiry in X-VssID-Offline-Expires; an expired
     copy is deleted instead of shown.
   Navigations go to the network first; only when it fails (or, for the card page, takes
   longer than a few seconds while a copy exists) does the worker answer: the card copy
   for the card URL, the offline page for everything else. Nothing else is cached. */
"use strict";

var VERSION = "__VSSID_VERSION__";
var PRECACHE = [/*__VSSID_PRECACHE__*/];
var OFFLINE_URL = "/ngoai-tuyen";
var SHELL_CACHE = "vssid-shell-" + VERSION;
var CARD_CACHE = "vssid-card-v1";
var CARD_KEY = "/ca-nhan/the-bhyt";
var CARD_PATH = /^\/ca-nhan\/the-bhyt(\/\d+)?\/?$/;
var CARD_NETWORK_TIMEOUT_MS = 6000;
var MATCH = { ignoreVary: true };

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      // Without cookies: the shell is the same for everyone and must not depend on a session.
      return cache.addAll(PRECACHE.map(function (url) { return new Request(url, { credentials: "omit" }); }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("vssid-") === 0 && name !== SHELL_CACHE && name !== CARD_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.match(OFFLINE_URL, MATCH).then(function (page) {
    return page || new Response("<!doctype html><meta charset=utf-8><title>VssID</title><h1>Bạn đang ngoại tuyến</h1>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function cardCopy() {
  return caches.open(CARD_CACHE).then(function (cache) {
    return cache.match(CARD_KEY, MATCH).then(function (copy) {
      if (!copy) { return null; }
      var expires = Date.parse(copy.headers.get("X-VssID-Offline-Expires") || "");
      if (expires > Date.now()) { return copy; }
      return cache.delete(CARD_KEY).then(function () { return null; });
    });
  }).catch(function () { return null; });
}

function cardPage(request) {
  var network = fetch(request);
  var timeout = new Promise(function (resolve) { setTimeout(resolve, CARD_NETWORK_TIMEOUT_MS, "timeout"); });
  return Promise.race([network, timeout]).then(function (result) {
    if (result !== "timeout") { return result; }
    return cardCopy().then(function (copy) { return copy || network.catch(offlinePage); });
  }, function () {
    return cardCopy().then(function (copy) { return copy || offlinePage(); });
  });
}

function page(request, url) {
  if (CARD_PATH.test(url.pathname)) { return cardPage(request); }
  return fetch(request).catch(offlinePage);
}

function staticAsset(request) {
  return caches.match(request, MATCH).then(function (hit) {
    return hit || fetch(request).catch(function () {
      // Offline with a newer file name than the cached one: the cached version will do.
      return caches.match(request, { ignoreVary: true, ignoreSearch: true }).then(function (old) {
        return old || Response.error();
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") { return; }
  if (request.mode === "navigate" || request.headers.get("HX-Boosted") === "true") {
    // Full pages, and htmx's boosted links (which swap the whole body).
    event.respondWith(page(request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticAsset(request));
  } else if (url.pathname === "/manifest.webmanifest") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(url.pathname, MATCH).then(function (m) { return m || Response.error(); });
    }));
  }
  // Anything else (htmx fragments, form posts, the offline-copy fetch) goes to the network.
});

/* --- Web Push (vssid/notifications) ----------------------------------------------------
   The server sends an encrypted JSON {id, title, body, url, tag, kind}; the worker shows it
   and tells open pages (static/js/notifications.js refreshes the bell). Tapping it opens
   its url (a path of this site: /thong-bao/<id>/mo marks it read and goes to its page),
   in an open VssID window when there is one. Nothing is cached here. */
function notificationUrl(value) {
  try {
    var url = new URL(value || "/thong-bao", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/thong-bao";
  } catch (e) {
    return self.location.origin + "/thong-bao";
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var shown = self.registration.showNotification(data.title || "VssID", {
    body: data.body || "",
    tag: data.tag || "vssid",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/favicon-32.png",
    lang: "vi",
    data: { url: notificationUrl(data.url), id: data.id || null }
  });
  var told = self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage({ type: "vssid-notification", id: data.id || null }); });
  });
  event.waitUntil(Promise.all([shown, told]));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = notificationUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      var client = windows[i];
      if (client.url.indexOf(self.location.origin) === 0 && "navigate" in client) {
        return client.navigate(target).then(function (opened) { return (opened || client).focus(); });
      }
    }
    return self.clients.openWindow(target);
  }));
});
