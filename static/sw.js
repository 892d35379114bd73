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
     copy is deleted instead of shown;
   - news read on this device, in "vssid-news-v1": the news and video lists (/tin-tuc,
     /tin-tuc/video, first page) and the last NEWS_ITEMS_KEPT articles and videos opened
     (the oldest saved is evicted), keyed by path. The worker writes them after a news page
     has loaded, and only pages the server marks X-VssID-Shell: shared (rendered without a
     name, bell or token; vssid/news/views.py): the page just loaded when the visitor is not
     signed in, otherwise the same URL fetched again without cookies. So nothing personal is
     kept, and logout's Clear-Site-Data "storage" deletes these copies anyway. Before
     storing, it shows the page's hidden saved-copy note (news/_macros.html: the markers
     SAVED_NOTE and SAVED_TIME) with the time of saving, in the device's time zone; a page
     without the markers is not kept. The note's text is the server's, so it is translated
     like the rest of the page (the copy is in the default language: no cookie, no choice).
   Navigations go to the network first; only when it fails (or, for the card page and kept
   news pages, takes longer than a few seconds while a copy exists) does the worker answer:
   the card copy for the card URL, the kept copy for a news page, the offline page for
   everything else. Nothing else is cached. */
"use strict";

var VERSION = "__VSSID_VERSION__";
var PRECACHE = [/*__VSSID_PRECACHE__*/];
var OFFLINE_URL = "/ngoai-tuyen";
var SHELL_CACHE = "vssid-shell-" + VERSION;
var CARD_CACHE = "vssid-card-v1";
var CARD_KEY = "/ca-nhan/the-bhyt";
var CARD_PATH = /^\/ca-nhan\/the-bhyt(\/\d+)?\/?$/;
var CARD_NETWORK_TIMEOUT_MS = 6000;
var NEWS_CACHE = "vssid-news-v1";
var NEWS_LIST = /^\/tin-tuc(\/video)?$/;
var NEWS_ITEM = /^\/tin-tuc\/(video\/)?\d+\/[^\/]+$/;
var NEWS_ITEMS_KEPT = 20;
var NEWS_NETWORK_TIMEOUT_MS = 4000;
var SAVED_NOTE = "data-news-saved hidden";
var SAVED_TIME = "<time data-saved-at></time>";
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
        return name.indexOf("vssid-") === 0 && name !== SHELL_CACHE && name !== CARD_CACHE && name !== NEWS_CACHE;
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

/* The network's answer, or copy() when the network fails or is slower than waitMs;
   the offline page when there is no copy. */
function networkOrCopy(network, waitMs, copy) {
  var timeout = new Promise(function (resolve) { setTimeout(resolve, waitMs, "timeout"); });
  return Promise.race([network, timeout]).then(function (result) {
    if (result !== "timeout") { return result; }
    return copy().then(function (kept) { return kept || network.catch(offlinePage); });
  }, function () {
    return copy().then(function (kept) { return kept || offlinePage(); });
  });
}

function cardPage(request) {
  return networkOrCopy(fetch(request), CARD_NETWORK_TIMEOUT_MS, cardCopy);
}

/* --- News kept for offline reading ----------------------------------------------------- */
function newsKey(url) {
  if (NEWS_LIST.test(url.pathname)) { return url.search ? null : url.pathname; }
  return NEWS_ITEM.test(url.pathname) ? url.pathname : null;
}

function sharedPage(response) {
  return response.status === 200 && !response.redirected && !response.headers.get("HX-Redirect") &&
    response.headers.get("X-VssID-Shell") === "shared";
}

function two(n) { return (n < 10 ? "0" : "") + n; }

/* The page as kept: its saved-copy note shown, with the time. Null without the markers. */
function savedCopy(response) {
  return response.text().then(function (html) {
    if (html.indexOf(SAVED_NOTE) < 0 || html.indexOf(SAVED_TIME) < 0) { return null; }
    var now = new Date();
    var shown = two(now.getHours()) + ":" + two(now.getMinutes()) + " " + two(now.getDate()) + "/" +
      two(now.getMonth() + 1) + "/" + now.getFullYear();
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    headers.delete("Content-Encoding");
    headers.set("X-VssID-Saved-At", now.toISOString());
    html = html.replace(SAVED_NOTE, "data-news-saved")
      .replace(SAVED_TIME, '<time data-saved-at datetime="' + now.toISOString() + '">' + shown + "</time>");
    return new Response(html, { status: 200, statusText: "OK", headers: headers });
  });
}

/* Keep at most NEWS_ITEMS_KEPT articles and videos: the oldest saved go first. */
function trimNews(cache) {
  return cache.keys().then(function (requests) {
    var items = requests.filter(function (r) { return NEWS_ITEM.test(new URL(r.url).pathname); });
    if (items.length <= NEWS_ITEMS_KEPT) { return null; }
    return Promise.all(items.map(function (r) {
      return cache.match(r, MATCH).then(function (kept) {
        return { request: r, saved: Date.parse(kept ? kept.headers.get("X-VssID-Saved-At") : "") || 0 };
      });
    })).then(function (entries) {
      entries.sort(function (a, b) { return a.saved - b.saved; });
      return Promise.all(entries.slice(0, entries.length - NEWS_ITEMS_KEPT).map(function (e) {
        return cache.delete(e.request);
      }));
    });
  });
}

/* After a news page loaded: keep its shared version (see the header). Called as soon as
   the response arrives, so the clone is taken before the page reads the body. */
function keepNews(key, response) {
  if (response.status !== 200 || response.redirected || response.headers.get("HX-Redirect")) {
    return Promise.resolve(null);
  }
  var shared = sharedPage(response) ? Promise.resolve(response.clone())
    : fetch(key, { credentials: "omit" });
  return shared.then(function (fetched) {
    return sharedPage(fetched) ? savedCopy(fetched) : null;
  }).then(function (copy) {
    if (!copy) { return null; }
    return caches.open(NEWS_CACHE).then(function (cache) {
      return cache.put(key, copy).then(function () { return trimNews(cache); });
    });
  }).catch(function () { return null; });
}

function newsCopy(key) {
  return function () {
    return caches.open(NEWS_CACHE).then(function (cache) {
      return cache.match(key, MATCH);
    }).then(function (copy) { return copy || null; }, function () { return null; });
  };
}

function newsPage(event, request, key) {
  var keeping = Promise.resolve(null);
  var network = fetch(request).then(function (response) {
    keeping = keepNews(key, response);
    return response;
  });
  event.waitUntil(network.then(function () { return keeping; }, function () { return null; }));
  return networkOrCopy(network, NEWS_NETWORK_TIMEOUT_MS, newsCopy(key));
}

function page(event, request, url) {
  if (CARD_PATH.test(url.pathname)) { return cardPage(request); }
  var key = newsKey(url);
  if (key) { return newsPage(event, request, key); }
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
    event.respondWith(page(event, request, url));
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
