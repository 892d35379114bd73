"""Hỗ trợ 24/7 under /ho-tro (blueprint "support"): hub, FAQ, virtual assistant, petitions.

The FAQ search is a GET form (shareable URL), htmx swapping `#faq-results` as the person
types. The assistant is a POST form that re-renders the conversation; htmx appends the new
turn to the log instead. Petitions are personal: login required, no-store, owner only.
"""
from __future__ import annotations

import io
import re
import secrets

from flask import Blueprint, Response, current_app, flash, make_response, render_template, request, send_file, url_for
from flask import session as browser
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from vssid.accounts.web import redirect_to
from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.core.errors import NotFound, ValidationError
from vssid.extensions import csrf, db, limiter
from vssid.support import attachments, petitions, services
from vssid.web.rendering import private, render, render_form_error, wants_fragment

bp = Blueprint("support", __name__, url_prefix="/ho-tro")
CHAT_LIMIT = "30 per minute;300 per day"
CHAT_ID_KEY = "support_chat"
_AMOUNT_SPACE = re.compile(r"(\d) đ")


@bp.app_template_filter("answer_html")
def _answer_html(text: str) -> Markup:
    """Plain answer text as HTML: blank lines separate paragraphs; "- " lines make a list."""
    parts = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            parts.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(str(escape(line)) for line in lines) + "</p>")
    # "546.480 đ" never breaks between the amount and its currency.
    return Markup(_AMOUNT_SPACE.sub("\\1\u00a0đ", "".join(parts)))


