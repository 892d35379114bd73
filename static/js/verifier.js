/* VssID web: the clinics' verifier of the signed card code ("Mã xác thực"), /xac-thuc-the/.
   ES5 syntax like the other scripts; needs Promise, fetch and Web Crypto (crypto.subtle).

   - registers its own service worker (/xac-thuc-the/sw.js, scope /xac-thuc-the/), which
     keeps this page and its files for use with no network;
   - downloads VSS's key set (JWKS) whenever it can and keeps it in localStorage with the
     time it was fetched; warns when that copy is older than data-max-age-hours;
   - verifies a scanned or pasted code in the browser: compact JWS, ES256 (ECDSA P-256,
     SHA-256), with the rules of vssid/card/signing.py verify(): revoked or unknown key,
     signature, key period, issue time, code expiry, card validity (Vietnam date);
   - scans with the camera: BarcodeDetector where present, else the vendored jsQR.
   Without script (or Web Crypto) the form posts to the server, which answers the same. */
(function () {
  "use strict";
  var w = window, d = document, nav = navigator;
  var root = d.querySelector("[data-verifier]");
  if (!root) { return; }
  var STORE = "vssid.verifier.keyset";
  var SKEW_S = 300; /* a phone's clock may run a little ahead */
  var VN_OFFSET_MS = 7 * 3600 * 1000; /* Vietnam: UTC+7 all year */
  var subtle = w.crypto && w.crypto.subtle;
  var levels = {};
  try { levels = JSON.parse(d.getElementById("verifier-levels").textContent); } catch (e) { levels = {}; }
  var imported = {}; /* kid + x -> Promise<CryptoKey> */

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function when(ms) {
    var t = new Date(ms);
    return two(t.getHours()) + ":" + two(t.getMinutes()) + " " + two(t.getDate()) + "/" + two(t.getMonth() + 1) + "/" + t.getFullYear();
  }
  function isoToVi(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }

  /* --- key set ------------------------------------------------------------------- */
  function stored() {
    try {
      var kept = JSON.parse(w.localStorage.getItem(STORE) || "null");
      return kept && kept.jwks && kept.jwks.keys ? kept : null;
    } catch (e) { return null; }
  }
  function maxAgeMs(kept) {
    var hours = parseFloat(root.getAttribute("data-max-age-hours"));
    if (kept && kept.jwks && kept.jwks.max_age > 0) { return kept.jwks.max_age * 1000; }
    return (hours > 0 ? hours : 24) * 3600 * 1000;
  }
  function showKeyset(failed) {
    var box = d.querySelector("[data-keyset]");
    var text = box.querySelector("[data-keyset-text]");
    var kept = stored();
    box.removeAttribute("hidden");
    box.className = "keyset";
    if (!subtle) { box.className += " keyset-bad"; text.textContent = msg("no-crypto"); return; }
    if (!kept) { box.className += " keyset-bad"; text.textContent = msg("no-keys"); return; }
    var stale = Date.now() - kept.fetched > maxAgeMs(kept);
    text.textContent = msg(stale ? "keys-stale" : "keys-fresh").replace("{time}", when(kept.fetched)) +
      (failed && !stale ? " " + msg("keys-failed") : "");
    if (stale) { box.className += " keyset-stale"; }
  }
  function refreshKeys() {
    return w.fetch(root.getAttribute("data-keys-url"), { cache: "no-store", credentials: "omit" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (jwks) {
      if (!jwks || !jwks.keys) { throw new Error("not a key set"); }
      try { w.localStorage.setItem(STORE, JSON.stringify({ fetched: Date.now(), jwks: jwks })); } catch (e) { /* full */ }
      showKeyset(false);
      return true;
    })["catch"](function () { showKeyset(true); return false; });
  }

  /* --- decoding and verification (mirrors vssid/card/signing.py) ------------------ */
  function Bad(reason) { this.reason = reason; }
  function bytes(b64u) {
    if (!/^[A-Za-z0-9_-]*$/.test(b64u) || b64u.length % 4 === 1) { throw new Bad("format"); }
    var s = b64u.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin;
    try { bin = w.atob(s); } catch (e) { throw new Bad("format"); }
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function json(b64u) {
    try { return JSON.parse(new w.TextDecoder("utf-8", { fatal: true }).decode(bytes(b64u))); } catch (e) {
      throw e instanceof Bad ? e : new Bad("format");
    }
  }
  function isInt(n) { return typeof n === "number" && isFinite(n) && Math.floor(n) === n; }
  function isDate(s) { return typeof s === "string" && /^\d{4}-\d\d-\d\d$/.test(s); }
  function parse(text) {
    var token = String(text).replace(/\s+/g, "");
    if (!token) { throw new Bad("empty"); }
    if (token.indexOf("|") >= 0) { throw new Bad("standard"); }
    var parts = token.split(".");
    if (token.length > 1200 || parts.length !== 3) { throw new Bad("format"); }
    var header = json(parts[0]), claims = json(parts[1]);
    if (!header || header.alg !== "ES256" || typeof header.kid !== "string") { throw new Bad("alg"); }
    var c = claims || {};
    if (typeof c.no !== "string" || typeof c.nm !== "string" || typeof c.bd !== "string" || typeof c.fc !== "string" ||
        !isDate(c.vf) || !isDate(c.vt) || !isInt(c.lv) || !isInt(c.iat) || !isInt(c.exp)) { throw new Bad("claims"); }
    var signature = bytes(parts[2]);
    if (signature.length !== 64) { throw new Bad("format"); }
    return { kid: header.kid, claims: c, signature: signature,
             input: new w.TextEncoder().encode(parts[0] + "." + parts[1]) };
  }
  function cryptoKey(jwk) {
    var id = jwk.kid + "/" + jwk.x + "/" + jwk.y;
    if (!imported[id]) {
      imported[id] = subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true },
        { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    }
    return imported[id];
  }
  function verdict(state, reason, claims) { return { state: state, reason: reason, claims: claims || null }; }
  /* Resolves to {state: valid|expired|invalid, reason: message name, claims|null}. */
  function verify(text, jwks, nowMs) {
    var parsed;
    try { parsed = parse(text); } catch (e) {
      if (e instanceof Bad) { return Promise.resolve(verdict("invalid", e.reason)); }
      throw e;
    }
    if ((jwks.revoked || []).indexOf(parsed.kid) >= 0) { return Promise.resolve(verdict("invalid", "revoked")); }
    var jwk = null;
    for (var i = 0; i < jwks.keys.length; i++) {
      if (jwks.keys[i].kid === parsed.kid && jwks.keys[i].kty === "EC" && jwks.keys[i].crv === "P-256") { jwk = jwks.keys[i]; }
    }
    if (!jwk) { return Promise.resolve(verdict("invalid", "unknown")); }
    return cryptoKey(jwk).then(function (key) {
      return subtle.verify({ name: "ECDSA", hash: { name: "SHA-256" } }, key, parsed.signature, parsed.input);
    }).then(function (genuine) {
      var c = parsed.claims, now = nowMs / 1000;
      if (!genuine) { return verdict("invalid", "signature"); }
      if (c.iat < jwk.nbf - SKEW_S || (jwk.exp && c.iat > jwk.exp)) { return verdict("invalid", "period"); }
      if (c.iat > now + SKEW_S || c.exp <= c.iat) { return verdict("invalid", "issued"); }
      var today = new Date(nowMs + VN_OFFSET_MS).toISOString().slice(0, 10);
      if (c.exp <= now) { return verdict("expired", "code-expired", c); }
      if (c.vt < today) { return verdict("expired", "card-expired", c); }
      if (c.vf > today) { return verdict("invalid", "not-yet", c); }
      return verdict("valid", "ok", c);
    });
  }

  /* --- showing the verdict ------------------------------------------------------- */
  function show(result) {
    var box = d.querySelector("[data-verdict]");
    function put(name, value) { box.querySelector('[data-v="' + name + '"]').textContent = value; }
    box.className = "verdict verdict-" + result.state;
    put("state", root.getAttribute("data-state-" + result.state));
    put("reason", msg(result.reason));
    var facts = box.querySelector('[data-v="facts"]');
    var c = result.claims;
    if (c) {
      put("nm", c.nm.toLocaleUpperCase("vi"));
      put("bd", c.bd);
      put("lv", String(c.lv));
      put("lvm", levels[String(c.lv)] || "");
      put("validity", isoToVi(c.vf) + " – " + isoToVi(c.vt));
      put("no", c.no);
      put("fc", c.fc);
      put("iat", when(c.iat * 1000));
      put("exp", when(c.exp * 1000));
      facts.removeAttribute("hidden");
    } else {
      /* Nothing from a code that is not genuine is shown, not even hidden. */
      var values = facts.querySelectorAll("[data-v]");
      for (var i = 0; i < values.length; i++) { values[i].textContent = ""; }
      facts.setAttribute("hidden", "");
    }
    box.removeAttribute("hidden");
    box.focus();
    if (box.scrollIntoView) { box.scrollIntoView({ block: "start" }); }
  }
  function check(text) {
    var kept = stored();
    if (!kept) {
      return refreshKeys().then(function (ok) {
        if (ok) { return check(text); }
        show(verdict("unknown", "no-keys")); /* neither genuine nor forged: not checked */
      });
    }
    return verify(text, kept.jwks, Date.now()).then(function (result) {
      /* A key newer than this copy of the key set: fetch the set once more, if online. */
      if (result.reason === "unknown" && nav.onLine !== false && Date.now() - kept.fetched > 60000) {
        return refreshKeys().then(function (ok) {
          return ok ? verify(text, stored().jwks, Date.now()) : result;
        });
      }
      return result;
    }).then(show);
  }

  /* --- scanning ------------------------------------------------------------------ */
  var scanning = null; /* {stream, timer} */
  function loadJsQR() {
    if (w.jsQR) { return Promise.resolve(w.jsQR); }
    return new Promise(function (resolve, reject) {
      var s = d.createElement("script");
      s.src = root.getAttribute("data-jsqr-url");
      s.onload = function () { return w.jsQR ? resolve(w.jsQR) : reject(new Error("jsQR")); };
      s.onerror = reject;
      d.head.appendChild(s);
    });
  }
  function detector() {
    if (!("BarcodeDetector" in w)) { return loadJsQR().then(jsqrReader); }
    return w.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return loadJsQR().then(jsqrReader); }
      var det = new w.BarcodeDetector({ formats: ["qr_code"] });
      return function (video) {
        return det.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    });
  }
  function jsqrReader(jsQR) {
    var canvas = d.createElement("canvas");
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    return function (video) {
      var vw = video.videoWidth, vh = video.videoHeight;
      if (!vw || !vh) { return Promise.resolve(null); }
      var scale = Math.min(1, 800 / Math.max(vw, vh));
      canvas.width = Math.round(vw * scale); canvas.height = Math.round(vh * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    };
  }
  function stopScan() {
    if (!scanning) { return; }
    w.clearTimeout(scanning.timer);
    scanning.stream.getTracks().forEach(function (t) { t.stop(); });
    scanning = null;
    d.querySelector("[data-scan-view]").setAttribute("hidden", "");
    d.querySelector("[data-scan-start]").removeAttribute("hidden");
  }
  function startScan() {
    var video = d.querySelector("[data-scan-video]");
    var error = d.querySelector("[data-scan-error]");
    error.setAttribute("hidden", "");
    Promise.all([nav.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }), detector()])
      .then(function (got) {
        var stream = got[0], read = got[1];
        scanning = { stream: stream, timer: null };
        video.srcObject = stream;
        d.querySelector("[data-scan-view]").removeAttribute("hidden");
        d.querySelector("[data-scan-start]").setAttribute("hidden", "");
        return video.play().then(function () {
          function tick() {
            if (!scanning) { return; }
            read(video).then(function (text) {
              if (!scanning) { return; }
              if (text) {
                stopScan();
                d.getElementById("code").value = text;
                check(text);
              } else {
                scanning.timer = w.setTimeout(tick, 200);
              }
            }, function () { if (scanning) { scanning.timer = w.setTimeout(tick, 400); } });
          }
          tick();
        });
      })["catch"](function () {
        stopScan();
        error.textContent = msg("camera");
        error.removeAttribute("hidden");
      });
  }

  /* --- start --------------------------------------------------------------------- */
  function start() {
    showKeyset(false);
    if (!subtle || !w.Promise || !w.fetch || !w.TextDecoder) { return; } /* the form posts to the server */
    var form = d.querySelector("[data-verify-form]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      check(d.getElementById("code").value);
    }, false);
    d.querySelector("[data-keyset-refresh]").addEventListener("click", function () { refreshKeys(); }, false);
    if (nav.mediaDevices && nav.mediaDevices.getUserMedia) {
      d.querySelector("[data-scanner]").removeAttribute("hidden");
      d.querySelector("[data-scan-start]").addEventListener("click", startScan, false);
      d.querySelector("[data-scan-stop]").addEventListener("click", stopScan, false);
    }
    w.addEventListener("online", function () { refreshKeys(); }, false);
    refreshKeys();
    if ("serviceWorker" in nav) {
      nav.serviceWorker.register(root.getAttribute("data-sw-url"), { scope: root.getAttribute("data-scope") })["catch"](function () {});
    }
  }
  w.vssidVerifier = { verify: verify, parse: parse, refreshKeys: refreshKeys, stored: stored };
  if (d.readyState === "loading") { d.addEventListener("DOMContentLoaded", start, false); } else { start(); }
})();
