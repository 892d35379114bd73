"""Progressive-web-app glue (blueprint "pwa"): the service worker at /sw.js, and the tag
that tells the page's script whose card the device keeps offline.

The worker's source is static/sw.js; this route fills in the cache-busted URLs of the
static shell and a version derived from them, so a new release of any shell file
installs a new worker with a fresh cache (and the old cache is deleted on activate).
"""
from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, url_for
from flask_login import current_user

from vssid.card.status import owner_tag
from vssid.config import ROOT

bp = Blueprint("pwa", __name__)

STATIC = ROOT / "static"
# The shell every page needs, and what the offline page and the offline card use.
# The 512 px icons are left out: only the system reads them, once, when installing.
SHELL_FILES = (
    "css/app.css",
    "js/app.js",
    "js/sw-register.js",
    "js/card.js",
    "icons/icon.svg",
    "icons/favicon-32.png",
    "icons/apple-touch-icon-180.png",
    "icons/icon-192.png",
)


def precache_urls() -> list[str]:
    static_url = current_app.jinja_env.globals["static_url"]
    htmx = sorted(path.name for path in (STATIC / "js").glob("htmx-*.min.js"))
    files = [*SHELL_FILES, *(f"js/{name}" for name in htmx)]
    return [static_url(name) for name in files] + [url_for("web.offline"), url_for("web.manifest")]


@bp.get("/sw.js")
def service_worker() -> Response:
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    urls = precache_urls()
    version = hashlib.sha256((source + "\n".join(urls)).encode()).hexdigest()[:16]
    body = source.replace('"__VSSID_VERSION__"', json.dumps(version)).replace(
        "[/*__VSSID_PRECACHE__*/]", json.dumps(urls)
    )
    response = current_app.response_class(body, mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.app_context_processor
def _offline_card_owner() -> dict:
    def offline_card_owner() -> str:
        if not current_user.is_authenticated:
            return ""
        return owner_tag(secret=current_app.config["SECRET_KEY"], account_id=current_user.account.id)

    return {"offline_card_owner": offline_card_owner}
