"""Development-only outbox page: the SMS and emails the app would have sent.

Registered only when VSSID_DEV_OUTBOX is on, which production configuration refuses
(vssid/config.py), so a newcomer can follow the OTP journeys under `make run`.
"""
from __future__ import annotations

from flask import Blueprint

from vssid.extensions import db
from vssid.outbound.services import recent
from vssid.web.rendering import private, render

bp = Blueprint("devtools", __name__, url_prefix="/dev")


@bp.get("/hop-thu")
def outbox():
    return private(render("web/outbox.html", messages=recent(db.session, limit=50)))
