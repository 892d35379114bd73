"""Officers: load the core system's JSON export (docs/registry-import.schema.json)."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from vssid.accounts.web import client
from vssid.extensions import db, limiter
from vssid.staff import registry_import
from vssid.staff.views import bp
from vssid.staff.web import current_staff, staff_required
from vssid.web.rendering import render, render_form_error

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # about 5,000 people: ~7 s SQLite, ~11 s PostgreSQL


@bp.route("/nhap-du-lieu", methods=["GET", "POST"])
@staff_required("officer")
@limiter.limit("30 per hour", methods=["POST"])
def registry_import_page():
    if request.method == "GET":
        return render("staff/import.html", errors={}, result=None, rejected=None, dry_run=True)
    too_big = _("Tệp lớn hơn 10 MB. Hãy chia thành nhiều tệp, hoặc dùng lệnh flask registry import.")
    if request.content_length and request.content_length > MAX_UPLOAD_BYTES:  # before reading the body
        return _form_error({"file": too_big}, dry_run=True)
    dry_run = request.form.get("dry_run") == "1"
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _form_error({"file": _("Chọn tệp JSON xuất từ hệ thống nghiệp vụ.")}, dry_run=dry_run)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return _form_error({"file": too_big}, dry_run=dry_run)
    try:
        result = registry_import.import_export(db.session, data=data, staff_id=current_staff.id, client=client(),
                                               dry_run=dry_run)
    except registry_import.ImportRejected as exc:
        return _form_error({"file": exc.message}, dry_run=dry_run, rejected=exc, filename=upload.filename)
    return render("staff/import.html", errors={}, result=result, rejected=None, dry_run=dry_run,
                  filename=upload.filename, labels=registry_import.COLLECTION_LABELS_VI)


def _form_error(errors: dict, *, dry_run: bool, rejected=None, filename: str | None = None):
    return render_form_error("staff/import.html", block="content", errors=errors, result=None, rejected=rejected,
                             dry_run=dry_run, filename=filename)
