"""The clinics' verifier of the signed card code (blueprint "verifier"), its own PWA.

/xac-thuc-the/ is public and installable on its own (manifest and service worker scoped to
/xac-thuc-the/): a clinic's phone loads it once, keeps the page, the scripts and the key
set, and then checks "Mã xác thực" codes with no network (static/js/verifier.js, Web
Crypto). Without script the form posts here and the server gives the same verdict.

The page carries no session, no CSRF token and nothing personal, so it can be cached for
everyone; its POST changes nothing (a look-up, like a search), is CSRF-exempt and is
rate-limited.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import Blueprint, Response, current_app, request, url_for

from vssid.card import keys
from vssid.config import ROOT
from vssid.core.db import utcnow
from vssid.extensions import csrf, db, limiter
from vssid.registry.object_codes import BENEFIT_LEVEL_MEANING_VI
from vssid.web.rendering import render

bp = Blueprint("verifier", __name__, url_prefix="/xac-thuc-the")

SCOPE = "/xac-thuc-the/"
STATIC = ROOT / "static"
SHELL_FILES = ("css/app.css", "js/verifier.js", "js/jsQR-1.4.0.js", "icons/icon.svg", "icons/favicon-32.png",
               "icons/icon-192.png", "icons/apple-touch-icon-180.png")


def _max_age() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["VSSID_VERIFIER_KEYS_MAX_AGE_HOURS"])


def _page(code: str = "", verdict=None, status: int = 200) -> Response:
    response = render("verifier/verifier.html", status=status, code=code, verdict=verdict,
                      levels=BENEFIT_LEVEL_MEANING_VI,
                      max_age_hours=current_app.config["VSSID_VERIFIER_KEYS_MAX_AGE_HOURS"])
    response.headers["Cache-Control"] = "no-cache" if verdict is None else "no-store"
    return response


@bp.get("/")
def page() -> Response:
    return _page()


@bp.post("/")
@csrf.exempt
@limiter.limit("30 per minute;300 per hour")
def check() -> Response:
    """Without script: the server verifies the pasted code against the keys in force."""
    code = request.form.get("code", "")[:4000]
    verdict = keys.verify_code(db.session, text=code, now=utcnow())
    return _page(code=code, verdict=verdict, status=200 if verdict.claims else 422)


@bp.get("/jwks.json")
def jwks() -> Response:
    body = keys.jwks(db.session, now=utcnow(), max_age=_max_age())
    response = current_app.response_class(json.dumps(body, separators=(",", ":")),
                                          mimetype="application/jwk-set+json")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"  # public keys: any verifier may fetch them
    return response


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    static_url = current_app.jinja_env.globals["static_url"]
    body = {
        "id": SCOPE,
        "name": "VssID – Xác thực thẻ BHYT",
        "short_name": "Xác thực thẻ",
        "description": "Cơ sở y tế kiểm tra mã xác thực trên thẻ BHYT của VssID, kể cả khi không có mạng.",
        "lang": "vi", "dir": "ltr",
        "start_url": SCOPE + "?source=pwa",
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0a4f9e",
        "categories": ["medical", "government"],
        "icons": [
            {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static_url("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


def precache_urls() -> list[str]:
    static_url = current_app.jinja_env.globals["static_url"]
    return [SCOPE, url_for("verifier.manifest")] + [static_url(name) for name in SHELL_FILES]


@bp.get("/sw.js")
def service_worker() -> Response:
    source = (STATIC / "verifier-sw.js").read_text(encoding="utf-8")
    urls = precache_urls()
    template = (ROOT / "templates" / "verifier" / "verifier.html").read_bytes()
    version = hashlib.sha256(source.encode() + template + "\n".join(urls).encode()).hexdigest()[:16]
    body = source.replace('"__VERIFIER_VERSION__"', json.dumps(version)).replace(
        "[/*__VERIFIER_PRECACHE__*/]", json.dumps(urls))
    response = current_app.response_class(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