@bp.app_template_filter("filesize")
def _filesize(size: int) -> str:
    """340 KB, 1,2 MB (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1048576:.1f} MB".replace(".", ",")


@bp.context_processor
def _labels() -> dict:
    return {"topics": petitions.TOPICS, "status_labels": petitions.STATUS_LABELS, "petition_code": petitions.code_of}


def _today():
    return to_local(utcnow()).date()


# --- Hub and FAQ ------------------------------------------------------------------------


@bp.get("")
def hub() -> Response:
    unread = 0
    if current_user.is_authenticated:
        unread = petitions.unread_count(db.session, person_id=current_user.person_id)
    top = [entry for section in services.sections(db.session)[:4] for entry in section.entries[:1]]
    response = render("support/hub.html", unread=unread, top=top,
                      email=current_app.config["VSSID_SUPPORT_EMAIL"])
    return private(response) if current_user.is_authenticated else response


@bp.get("/cau-hoi-thuong-gap")
def faq() -> Response:
    text = (request.args.get("q") or "").strip()[:120]
    category = (request.args.get("muc") or "").strip()[:60]
    session = db.session
    categories = services.categories(session)
    category = category if category in {c.slug for c in categories} else ""
    result = services.search_faq(session, text=text, category_slug=category or None)
    context = dict(result=result, category=category, categories=categories,
                   sections=[] if result.searched else services.sections(session, category_slug=category or None))
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request and htmx.target == "faq-results":
        response = render("support/faq.html", block="results", **context)
        asked = {k: v for k, v in (("q", text), ("muc", category)) if v}
        response.headers["HX-Push-Url"] = url_for("support.faq", **asked)
        response.vary.update(("HX-Target",))
        return response
    return render("support/faq.html", **context)


@bp.get("/cau-hoi-thuong-gap/<slug>")
def faq_entry(slug: str) -> Response:
    if not services.valid_slug(slug):
        raise NotFound("Không tìm thấy câu hỏi này.")
    entry = services.get_faq(db.session, slug=slug)
    section = services.sections(db.session, category_slug=entry.category.slug)
    siblings = [e for e in (section[0].entries if section else []) if e.id != entry.id][:4]
    return render("support/faq_entry.html", entry=entry, siblings=siblings)


# --- The virtual assistant -----------------------------------------------------------------


def _chat_id(*, create: bool) -> str | None:
    value = browser.get(CHAT_ID_KEY)
    if isinstance(value, str) and 16 <= len(value) <= 32 and value.replace("-", "").replace("_", "").isalnum():
        return value
    if not create:
        return None
    value = secrets.token_urlsafe(16)
    browser[CHAT_ID_KEY] = value
    return value


def _asker() -> dict:
    if not current_user.is_authenticated:
        return {"person_id": None, "owner_hash": None}
    return {"person_id": current_user.person_id,
            "owner_hash": services.account_hash(secret=current_app.config["SECRET_KEY"],
                                                account_id=current_user.account.id)}


def _chat_page(*, error: str | None = None, question: str = "", status: int = 200) -> Response:
    conversation = _chat_id(create=False)
    replies = services.conversation(db.session, conversation=conversation, today=_today(), **_asker()) \
        if conversation else []
    response = render("support/chat.html", replies=replies, error=error, question=question, status=status)
    return private(response)


@bp.get("/tro-ly-ao")
def chat() -> Response:
    return _chat_page()


@bp.post("/tro-ly-ao")
@limiter.limit(CHAT_LIMIT)
def chat_ask() -> Response:
    question = (request.form.get("question") or "")[:2000]
    try:
        reply = services.ask(db.session, conversation=_chat_id(create=True), question=question, today=_today(),
                             **_asker())
    except ValidationError as exc:
        if wants_fragment():
            response = private(render("support/chat.html", block="chat_form", error=exc.message, question=question))
            response.headers["HX-Retarget"] = "#chat-form"
            response.headers["HX-Reswap"] = "outerHTML"
            return response
        return _chat_page(error=exc.message, question=question, status=422)
    if wants_fragment():
        return private(make_response(render_template("support/_turn.html", reply=reply, new=True)))
    return redirect_to(url_for("support.chat") + "#chat-end")


@bp.post("/tro-ly-ao/moi")
def chat_new() -> Response:
    browser.pop(CHAT_ID_KEY, None)
    return redirect_to(url_for("support.chat"))


# --- Petitions (the citizen's side) ---------------------------------------------------------


@bp.get("/phan-anh")
@login_required
def petitions_list() -> Response:
    page = petitions.mine(db.session, person_id=current_user.person_id, page=request.args.get("trang"))
    return private(render("support/petitions.html", page=page, today=_today()))


def _handover_text() -> str:
    """The assistant's last unanswered question in this browser's conversation, to start from."""
    conversation = _chat_id(create=False)
    if not conversation or request.args.get("tu_tro_ly") != "1":
        return ""
    return services.last_unanswered(db.session, conversation=conversation) or ""


def _uploads() -> list[attachments.Upload]:
    return [attachments.Upload(f.filename or "", f.read(attachments.MAX_BYTES + 1))
            for f in request.files.getlist("attachments")]


@bp.route("/phan-anh/moi", methods=["GET", "POST"])
@csrf.exempt  # checked in the view, once the body's size is capped (the automatic check reads it first)
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def petition_new() -> Response:
    template = "support/petition_new.html"
    if request.method == "GET":
        form = {"topic": "", "content": _handover_text()}
        return private(render(template, form=form, errors={}))
    # A body larger than five full files is not read at all: say so rather than fail.
    request.max_content_length = attachments.MAX_REQUEST_BYTES
    try:
        csrf.protect()
        form = {"topic": request.form.get("topic", ""), "content": request.form.get("content", "")}
        uploads = _uploads()
    except RequestEntityTooLarge:
        errors = {"attachments": [_("Tổng dung lượng tệp quá lớn: tối đa 5 tệp, mỗi tệp 5 MB. Vui lòng chọn lại "
                                    "tệp và nhập lại nội dung.")]}
        response = render_form_error(template, form={"topic": "", "content": ""}, errors=errors)
        response.headers["Connection"] = "close"  # the unread body must not be taken for the next request
        return private(response)
    try:
        petition = petitions.create(
            db.session, account=current_user.account, topic=form["topic"], content=form["content"], uploads=uploads,
            now=utcnow(), days=current_app.config["VSSID_PETITION_DAYS"],
        )
    except petitions.PetitionFormError as exc:
        return private(render_form_error(template, form=form, errors=exc.errors))
    flash(_("Đã gửi phản ánh %(code)s. Bạn sẽ nhận tin nhắn khi có trả lời.", code=petitions.code_of(petition.id)),
          "success")
    return redirect_to(url_for("support.petition", petition_id=petition.id))


@bp.get("/phan-anh/<int:petition_id>")
@login_required
def petition(petition_id: int) -> Response:
    item = petitions.open_own(db.session, petition_id=petition_id, person_id=current_user.person_id)
    return private(render("support/petition.html", petition=item, today=_today(), errors={}, form={},
                          has_answer=petitions.has_answer(item)))


@bp.post("/phan-anh/<int:petition_id>/tra-loi")
@login_required
@limiter.limit("30 per hour")
def petition_message(petition_id: int) -> Response:
    body = request.form.get("body", "")
    try:
        petitions.add_citizen_message(db.session, petition_id=petition_id, person_id=current_user.person_id,
                                      account_id=current_user.account.id, body=body, now=utcnow())
    except petitions.PetitionFormError as exc:
        item = petitions.get_own(db.session, petition_id=petition_id, person_id=current_user.person_id)
        return private(render_form_error("support/petition.html", petition=item, today=_today(), errors=exc.errors,
                                         form={"body": body}, has_answer=petitions.has_answer(item)))
    return redirect_to(url_for("support.petition", petition_id=petition_id) + "#thread-end")


@bp.post("/phan-anh/<int:petition_id>/danh-gia")
@login_required
def petition_rate(petition_id: int) -> Response:
    try:
        petitions.rate(db.session, petition_id=petition_id, person_id=current_user.person_id,
                       rating=request.form.get("rating"), now=utcnow())
    except petitions.PetitionFormError as exc:
        item = petitions.get_own(db.session, petition_id=petition_id, person_id=current_user.person_id)
        return private(render_form_error("support/petition.html", petition=item, today=_today(), errors=exc.errors,
                                         form={}, has_answer=petitions.has_answer(item)))
    flash(_("Cảm ơn bạn đã đánh giá."), "success")
    return redirect_to(url_for("support.petition", petition_id=petition_id))


@bp.get("/phan-anh/<int:petition_id>/tep/<int:attachment_id>")
@login_required
def attachment(petition_id: int, attachment_id: int) -> Response:
    """A petition's file, to its owner only (agents have their own route in the staff console)."""
    return attachment_download(petitions.own_attachment(db.session, petition_id=petition_id,
                                                        attachment_id=attachment_id, person_id=current_user.person_id))


def attachment_download(item: petitions.AttachmentFile) -> Response:
    """A stored attachment (bytes from the database) as a private download that no browser renders or sniffs."""
    response = send_file(io.BytesIO(item.data), mimetype=item.content_type, as_attachment=True,
                         download_name=item.file_name, conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return private(response)
