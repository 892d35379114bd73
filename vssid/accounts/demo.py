"""Working logins for the demo people, created right after `flask seed-demo`.

The passwords meet the policy (long passphrases) and need no change, so a newcomer can
log in at once; they are printed by `make run` and listed in the README.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.accounts.passwords import hash_password
from vssid.registry.models import Person

DEMO_PASSWORDS = {
    "worker": "cong nhan may Binh Duong",
    "pensioner": "ong ba nghi huu vui khoe",
    "parent": "hai be nha minh ngoan lam",
    "voluntary": "tu nguyen dong bao hiem",
}
ROLE_NAMES = {
    "worker": "Người lao động",
    "pensioner": "Người nghỉ hưu",
    "parent": "Cha/mẹ có con nhỏ",
    "voluntary": "Người tham gia tự nguyện",
}


def create_demo_logins(session: Session, cast) -> list[tuple[str, Person, str]]:
    """Give each demo person an active account; returns (role, person, password) rows."""
    rows = []
    for role, password in DEMO_PASSWORDS.items():
        person = session.get(Person, getattr(cast, role).person_id if hasattr(getattr(cast, role), "person_id") else getattr(cast, role))
        if person is None or session.scalars(select(Account.id).where(Account.person_id == person.id)).first():
            continue
        session.add(Account(
            person_id=person.id, password_hash=hash_password(password), must_change_password=False,
            phone=person.phone or "0900000000", email=person.email,
            webauthn_user_handle=secrets.token_bytes(32),
        ))
        rows.append((role, person, password))
    return rows
