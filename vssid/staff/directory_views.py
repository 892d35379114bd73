"""Editors: load the public directories (docs/LOOKUPS_CSV.md) from a CSV file."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from vssid.accounts.web import client
from vssid.extensions import db, limiter
from vssid.lookups import csv_import
from vssid.staff.audit_log import record
from vssid.staff.views import bp
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import render, render_form_error

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KIND_LABELS = {kind: layout.title for kind, layout in csv_import.LAYOUTS.items()}


@bp.route("/danh-ba", methods=["GET", "POST"])
@staff_required("editor")
@limiter.limit("30 per hour", methods=["POST"])
def directory_import_page():
    if request.method == "GET":
        return _page(errors={}, kind="")
    too_big = _("Tệp lớn hơn 10 MB. Hãy chia thành nhiều tệp, hoặc dùng lệnh flask lookups import.")
    kind = request.form.get("kind", "")
    if request.content_length and request.content_length > MAX_UPLOAD_BYTES:
        return _form_error({"file": too_big}, kind=kind)
    errors = {}
    if kind not in csv_import.LAYOUTS:
        errors["kind"] = _("Chọn loại danh bạ.")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        errors["file"] = _("Chọn tệp CSV.")
    if errors:
        return _form_error(errors, kind=kind)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return _form_error({"file": too_big}, kind=kind)
    try:
        result = csv_import.import_csv(db.session, kind=kind, data=data)
    except csv_import.CsvRejected as exc:
        db.session.rollback()
        return _form_error({"file": exc.message}, kind=kind, rejected=exc, filename=upload.filename)
    record(db.session, "directory_imported", staff_id=current_staff.id, client=client(), kind=kind,
           filename=upload.filename, rows=result.rows, created=result.created, updated=result.updated,
           deleted=result.deleted)
    db.session.commit()
    return _page(errors={}, kind=kind, result=result, filename=upload.filename)


def _page(**context):
    context.setdefault("result", None)
    context.setdefault("rejected", None)
    return render("staff/directory_import.html", kinds=KIND_LABELS,
                  max_problems=csv_import.MAX_PROBLEMS_SHOWN, **context)


def _form_error(errors: dict, *, kind: str, rejected=None, filename: str | None = None):
    return render_form_error("staff/directory_import.html", block="content", errors=errors, result=None,
                             rejected=rejected, kind=kind, filename=filename, kinds=KIND_LABELS,
                             max_problems=csv_import.MAX_PROBLEMS_SHOWN)
