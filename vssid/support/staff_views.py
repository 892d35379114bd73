"""Support screens of the staff console (blueprint "support_staff", under /can-bo).

The petition queue (filters, due dates, assign, answer, close) for support agents, and the
FAQ editor (list, create, edit, unpublish) with the questions the assistant could not answer,
for editors. Access: the staff console's login and roles (vssid/staff/access.py); every
agent's action on a citizen's request is audited with the staff member's id.
"""
from __future__ import annotations

from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _

from vssid.accounts.web import client, redirect_to
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.core.errors import NotFound
from vssid.extensions import db
from vssid.staff import staff_accounts
from vssid.staff.access import current_staff, staff_required
from vssid.support import petitions, services
from vssid.support.models import FaqEntry
from vssid.support.views import attachment_download
from vssid.web.rendering import private, render, render_form_error

bp = Blueprint("support_staff", __name__, url_prefix="/can-bo")
SUPPORT_AGENT = "support_agent"  # the petition queue: assign, answer, close
EDITOR = "editor"  # the FAQ: create, edit, unpublish


@bp.context_processor
def _labels() -> dict:
    return {"topics": petitions.TOPICS, "status_labels": petitions.STATUS_LABELS, "petition_code": petitions.code_of}


def _today():
    return to_local(utcnow()).date()


def _agents():
    return staff_accounts.active_with_role(db.session, SUPPORT_AGENT)


# --- The petition queue ---------------------------------------------------------------------


@bp.get("/phan-anh")
@staff_required(SUPPORT_AGENT)
def queue() -> Response:
    filters = petitions.QueueFilter.parse(request.args)
    page = petitions.queue(db.session, filters=filters, staff_id=current_staff.id, today=_today())
    return private(render("support/staff/queue.html", page=page, filters=filters, today=_today(),
                          is_overdue=petitions.is_overdue))


def _detail(petition_id: int, *, errors: dict | None = None, form: dict | None = None, status: int = 200) -> Response:
    item = petitions.get_for_staff(db.session, petition_id=petition_id)
    context = dict(petition=item, today=_today(), agents=_agents(), errors=errors or {},
                   form=form or {}, is_overdue=petitions.is_overdue)
    if errors:
        return private(render_form_error("support/staff/petition.html", **context))
    return private(render("support/staff/petition.html", **context))


@bp.get("/phan-anh/<int:petition_id>")
@staff_required(SUPPORT_AGENT)
def petition(petition_id: int) -> Response:
    return _detail(petition_id)


@bp.get("/phan-anh/<int:petition_id>/tep/<int:attachment_id>")
@staff_required(SUPPORT_AGENT)
def attachment(petition_id: int, attachment_id: int) -> Response:
    return attachment_download(petitions.attachment_for_staff(db.session, petition_id=petition_id,
                                                              attachment_id=attachment_id))


@bp.post("/phan-anh/<int:petition_id>/phan-cong")
@staff_required(SUPPORT_AGENT)
def assign(petition_id: int) -> Response:
    try:
        petitions.assign(db.session, petition_id=petition_id, assignee_id=request.form.get("assignee"),
                         agent_ids={member.id for member in _agents()}, staff_id=current_staff.id, client=client(),
                         now=utcnow())
    except petitions.PetitionFormError as exc:
        return _detail(petition_id, errors=exc.errors)
    flash(_("Đã phân công."), "success")
    return redirect_to(url_for("support_staff.petition", petition_id=petition_id))


@bp.post("/phan-anh/<int:petition_id>/tra-loi")
@staff_required(SUPPORT_AGENT)
def reply(petition_id: int) -> Response:
    body = request.form.get("body", "")
    try:
        petitions.reply(db.session, petition_id=petition_id, staff_id=current_staff.id, body=body, client=client(),
                        now=utcnow())
    except petitions.PetitionFormError as exc:
        return _detail(petition_id, errors=exc.errors, form={"body": body})
    flash(_("Đã gửi trả lời; người gửi được báo trong ứng dụng và qua SMS."), "success")
    return redirect_to(url_for("support_staff.petition", petition_id=petition_id))


@bp.post("/phan-anh/<int:petition_id>/dong")
@staff_required(SUPPORT_AGENT)
def close(petition_id: int) -> Response:
    petitions.close(db.session, petition_id=petition_id, staff_id=current_staff.id, client=client(), now=utcnow())
    flash(_("Đã đóng yêu cầu."), "success")
    return redirect_to(url_for("support_staff.petition", petition_id=petition_id))


# --- The FAQ editor ---------------------------------------------------------------------------


@bp.get("/cau-hoi")
@staff_required(EDITOR)
def faq_list() -> Response:
    return private(render("support/staff/faq_list.html",
                          sections=services.sections(db.session, include_unpublished=True),
                          unanswered=services.unanswered_questions(db.session)))


def _faq_input() -> services.FaqInput:
    form = request.form
    return services.FaqInput(category_id=form.get("category_id"), question=form.get("question", ""),
                             answer=form.get("answer", ""), source=form.get("source", ""),
                             keywords=form.get("keywords", ""), published=form.get("published") == "1")


def _faq_form(entry, data, errors) -> Response:
    context = dict(entry=entry, form=data, errors=errors, categories=services.categories(db.session))
    if errors:
        return private(render_form_error("support/staff/faq_form.html", **context))
    return private(render("support/staff/faq_form.html", **context))


@bp.route("/cau-hoi/moi", methods=["GET", "POST"])
@staff_required(EDITOR)
def faq_new() -> Response:
    if request.method == "GET":
        return _faq_form(None, services.FaqInput(None, "", "", ""), {})
    data = _faq_input()
    try:
        entry = services.create_faq(db.session, data=data, now=utcnow())
    except services.FaqFormError as exc:
        return _faq_form(None, data, exc.errors)
    flash(_("Đã thêm câu hỏi."), "success")
    return redirect_to(url_for("support_staff.faq_list") + f"#faq-{entry.id}")


@bp.route("/cau-hoi/<int:faq_id>/sua", methods=["GET", "POST"])
@staff_required(EDITOR)
def faq_edit(faq_id: int) -> Response:
    entry = db.session.get(FaqEntry, faq_id)
    if entry is None:
        raise NotFound(_("Không tìm thấy câu hỏi này."))
    if request.method == "GET":
        data = services.FaqInput(entry.category_id, entry.question, entry.answer, entry.source, entry.keywords,
                                 entry.published)
        return _faq_form(entry, data, {})
    data = _faq_input()
    try:
        services.update_faq(db.session, faq_id=faq_id, data=data, now=utcnow())
    except services.FaqFormError as exc:
        return _faq_form(entry, data, exc.errors)
    flash(_("Đã lưu câu hỏi."), "success")
    return redirect_to(url_for("support_staff.faq_list") + f"#faq-{faq_id}")


@bp.post("/cau-hoi/<int:faq_id>/an")
@staff_required(EDITOR)
def faq_unpublish(faq_id: int) -> Response:
    services.set_published(db.session, faq_id=faq_id, published=False, now=utcnow())
    flash(_("Đã ẩn câu hỏi: người dùng và trợ lý ảo không còn thấy câu hỏi này."), "success")
    return redirect_to(url_for("support_staff.faq_list") + f"#faq-{faq_id}")


@bp.post("/cau-hoi/<int:faq_id>/hien")
@staff_required(EDITOR)
def faq_publish(faq_id: int) -> Response:
    services.set_published(db.session, faq_id=faq_id, published=True, now=utcnow())
    flash(_("Đã đăng lại câu hỏi."), "success")
    return redirect_to(url_for("support_staff.faq_list") + f"#faq-{faq_id}")
