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

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@bp.route("/nhap-du-lieu", methods=["GET", "POST"])
@staff_required("officer")
@limiter.limit("30 per hour", methods=["POST"])
def registry_import_page():
    if request.method == "GET":
        return render("staff/import.html", errors={}, result=None, rejected=None, dry_run=True)
    if request.content_length and request.content_length > MAX_UPLOAD_BYTES:  # before reading the body
        return render_form_error("staff/import.html", block="content", result=None, rejected=None, dry_run=True,
                                 errors={"file": _("Tệp lớn hơn 50 MB. Hãy chia thành nhiều tệp, "
                                                   "hoặc dùng lệnh flask registry import.")})
    dry_run = request.form.get("dry_run") == "1"
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        errors = {"file": _("Chọn tệp JSON xuất từ hệ thống nghiệp vụ.")}
    else:
        errors = {}
    if errors:
        return render_form_error("staff/import.html", block="content", errors=errors, result=None, rejected=None,
                                 dry_run=dry_run)
    try:
        result = registry_import.import_export(db.session, data=upload.read(MAX_UPLOAD_BYTES + 1),
                                               staff_id=current_staff.id, client=client(), dry_run=dry_run)
    except registry_import.ImportRejected as exc:
        return render_form_error("staff/import.html", block="content", errors={"file": exc.message}, result=None,
                                 rejected=exc, dry_run=dry_run, filename=upload.filename)
    return render("staff/import.html", errors={}, result=result, rejected=None, dry_run=dry_run,
                  filename=upload.filename, labels=registry_import.COLLECTION_LABELS_VI)
