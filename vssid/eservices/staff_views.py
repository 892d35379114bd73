"""Officers process public-service requests (blueprint "eservices_staff", /can-bo/dich-vu-cong)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, request, url_for
from flask_babel import gettext as _

from vssid.accounts.web import client, redirect_to
from vssid.core.db import utcnow
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.eservices import services
from vssid.eservices.models import REQUEST_KINDS, REQUEST_STATUSES
from vssid.extensions import db
from vssid.payments.web import today
from vssid.staff.access import current_staff, staff_required
from vssid.staff.audit_log import record
from vssid.web.rendering import render, render_form_error

bp = Blueprint("eservices_staff", __name__, url_prefix="/can-bo/dich-vu-cong")

LABELS = {"kinds": services.KIND_LABELS_VI, "statuses": services.STATUS_LABELS_VI,
          "reasons": services.REASON_LABELS_VI}


@bp.get("")
@staff_required("officer")
def queue() -> Response:
    status = request.args.get("trang_thai", "submitted")
    kind = request.args.get("loai", "")
    status = status if status in REQUEST_STATUSES else "submitted"
    kind = kind if kind in REQUEST_KINDS else ""
    return render("eservices/staff_queue.html", rows=services.queue(db.session, status=status, kind=kind),
                  selected_status=status, kind=kind, all_kinds=REQUEST_KINDS, all_statuses=REQUEST_STATUSES, **LABELS)


@bp.get("/<int:request_id>")
@staff_required("officer")
def detail(request_id: int) -> Response:
    found = services.get_request(db.session, request_id=request_id)
    return render("eservices/staff_request.html", r=found, note="", error=None,
                  card=services.current_card(db.session, person_id=found.person_id), **LABELS)


@bp.post("/<int:request_id>")
@staff_required("officer")
def decide(request_id: int) -> Response:
    approve = request.form.get("action") == "approve"
    note = request.form.get("note", "")
    try:
        decided = services.decide(db.session, request_id=request_id, approve=approve, staff_id=current_staff.id,
                                  note=note, today=today(), now=utcnow())
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect_to(url_for("eservices_staff.queue"))
    except ValidationError as exc:
        db.session.rollback()
        found = services.get_request(db.session, request_id=request_id)
        return render_form_error("eservices/staff_request.html", r=found, note=note, error=exc.message,
                                 card=services.current_card(db.session, person_id=found.person_id), **LABELS)
    except NotFound:
        raise
    record(db.session, "eservice_approved" if approve else "eservice_rejected", staff_id=current_staff.id,
           client=client(), account_id=decided.account_id, subject=decided.person.ma_so, reference=decided.reference)
    db.session.commit()
    flash(_("Đã xử lý yêu cầu %(ref)s: %(status)s.", ref=decided.reference,
            status=services.STATUS_LABELS_VI[decided.status]), "success")
    return redirect_to(url_for("eservices_staff.queue"))
