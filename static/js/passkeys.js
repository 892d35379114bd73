/* VssID web: fingerprint login ("Đăng nhập bằng vân tay") with WebAuthn passkeys.
   Progressive enhancement: the blocks it drives are rendered [hidden] and shown only
   where the browser has WebAuthn. ES5 syntax so old browsers parse it; every API is
   feature-tested. Server protocol (vssid/accounts/passkey_views.py): POST, X-CSRFToken
   and HX-Request headers; options come back as JSON; leaving the page comes back as an
   HX-Redirect header; a refusal as JSON {"error": "..."}. */
(function () {
  "use strict";
  var d = document, w = window;
  if (w.vssidPasskeys || !d.querySelectorAll || !d.addEventListener) { return; }
  w.vssidPasskeys = true;
  var PKC = w.PublicKeyCredential;
  var supported = !!(PKC && w.fetch && w.Promise && navigator.credentials && navigator.credentials.get);

  /* --- base64url <-> ArrayBuffer, for browsers without the JSON helpers --- */
  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return w.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromB64url(value) {
    var text = String(value).replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) { text += "="; }
    var raw = w.atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }
  function copy(obj) { var out = {}; for (var k in obj) { if (Object.prototype.hasOwnProperty.call(obj, k)) { out[k] = obj[k]; } } return out; }
  function descriptors(list) {
    var out = [];
    for (var i = 0; list && i < list.length; i++) {
      var item = copy(list[i]);
      item.id = fromB64url(item.id);
      out.push(item);
    }
    return out;
  }
  function creationOptions(json) {
    if (PKC.parseCreationOptionsFromJSON) { return PKC.parseCreationOptionsFromJSON(json); }
    var o = copy(json);
    o.challenge = fromB64url(json.challenge);
    o.user = copy(json.user);
    o.user.id = fromB64url(json.user.id);
    o.excludeCredentials = descriptors(json.excludeCredentials);
    return o;
  }
  function requestOptions(json) {
    if (PKC.parseRequestOptionsFromJSON) { return PKC.parseRequestOptionsFromJSON(json); }
    var o = copy(json);
    o.challenge = fromB64url(json.challenge);
    o.allowCredentials = descriptors(json.allowCredentials);
    return o;
  }
  function credentialJSON(cred) {
    if (typeof cred.toJSON === "function") {
      try { return cred.toJSON(); } catch (e) { /* fall through to the manual form */ }
    }
    var r = cred.response, out = {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(r.clientDataJSON) }
    };
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      out.response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
    }
    return out;
  }

  /* --- talking to the server --- */
  function csrfToken() {
    var main = d.querySelector("main[hx-headers]");
    if (main) {
      try {
        var headers = JSON.parse(main.getAttribute("hx-headers"));
        if (headers && headers["X-CSRFToken"]) { return headers["X-CSRFToken"]; }
      } catch (e) { /* use the form's hidden input */ }
    }
    var input = d.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }
  function Refusal(message, extra) { this.message = message; this.extra = extra || {}; }
  function post(url, body, block) {
    var headers = { "X-CSRFToken": csrfToken(), "HX-Request": "true", "Accept": "application/json" };
    if (typeof body === "string") { headers["Content-Type"] = "application/json"; }
    return w.fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body })
      .then(function (response) {
        var go = response.headers.get("HX-Redirect");
        if (go) { w.location.assign(go); return new Promise(function () {}); } /* leaving the page */
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.ok && isJson) { return response.json(); }
        if (!isJson) {
          throw new Refusal(response.status === 429 ? block.getAttribute("data-busy") : block.getAttribute("data-error"));
        }
        return response.json().then(function (json) {
          throw new Refusal(json.error || block.getAttribute("data-error"), json);
        });
      });
  }

  /* --- the status line (aria-live) and the busy state --- */
  function say(block, message, isError) {
    var status = block.querySelector("[data-passkey-status]");
    if (!status) { return; }
    status.textContent = message || "";
    status.className = "passkey-status" + (isError ? " error-text" : "");
  }
  function busy(block, on) {
    var buttons = block.querySelectorAll("button[type=submit], [data-passkey-login-button]");
    for (var i = 0; i < buttons.length; i++) {
      if (on) { buttons[i].setAttribute("disabled", ""); } else { buttons[i].removeAttribute("disabled"); }
    }
    if (on) { block.setAttribute("aria-busy", "true"); } else { block.removeAttribute("aria-busy"); }
  }
  function fail(block, err) {
    busy(block, false);
    /* NotAllowedError: cancelled, timed out, or the fingerprint was not recognised. */
    say(block, (err instanceof Refusal && err.message) || block.getAttribute("data-error"), true);
    var unknown = err instanceof Refusal && err.extra.unknown_credential;
    if (unknown && PKC.signalUnknownCredential) {
      PKC.signalUnknownCredential(unknown)["catch"](function () {});
    }
  }

  /* --- login page: "Đăng nhập bằng vân tay" --- */
  function login(block) {
    busy(block, true);
    say(block, block.getAttribute("data-working"), false);
    post(block.getAttribute("data-options-url"), "{}", block)
      .then(function (json) { return navigator.credentials.get({ publicKey: requestOptions(json) }); })
      .then(function (cred) {
        if (!cred) { throw new Refusal(block.getAttribute("data-error")); }
        return post(block.getAttribute("data-verify-url"), JSON.stringify(credentialJSON(cred)), block);
      })
      .then(function () { throw new Refusal(block.getAttribute("data-error")); })
      ["catch"](function (err) { fail(block, err); });
  }

  /* --- settings page: turn fingerprint login on (after re-entering the password) --- */
  function markPassword(form, message) {
    var input = form.querySelector("input[name=password]");
    if (!input) { return; }
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }
  function enrol(form) {
    var block = form.parentNode;
    while (block && !block.hasAttribute("data-passkey-enrol")) { block = block.parentNode; }
    if (!block) { return; }
    busy(block, true);
    markPassword(form, null);
    say(block, "", false);
    post(form.getAttribute("action"), new FormData(form), block)
      .then(function (json) {
        say(block, block.getAttribute("data-working"), false);
        return navigator.credentials.create({ publicKey: creationOptions(json) });
      }, function (err) {
        if (err instanceof Refusal && err.extra.field === "password") { markPassword(form, err.message); }
        throw err;
      })
      .then(function (cred) {
        if (!cred) { throw new Refusal(block.getAttribute("data-error")); }
        return post(block.getAttribute("data-verify-url"), JSON.stringify(credentialJSON(cred)), block);
      })
      .then(function () { throw new Refusal(block.getAttribute("data-error")); })
      ["catch"](function (err) {
        fail(block, err);
        var input = form.querySelector("input[name=password]");
        if (input) { input.value = ""; if (input.getAttribute("aria-invalid")) { input.focus(); } }
      });
  }

  /* --- wiring: show what the browser can do, delegate events (htmx swaps content) --- */
  function init() {
    var i, list;
    list = d.querySelectorAll("[data-passkey-login]");
    for (i = 0; i < list.length; i++) { if (supported) { list[i].removeAttribute("hidden"); } }
    list = d.querySelectorAll("[data-passkey-enrol]");
    if (!list.length || !supported) { return; }
    var reveal = function () {
      var blocks = d.querySelectorAll("[data-passkey-enrol]"), notes = d.querySelectorAll("[data-passkey-unsupported]");
      for (var j = 0; j < blocks.length; j++) { blocks[j].removeAttribute("hidden"); }
      for (j = 0; j < notes.length; j++) { notes[j].setAttribute("hidden", ""); }
    };
    if (PKC.isUserVerifyingPlatformAuthenticatorAvailable) {
      PKC.isUserVerifyingPlatformAuthenticatorAvailable().then(function (ok) { if (ok) { reveal(); } }, function () {});
    } else {
      reveal();
    }
  }
  d.addEventListener("click", function (ev) {
    var target = ev.target, button = null;
    while (target && target.nodeType === 1) {
      if (target.hasAttribute("data-passkey-login-button")) { button = target; break; }
      target = target.parentNode;
    }
    if (!button || !supported) { return; }
    var block = button.parentNode;
    while (block && !block.hasAttribute("data-passkey-login")) { block = block.parentNode; }
    if (block && !block.hasAttribute("aria-busy")) { login(block); }
  }, false);
  d.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-passkey-register") || !supported) { return; }
    ev.preventDefault();
    enrol(form);
  }, false);
  d.addEventListener("htmx:load", init, false);
  if (d.readyState === "loading") { d.addEventListener("DOMContentLoaded", init, false); } else { init(); }
})();
