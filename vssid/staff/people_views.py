"""A person's page in the console: account help (officers, support agents) and registry
corrections (officers)."""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import Conflict, ValidationError
from vssid.extensions import db, limiter
from vssid.staff import citizen_support, corrections
from vssid.staff.views import bp
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import render, render_form_error

ACTIONS = {
    # slug: (service, success message)
    "mo-khoa": (citizen_support.unlock, _l("Đã mở khóa tài khoản.")),
    "cap-lai-mat-khau": (citizen_support.reissue_password, _l(
        "Đã gửi mật khẩu ban đầu mới qua SMS tới số điện thoại đã đăng ký; mọi phiên đăng nhập đã kết thúc.")),
    "ket-thuc-phien": (citizen_support.end_sessions, _l("Đã kết thúc các phiên đăng nhập của tài khoản.")),
    "go-thiet-bi": (citizen_support.remove_device, _l(
        "Đã gỡ thiết bị; lần đăng nhập tới trên thiết bị nào, thiết bị đó sẽ là thiết bị của tài khoản.")),
}


def _person_page(ma_so: str, *, errors: dict | None = None, form: dict | None = None, action: str | None = None):
    context = {"file": citizen_support.person_file(db.session, ma_so=ma_so), "now": utcnow(),
               "errors": errors or {}, "form": form or {}, "failed_action": action,
               "field_labels": corrections.FIELD_LABELS_VI, "table_labels": corrections.TABLE_LABELS_VI,
               "card_status": citizen_support.CARD_STATUS_VI,
               "registration_status": citizen_support.REGISTRATION_STATUS_VI}
    if errors:
        return render_form_error("staff/person.html", block="content", **context)
    return render("staff/person.html", **context)


@bp.get("/nguoi")
@staff_required("officer", "support_agent")
def people_search():
    query = request.args.get("q", "")
    if not query.strip():
        return render("staff/people.html", q="", errors={}, searched=False)
    try:
        person = citizen_support.find(db.session, query=query)
    except ValidationError as exc:
        return render_form_error("staff/people.html", block="content", q=query, errors={"q": exc.message},
                                 searched=False)
    if person is None:
        return render("staff/people.html", q=query, errors={}, searched=True)
    return redirect_to(url_for("staff.person", ma_so=person.ma_so))


@bp.get("/nguoi/<ma_so>")
@staff_required("officer", "support_agent")
def person(ma_so: str):
    return _person_page(ma_so)


@bp.post("/nguoi/<ma_so>/tai-khoan/<action>")
@staff_required("officer", "support_agent")
@limiter.limit("30 per hour")
def account_action(ma_so: str, action: str):
    if action not in ACTIONS:
        abort(404)
    service, done = ACTIONS[action]
    form = {"reason": request.form.get("reason", "")}
    try:
        service(db.session, ma_so=ma_so, reason=form["reason"], staff=current_staff.member, client=client(),
                now=utcnow())
    except ValidationError as exc:
        return _person_page(ma_so, errors={f"{action}-reason": exc.message}, form={f"{action}-reason": form["reason"]},
                            action=action)
    flash(str(done), "success")
    return redirect_to(url_for("staff.person", ma_so=ma_so))


@bp.route("/nguoi/<ma_so>/sua-lien-he", methods=["GET", "POST"])
@staff_required("officer")
def correct_contact(ma_so: str):
    person = citizen_support.person_by_ma_so(db.session, ma_so)
    if request.method == "GET":
        form = {"phone": person.phone or "", "email": person.email or "", "address": person.address}
        return render("staff/contact_form.html", person=person, form=form, seen=form, errors={})
    form = {name: request.form.get(name, "") for name in ("phone", "email", "address", "reason")}
    seen = {name: request.form.get(f"seen_{name}", "") for name in corrections.CONTACT_FIELDS}
    data, errors = corrections.parse_contact(form)
    if not errors:
        try:
            changed = corrections.correct_contact(db.session, ma_so=ma_so, data=data, seen=seen, reason=form["reason"],
                                                  staff=current_staff.member, client=client(), now=utcnow())
        except (ValidationError, Conflict) as exc:
            errors = {exc.field or "": exc.message}
            if isinstance(exc, Conflict):
                db.session.rollback()
                db.session.refresh(person)
                seen = {"phone": person.phone or "", "email": person.email or "", "address": person.address}
        else:
            labels = ", ".join(corrections.FIELD_LABELS_VI[name].lower() for name in changed)
            flash(_("Đã sửa %(fields)s. Lịch sử sửa đổi được ghi ở cuối trang.", fields=labels), "success")
            return redirect_to(url_for("staff.person", ma_so=ma_so))
    return render_form_error("staff/contact_form.html", block="content", person=person, form=form, seen=seen,
                             errors=errors)


@bp.route("/nguoi/<ma_so>/the/<int:card_id>/noi-kcb", methods=["GET", "POST"])
@staff_required("officer")
def correct_facility(ma_so: str, card_id: int):
    card = corrections.card_of(db.session, ma_so=ma_so, card_id=card_id)
    facilities = corrections.eligible_facilities(db.session, province_code=card.facility.province_code)
    if request.method == "GET":
        return render("staff/facility_form.html", card=card, facilities=facilities,
                      form={"facility_code": ""}, seen=card.facility_code, errors={})
    form = {"facility_code": request.form.get("facility_code", ""), "reason": request.form.get("reason", "")}
    seen = request.form.get("seen_facility_code", "")
    try:
        corrections.correct_facility(db.session, ma_so=ma_so, card_id=card_id, facility_code=form["facility_code"],
                                     seen=seen, reason=form["reason"], staff=current_staff.member, client=client(),
                                     now=utcnow())
    except (ValidationError, Conflict) as exc:
        db.session.rollback()
        db.session.refresh(card)
        return render_form_error("staff/facility_form.html", block="content", card=card, facilities=facilities,
                                 form=form, seen=card.facility_code if isinstance(exc, Conflict) else seen,
                                 errors={exc.field or "": exc.message})
    flash(_("Đã sửa nơi đăng ký KCB ban đầu của thẻ."), "success")
    return redirect_to(url_for("staff.person", ma_so=ma_so))
