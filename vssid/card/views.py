"""The health card page, its offline copy and the public clinic check (blueprint "card")."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from vssid.accounts import audit
from vssid.accounts.web import client
from vssid.card import keys, services
from vssid.card.status import owner_tag
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.core.errors import NotFound
from vssid.extensions import db, limiter
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("card", __name__)

CARD_URL = "/ca-nhan/the-bhyt"


def _today():
    return to_local(utcnow()).date()


def _qr_svg(text: str) -> Markup:
    return Markup(services.qr_svg(text, title=_("Mã QR của thẻ BHYT")))


def _signed_qr_svg(text: str) -> Markup:
    return Markup(services.qr_svg(text, title=_("Mã xác thực của thẻ BHYT"), svgclass="qr-code-signed"))


def _signer(now: dt.datetime) -> services.Signer:
    """Signs each shown card's "Mã xác thực" as issued now (keys.sign_card)."""
    config = current_app.config

    def sign(person, card, birth):
        return keys.sign_card(db.session, person, card, birth=birth, now=now,
                              lifetime=dt.timedelta(days=config["VSSID_CARD_CODE_DAYS"]),
                              secret=keys.sealing_secret(config))

    return sign


@bp.get(CARD_URL)
@login_required
def my_card() -> Response:
    if request.args.get("offline") == "1":
        return _offline_copy()
    return _card_page(None)


@bp.get(CARD_URL + "/<int:person_id>")
@login_required
def member_card(person_id: int) -> Response:
    return _card_page(person_id)


def _card_page(person_id: int | None) -> Response:
    page = services.card_page(db.session, holder_id=current_user.person_id, person_id=person_id, today=_today(),
                              signer=_signer(utcnow()))
    # A tab click swaps only the card; a history restore after "back" needs the page.
    block = None if request.headers.get("HX-History-Restore-Request") else "card_panel"
    return private(render("card/card.html", block=block, views=[page.selected], people=page.people,
                          selected_id=page.selected.person.id, qr_svg=_qr_svg, signed_qr_svg=_signed_qr_svg,
                          offline_copy=None, verifier_url=url_for("verifier.page"),
                          renewal_url=url_for("pay.household"), keep_days=current_app.config["VSSID_OFFLINE_CARD_DAYS"]))


def _offline_copy() -> Response:
    """The copy the device keeps: every card the holder may show, with its sync time."""
    now = utcnow()
    copy = services.offline_copy(db.session, holder_id=current_user.person_id, today=_today(), now=now,
                                 keep_days=current_app.config["VSSID_OFFLINE_CARD_DAYS"], signer=_signer(now))
    audit.record(db.session, "offline_card_synced", client=client(), account_id=current_user.account.id,
                 expires_at=copy.expires_at.isoformat())
    db.session.commit()
    response = private(render("card/card.html", views=copy.views, people=copy.people, selected_id=None,
                              qr_svg=_qr_svg, signed_qr_svg=_signed_qr_svg, verifier_url=url_for("verifier.page"),
                              offline_copy=copy, renewal_url=url_for("pay.household"),
                              keep_days=current_app.config["VSSID_OFFLINE_CARD_DAYS"]))
    response.headers["X-VssID-Card-Owner"] = owner_tag(secret=current_app.config["SECRET_KEY"],
                                                       account_id=current_user.account.id)
    response.headers["X-VssID-Synced-At"] = copy.synced_at.isoformat()
    response.headers["X-VssID-Offline-Expires"] = copy.expires_at.isoformat()
    return response


@bp.route("/kiem-tra-the", methods=["GET", "POST"])
@limiter.limit("10 per minute;100 per hour", methods=["POST"])
def check() -> Response:
    """Kiểm tra thẻ BHYT: public, for clinic counters; answers validity, level, facility."""
    mode = "qr" if request.form.get("mode") == "qr" else "fields"
    form = {key: request.form.get(key, "") for key in ("card_code", "full_name", "birth", "qr_text")}
    context = {"form": form, "mode": mode, "errors": {}, "result": None, "no_match": None}
    if request.method == "POST":
        try:
            if mode == "qr":
                context["result"] = services.check_card_qr(db.session, qr_text=form["qr_text"], today=_today())
            else:
                context["result"] = services.check_card(db.session, card_code=form["card_code"],
                                                        full_name=form["full_name"], birth=form["birth"],
                                                        today=_today())
        except services.CheckInputError as exc:
            return private(render_form_error("card/check.html", block="check_panel", **{**context, "errors": exc.errors}))
        except NotFound as exc:
            context["no_match"] = exc.message
    return private(render("card/check.html", block="check_panel", **context))
