"""Public shell pages: home, get-the-app poster, offline page, manifest, health check."""
from __future__ import annotations

import segno
from flask import Blueprint, current_app, jsonify, redirect, request, send_from_directory, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from vssid.config import ROOT
from vssid.core.schema import schema_problem
from vssid.extensions import db
from vssid.web.rendering import render

bp = Blueprint("web", __name__)

LANGUAGES = ("vi", "en")


@bp.get("/")
def home():
    return render("web/home.html")


@bp.get("/tai-ung-dung")
def get_app():
    """The poster page: a QR that opens the app's address, and install help."""
    app_url = current_app.config["VSSID_PUBLIC_URL"]
    qr = segno.make(app_url, error="m")
    svg = qr.svg_inline(border=4, dark="#000", light="#fff", omitsize=True, title=_("Mã QR mở ứng dụng VssID"))
    return render("web/get_app.html", app_url=app_url, qr_svg=Markup(svg))


@bp.get("/ngoai-tuyen")
def offline():
    return render("web/offline.html")


@bp.get("/manifest.webmanifest")
def manifest():
    response = send_from_directory(ROOT, "manifest.webmanifest", mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.post("/ngon-ngu")
def set_language():
    """Switch the interface language (Vietnamese default, English translation)."""
    lang = request.form.get("lang", "vi")
    response = redirect(request.referrer or url_for("web.home"), code=303)
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
def healthz():
    problem = schema_problem(db.engine)
    if problem:
        return jsonify(status="error", problem=problem), 503
    return jsonify(status="ok")
