"""VSS's card-signing keys: create, rotate, revoke, publish (JWKS) and sign (Flask-free).

Several keys may verify at once: the ``active`` one (the newest signs), and ``retired``
ones during the grace period after a rotation, so codes already on phones (they live
``code_days``) keep verifying. A revoked key verifies nothing once a verifier has synced.
The key set is published as a JWKS (RFC 7517) with, beyond the standard members, each
key's ``nbf``/``exp`` and ``status``, a ``revoked`` list of key ids, ``iat`` (when the set
was built) and ``max_age`` (seconds after which the verifier page warns that its copy is old).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vssid.card import signing
from vssid.card.models import CardSigningKey
from vssid.core.errors import Conflict, NotFound, ValidationError
from vssid.registry.models import HealthCard, Person

# Opened private keys, by (kid, secret digest): unsealing on every card page is wasted work.
_opened: dict[tuple[str, int], object] = {}


def _open(row: CardSigningKey, *, secret: str):
    cache_key = (row.kid, hash(secret))
    key = _opened.get(cache_key)
    if key is None:
        key = signing.unseal(row.private_key_sealed, secret=secret, kid=row.kid)
        _opened[cache_key] = key
    return key


def create_key(session: Session, *, now: dt.datetime, secret: str) -> CardSigningKey:
    """A new active key, valid from ``now``."""
    private = signing.generate_private_key()
    kid = signing.key_id(private.public_key())
    row = CardSigningKey(
        kid=kid, algorithm=signing.ALGORITHM, public_key=signing.public_pem(private.public_key()),
        private_key_sealed=signing.seal(private, secret=secret, kid=kid), status="active",
        not_before=now, not_after=None, created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def list_keys(session: Session) -> list[CardSigningKey]:
    return list(session.scalars(select(CardSigningKey).order_by(CardSigningKey.not_before.desc(),
                                                                 CardSigningKey.id.desc())))


def _in_force(now: dt.datetime):
    return (CardSigningKey.not_before <= now) & (
        or_(CardSigningKey.not_after.is_(None), CardSigningKey.not_after > now))


def rotate(session: Session, *, now: dt.datetime, secret: str, grace: dt.timedelta,
           code_lifetime: dt.timedelta) -> tuple[CardSigningKey, list[CardSigningKey]]:
    """Add a key that signs from now on; the keys that were active verify for ``grace``
    more and are then dropped from the key set. ``grace`` shorter than a code's lifetime
    would turn codes already on phones invalid, so it is refused."""
    if grace < code_lifetime:
        raise ValidationError(
            f"Thời gian chuyển tiếp ({grace.days} ngày) phải dài ít nhất bằng thời hạn của mã xác thực "
            f"({code_lifetime.days} ngày), để mã đã cấp cho điện thoại vẫn kiểm tra được.", field="grace")
    retired = list(session.scalars(select(CardSigningKey).where(CardSigningKey.status == "active")))
    for row in retired:
        row.status = "retired"
        row.retired_at = now
        row.not_after = now + grace if row.not_after is None else min(row.not_after, now + grace)
    new = create_key(session, now=now, secret=secret)
    return new, retired


def revoke(session: Session, *, kid: str, now: dt.datetime) -> CardSigningKey:
    """Revoke a key at once: verifiers reject its codes after their next sync."""
    row = session.scalar(select(CardSigningKey).where(CardSigningKey.kid == kid.strip()))
    if row is None:
        raise NotFound(f"Không có khóa ký mã {kid}.")
    if row.status == "revoked":
        raise Conflict(f"Khóa {kid} đã bị thu hồi từ trước.")
    row.status = "revoked"
    row.revoked_at = now
    return row


def signing_key(session: Session, *, now: dt.datetime, secret: str) -> tuple[CardSigningKey, object]:
    """The newest active key in force that this secret opens, and its private key.

    With none (a new installation, every key revoked, or the secret changed so none
    opens), a key is created and committed at once (its own unit of work): revoking a key
    must never stop the cards from being signed. Two first requests at the same moment
    may each create one; both are then active and published, and the newer signs."""
    rows = session.scalars(select(CardSigningKey).where(CardSigningKey.status == "active", _in_force(now))
                           .order_by(CardSigningKey.not_before.desc(), CardSigningKey.id.desc()))
    for row in rows:
        try:
            return row, _open(row, secret=secret)
        except signing.SealError:
            continue
    row = create_key(session, now=now, secret=secret)
    session.commit()
    return row, _open(row, secret=secret)


@dataclass(frozen=True)
class SignedCode:
    token: str
    kid: str
    issued_at: dt.datetime
    expires_at: dt.datetime


def issue_time(now: dt.datetime) -> dt.datetime:
    """Codes are issued on the hour: every view of a card within the hour gets the same code
    (deterministic signature), so the card page, its offline copy and a reload draw one QR.
    The code then lives up to 59 minutes less than its lifetime, days long."""
    return now.replace(minute=0, second=0, microsecond=0)


def card_claims(person: Person, card: HealthCard, *, birth: str, now: dt.datetime,
                lifetime: dt.timedelta) -> signing.CardClaims:
    issued = now.replace(microsecond=0)
    return signing.CardClaims(
        card_number=card.card_number, full_name=person.full_name, birth=birth,
        benefit_level=card.benefit_level, facility_code=card.facility_code, valid_from=card.valid_from,
        valid_to=card.valid_to, issued_at=issued, expires_at=issued + lifetime,
    )


def sign_card(session: Session, person: Person, card: HealthCard, *, birth: str, now: dt.datetime,
              lifetime: dt.timedelta, secret: str) -> SignedCode:
    """The "Mã xác thực" of ``card`` issued at ``now``, valid for ``lifetime``."""
    row, private = signing_key(session, now=now, secret=secret)
    claims = card_claims(person, card, birth=birth, now=max(issue_time(now), row.not_before), lifetime=lifetime)
    return SignedCode(token=signing.sign(claims, private_key=private, kid=row.kid), kid=row.kid,
                      issued_at=claims.issued_at, expires_at=claims.expires_at)


def published(session: Session, *, now: dt.datetime) -> tuple[list[CardSigningKey], list[str]]:
    """The keys that verify at ``now`` (active or retired, in force) and the revoked ids."""
    rows = list(session.scalars(select(CardSigningKey).where(CardSigningKey.status != "revoked")
                                .where(or_(CardSigningKey.not_after.is_(None), CardSigningKey.not_after > now))
                                .order_by(CardSigningKey.not_before.desc(), CardSigningKey.id.desc())))
    revoked = list(session.scalars(select(CardSigningKey.kid).where(CardSigningKey.status == "revoked")
                                   .order_by(CardSigningKey.kid)))
    return rows, revoked


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def jwks(session: Session, *, now: dt.datetime, max_age: dt.timedelta) -> dict:
    """The public key set as the verifier page downloads it."""
    rows, revoked = published(session, now=now)
    keys = []
    for row in rows:
        jwk = {**signing.public_jwk(signing.load_public_pem(row.public_key)), "kid": row.kid,
               "alg": row.algorithm, "use": "sig", "status": row.status, "nbf": _epoch(row.not_before)}
        if row.not_after is not None:
            jwk["exp"] = _epoch(row.not_after)
        keys.append(jwk)
    return {"keys": keys, "revoked": revoked, "iat": _epoch(now), "max_age": int(max_age.total_seconds())}


def verify_code(session: Session, *, text: str, now: dt.datetime) -> signing.Verdict:
    """The server's own check of a code (the verifier page without script uses it)."""
    rows, revoked = published(session, now=now)
    keys = {row.kid: signing.VerifyingKey(kid=row.kid, public_key=signing.load_public_pem(row.public_key),
                                          not_before=row.not_before, not_after=row.not_after) for row in rows}
    return signing.verify(text, keys=keys, revoked=set(revoked), now=now)


def sealing_secret(config: dict) -> str:
    """The secret that seals the private keys: VSSID_CARD_KEY_SECRET, else SECRET_KEY."""
    return config.get("VSSID_CARD_KEY_SECRET") or config["SECRET_KEY"]
