/* Service worker of the clinics' verifier, served at /xac-thuc-the/sw.js with scope
   /xac-thuc-the/ by vssid/card/verifier_views.py, which fills in VERSION and PRECACHE.

   It keeps the verifier page, its script, the QR decoder, the stylesheet, the icons and the
   manifest in "verifier-shell-<version>" (not "vssid-…": the main worker deletes its own old
   caches by that prefix). Pages go to the network first, and the fresh copy replaces the
   kept one; with no network (or none within a few seconds) the kept page answers. The key
   set is not cached here: verifier.js keeps it in localStorage with its download time. */
"use strict";

var VERSION = "__VERIFIER_VERSION__";
var PRECACHE = [/*__VERIFIER_PRECACHE__*/];
var CACHE = "verifier-shell-" + VERSION;
var PAGE = PRECACHE[0];
var NETWORK_TIMEOUT_MS = 4000;
var MATCH = { ignoreVary: true };

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, { credentials: "omit" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("verifier-shell-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keptPage() {
  return caches.match(PAGE, MATCH).then(function (page) { return page || Response.error(); });
}

function page(request) {
  var network = fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(PAGE, copy); });
    }
    return response;
  });
  var timeout = new Promise(function (resolve) { setTimeout(resolve, NETWORK_TIMEOUT_MS, "timeout"); });
  return Promise.race([network, timeout]).then(function (result) {
    return result === "timeout" ? keptPage() : result;
  }, keptPage);
}

function asset(request) {
  return caches.match(request, MATCH).then(function (hit) {
    return hit || fetch(request).catch(function () {
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
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === PAGE + "manifest.webmanifest") {
    event.respondWith(asset(request));
  }
  // The key set and the no-script form post go to the network.
});
