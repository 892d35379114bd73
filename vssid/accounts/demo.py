"""Working logins for the demo people, created right after `flask seed-demo`.

The passwords are long passphrases that meet the policy and need no change, so a
newcomer can log in at once; `make run` prints them and the README lists them.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from vssid.accounts.models import Account
from vssid.accounts.passwords import hash_password, verify_password
from vssid.registry.models import Person

DEMO_PASSWORDS = {
    "worker": "ke toan cong ty o Ha Noi",
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
    """Give each of the cast's main people an active account; returns (role, person, password)."""
    rows = []
    for demo_person in cast.main:
        person = session.get(Person, demo_person.id)
        password = DEMO_PASSWORDS[demo_person.role]
        session.add(Account(
            person_id=person.id, password_hash=hash_password(password), must_change_password=False,
            phone=person.phone or "", email=person.email, webauthn_user_handle=secrets.token_bytes(32),
        ))
        rows.append((demo_person.role, person, password))
    return rows


def existing_demo_logins(session: Session, *, scan: int = 20) -> list[tuple[str, Person, str]]:
    """The demo logins still working in this database (the first accounts, checked one by one)."""
    rows = []
    accounts = session.scalars(select(Account).order_by(Account.id).limit(scan)).all()
    for role, password in DEMO_PASSWORDS.items():
        match = next((a for a in accounts if verify_password(a.password_hash, password)), None)
        if match is not None:
            rows.append((role, match.person, password))
    return rows
