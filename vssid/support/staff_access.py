"""Who may use the support staff screens: TEMPORARY, until the staff-console issue.

There are no staff accounts yet. Until the staff console brings real staff accounts and
roles, a citizen account whose mã số BHXH is listed in the setting VSSID_STAFF_MA_SO
(environment: comma-separated) is staff, with every support role. Use it in development and
tests only; production leaves the list empty, so the screens are closed to everyone.

    @bp.get("/nhan-vien/phan-anh")
    @staff_required(SUPPORT_AGENT)
    def queue(): ...

This module is Flask-free (the layering rule): `staff_required` asks a gate for the current
request's staff member. The web layer installs the gate (`install_gate`, done by
vssid/support/staff_views.py when its blueprint is registered); without one the decorator
refuses every request, so a missing gate never opens a screen.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.registry.models import Person

FAQ_EDITOR = "editor"  # create, edit, unpublish FAQ entries (the staff console's role name)
SUPPORT_AGENT = "support_agent"  # the petition queue: assign, answer, close
ROLES = (FAQ_EDITOR, SUPPORT_AGENT)


@dataclass(frozen=True)
class StaffMember:
    account_id: int
    ma_so: str
    roles: frozenset[str]


def staff_member(*, account_id: int, ma_so: str, allowed: tuple[str, ...] | list[str]) -> StaffMember | None:
    """The staff member an account is, or None. Temporary rule: listed mã số, every role."""
    if ma_so in set(allowed):
        return StaffMember(account_id, ma_so, frozenset(ROLES))
    return None


def staff_accounts(session: Session, *, allowed: tuple[str, ...] | list[str]) -> list[Account]:
    """The accounts that are staff (for "assign to"), by name."""
    if not allowed:
        return []
    return list(session.scalars(
        select(Account).join(Person, Person.id == Account.person_id)
        .where(Person.ma_so.in_(list(allowed)), Account.status == "active").order_by(Person.full_name, Account.id)
    ))


# The gate: called with the role; returns None to let the view run, or a response to return
# instead (the login page for a visitor); raises Forbidden for a citizen without the role.
Gate = Callable[[str], object]
_gate: Gate | None = None


def install_gate(gate: Gate) -> None:
    global _gate
    _gate = gate


def staff_required(role: str):
    if role not in ROLES:
        raise ValueError(f"unknown staff role {role!r}")

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if _gate is None:
                raise RuntimeError("staff gate not installed: register the support_staff blueprint")
            refused = _gate(role)
            return refused if refused is not None else view(*args, **kwargs)

        return guarded

    return decorate
