"""Who may do what in the staff console: the public entry point for every area.

    from vssid.staff.access import staff_required, current_staff

Roles: "officer", "support_agent", "editor", "admin" (admin passes every check).
The rule itself (`role_allows`) is Flask-free and lives in vssid/staff/models.py; the
decorator and `current_staff` are Flask glue in vssid/staff/web.py, re-exported here.
"""
from vssid.staff.models import ROLE_LABELS_VI, ROLES, role_allows
from vssid.staff.web import current_staff, staff_required

__all__ = ["ROLES", "ROLE_LABELS_VI", "current_staff", "role_allows", "staff_required"]
