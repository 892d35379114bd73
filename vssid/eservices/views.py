"""Public services for signed-in citizens (blueprint "eservices", /dich-vu-cong)."""
from __future__ import annotations

from flask import Blueprint, Response, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vssid.accounts import audit, challenges
from vssid.accounts.web import client, otp_key, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import DomainError, ValidationError
from vssid.eservices import services
from vssid.extensions import db, limiter
from vssid.payments.web import install_settings, today
from vssid.registry.models import Person
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("eservices", __name__, url_prefix="/dich-vu-cong")
install_settings(bp)

PENDING_CONTACT = "eservices_contact"
OTP_MESSAGE = "VssID: Mã xác thực số điện thoại mới là {code}. Mã có hiệu lực 5 phút. Không chia sẻ mã này."

LABELS = {"kinds": services.KIND_LABELS_VI, "statuses": services.STATUS_LABELS_VI,
          "reasons": services.REASON_LABELS_VI}


def _filed(filed, event: str) -> Response:
    audit.record(db.session, event, client=client(), account_id=current_user.account.id, reference=filed.reference)
    db.session.commit()
    return redirect_to(url_for("eservices.request_detail", reference=filed.reference, moi=1))


@bp.get("")
@login_required
def hub() -> Response:
    return private(render("eservices/hub.html", recent=services.requests_of(db.session, person_id=current_user.person_id)[:3],
                          **LABELS))


@bp.route("/doi-noi-kcb", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def facility_change() -> Response:
    day = today()
    person = db.session.get(Person, current_user.person_id)
    context = {"window": services.facility_change_window(day), "card": services.current_card(db.session, person_id=person.id),
               "facilities": services.facilities_for(db.session, province_code=person.province_code),
               "chosen": request.form.get("facility", ""), "error": None}
    context["options"] = [(f.code, f"{f.name} ({f.code})") for f in context["facilities"]]
    if request.method == "POST":
        try:
            filed = services.submit_facility_change(db.session, account_id=current_user.account.id, person_id=person.id,
                                                    facility_code=context["chosen"], today=day, now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            return private(render_form_error("eservices/facility_change.html", **{**context, "error": exc.message}))
        return _filed(filed, "eservice_facility_change")
    return private(render("eservices/facility_change.html", **context))


@bp.route("/cap-lai-the", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def reissue() -> Response:
    context = {"card": services.current_card(db.session, person_id=current_user.person_id),
               "reason": request.form.get("reason", ""), "note": request.form.get("note", ""), "errors": {},
               **LABELS}
    if request.method == "POST":
        try:
            filed = services.submit_reissue(db.session, account_id=current_user.account.id,
                                            person_id=current_user.person_id, reason=context["reason"],
                                            note=context["note"], now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            return private(render_form_error("eservices/reissue.html", **{**context, "errors": {exc.field or "reason": exc.message}}))
        return _filed(filed, "eservice_card_reissue")
    return private(render("eservices/reissue.html", **context))


@bp.route("/thong-tin-lien-he", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
def contact() -> Response:
    person = db.session.get(Person, current_user.person_id)
    form = {key: request.form.get(key, getattr(person, key) or "") for key in ("phone", "email", "address")}
    if request.method == "GET":
        return private(render("eservices/contact.html", form=form, errors={}, step="form", person=person))
    try:
        change = services.validate_contact(**form)
        services.refuse_if_open(db.session, person_id=person.id, kind="contact_update")  # before any OTP
        if change.phone == person.phone:
            filed = services.submit_contact_update(db.session, account_id=current_user.account.id,
                                                   person_id=person.id, change=change, now=utcnow())
            return _filed(filed, "eservice_contact_update")
        challenge = challenges.issue(db.session, purpose="contact_change", destination=change.phone, channel="sms",
                                     key=otp_key(), now=utcnow(), message=OTP_MESSAGE, account_id=current_user.account.id)
    except DomainError as exc:
        db.session.rollback()
        errors = getattr(exc, "errors", None) or {exc.field or "phone": exc.message}
        return private(render_form_error("eservices/contact.html", form=form, errors=errors, step="form", person=person))
    audit.record(db.session, "otp_sent", client=client(), account_id=current_user.account.id, purpose="contact_change")
    db.session.commit()
    session[PENDING_CONTACT] = {"challenge": challenge.id, "phone": change.phone, "email": change.email or "",
                                "address": change.address}
    form = {"phone": change.phone, "email": change.email or "", "address": change.address}
    return private(render("eservices/contact.html", form=form, errors={}, step="otp", person=person))


@bp.post("/thong-tin-lien-he/xac-thuc")
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def contact_verify() -> Response:
    pending = session.get(PENDING_CONTACT)
    person = db.session.get(Person, current_user.person_id)
    if not pending:
        return redirect_to(url_for("eservices.contact"))
    form = {"phone": pending["phone"], "email": pending["email"], "address": pending["address"]}
    try:
        challenge = challenges.consume(db.session, challenge_id=pending["challenge"], purpose="contact_change",
                                       code=request.form.get("code", ""), key=otp_key(), now=utcnow())
        if challenge.account_id != current_user.account.id or challenge.destination != pending["phone"]:
            raise ValidationError(challenges.EXPIRED, field="code")
        filed = services.submit_contact_update(db.session, account_id=current_user.account.id, person_id=person.id,
                                               change=services.validate_contact(**form), now=utcnow())
    except DomainError as exc:
        db.session.rollback()
        return private(render_form_error("eservices/contact.html", form=form, errors={"code": exc.message},
                                         step="otp", person=person))
    session.pop(PENDING_CONTACT, None)
    return _filed(filed, "eservice_contact_update")


@bp.get("/yeu-cau")
@login_required
def my_requests() -> Response:
    return private(render("eservices/requests.html", requests=services.requests_of(db.session, person_id=current_user.person_id),
                          **LABELS))


@bp.get("/yeu-cau/<reference>")
@login_required
def request_detail(reference: str) -> Response:
    found = services.request_of(db.session, reference=reference[:20], person_id=current_user.person_id)
    return private(render("eservices/request.html", r=found, just_filed=request.args.get("moi") == "1", **LABELS))
