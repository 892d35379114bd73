/* VssID web: the service worker and the device's offline copy of the health card.
   Loaded on every page; ES5 on purpose; does nothing where the APIs are missing.

   The offline copy (static/sw.js serves it when the network fails) lives in the Cache
   Storage cache "vssid-card-v1". This script is the only writer:
   - on a signed-in page, when the holder has not turned it off on this device
     (localStorage "vssid.offlineCard" = "off"), it fetches /ca-nhan/the-bhyt?offline=1
     and stores it, at most every few hours (the card page: every quarter of an hour);
   - it deletes the copy on a signed-in page whose account is not the copy's owner
     (meta vssid-card-owner vs the copy's X-VssID-Card-Owner);
   - the server's Clear-Site-Data: "storage" (logout, a login on another device or of
     another account, a password change) deletes it too. An idle time-out does not: the
     holder must still be able to show the card at the counter after a long wait.
   On the offline page it also lists the news the worker kept ("vssid-news-v1", written by
   static/sw.js only), newest saved first, with their titles read from the kept pages. */
(function () {
  "use strict";
  var w = window, d = document, nav = navigator;
  var CARD_CACHE = "vssid-card-v1";
  var CARD_KEY = "/ca-nhan/the-bhyt";
  var COPY_URL = "/ca-nhan/the-bhyt?offline=1";
  var FLAG = "vssid.offlineCard";
  var REFRESH_MS = 6 * 3600 * 1000; /* other pages refresh the copy at most this often */
  var NEWS_CACHE = "vssid-news-v1";
  var hasCaches = !!(w.caches && w.Promise && w.fetch);
  var supported = hasCaches && "serviceWorker" in nav;

  function flagOn() {
    try { return w.localStorage.getItem(FLAG) !== "off"; } catch (e) { return true; }
  }
  function setFlag(on) {
    try { w.localStorage.setItem(FLAG, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  function owner() {
    var meta = d.querySelector('meta[name="vssid-card-owner"]');
    return meta ? meta.getAttribute("content") : "";
  }
  function info(response) {
    return {
      owner: response.headers.get("X-VssID-Card-Owner") || "",
      synced: Date.parse(response.headers.get("X-VssID-Synced-At") || ""),
      expires: Date.parse(response.headers.get("X-VssID-Offline-Expires") || "")
    };
  }
  function cached() {
    if (!hasCaches) { return Promise.resolve(null); }
    return w.caches.open(CARD_CACHE).then(function (cache) {
      return cache.match(CARD_KEY, { ignoreVary: true });
    }).then(function (copy) { return copy ? info(copy) : null; }, function () { return null; });
  }
  function forget() {
    if (!hasCaches) { return Promise.resolve(false); }
    return w.caches["delete"](CARD_CACHE)["catch"](function () { return false; });
  }
  function store(who) {
    return w.fetch(COPY_URL, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      var got = info(response);
      if (!response.ok || response.redirected || got.owner !== who || !(got.expires > Date.now())) {
        return forget().then(function () { return null; });
      }
      return w.caches.open(CARD_CACHE).then(function (cache) {
        return cache.put(CARD_KEY, response);
      }).then(function () { return got; });
    });
  }
  /* Bring the copy in line with the signed-in account and the holder's choice; fetch a
     new copy when it is older than maxAge ms (0: always). Resolves to the copy's
     {owner, synced, expires}, or null when there is none. */
  function sync(maxAge) {
    var who = owner();
    if (!who || !supported) { return Promise.resolve(null); }
    return cached().then(function (copy) {
      var mine = copy && copy.owner === who;
      var first = (copy && !mine) || !flagOn() ? forget() : Promise.resolve(true);
      return first.then(function () {
        if (!flagOn()) { return null; }
        var fresh = mine && Date.now() - copy.synced < maxAge && copy.expires > Date.now();
        return fresh ? copy : store(who);
      });
    });
  }
  w.vssidOfflineCard = { supported: supported, sync: sync, forget: forget, cached: cached, flagOn: flagOn, setFlag: setFlag };

  /* The offline page's list of kept news: the news list when kept, then each article or
     video (its <h1>, parsed without running anything) with the link to its kept copy. */
  function savedNews() {
    var box = d.querySelector("[data-saved-news]");
    if (!box || !hasCaches || !w.DOMParser) { return; }
    w.caches.has(NEWS_CACHE).then(function (found) {
      if (!found) { return []; }
      return w.caches.open(NEWS_CACHE).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return cache.match(request, { ignoreVary: true }).then(function (copy) {
              if (!copy) { return { path: "", title: "", saved: 0 }; } /* evicted meanwhile */
              return copy.text().then(function (html) {
                var page = new w.DOMParser().parseFromString(html, "text/html");
                var title = page.querySelector("#news-title");
                return { path: new URL(request.url).pathname, title: title ? title.textContent : "",
                         saved: Date.parse(copy.headers.get("X-VssID-Saved-At") || "") || 0 };
              });
            });
          }));
        });
      });
    }).then(function (kept) {
      var list = box.querySelector("[data-saved-news-items]");
      var shown = 0;
      kept.sort(function (a, b) { return b.saved - a.saved; });
      for (var i = 0; i < kept.length; i++) {
        if (kept[i].path === "/tin-tuc") {
          box.querySelector("[data-saved-news-list]").removeAttribute("hidden");
          shown++;
        } else if (kept[i].title) {
          var item = d.createElement("li");
          var link = d.createElement("a");
          link.href = kept[i].path;
          link.textContent = kept[i].title;
          item.appendChild(link);
          list.appendChild(item);
          shown++;
        }
      }
      if (shown) { box.removeAttribute("hidden"); }
    })["catch"](function () { /* nothing to list */ });
  }

  var lastPath = null;
  function check() {
    if (lastPath === w.location.pathname) { return; }
    lastPath = w.location.pathname;
    if (!d.querySelector("[data-card-page]")) { sync(REFRESH_MS)["catch"](function () { /* offline: keep the copy */ }); }
    /* The offline page offers the kept card only when there is one. */
    var link = d.querySelector("[data-offline-card-link]");
    if (link) {
      cached().then(function (copy) {
        if (!copy || !(copy.expires > Date.now())) { link.setAttribute("hidden", ""); }
      });
    }
    savedNews();
  }
  function start() {
    if (supported) {
      nav.serviceWorker.register("/sw.js", { scope: "/" })["catch"](function () { /* no worker: pages still work */ });
    }
    check();
    d.addEventListener("htmx:afterSettle", check, false); /* boosted navigation */
  }
  if (d.readyState === "complete") { w.setTimeout(start, 0); } else { w.addEventListener("load", start, false); }
})();
