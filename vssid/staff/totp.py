"""Time-based one-time passwords from an authenticator app (RFC 6238), for staff logins.

30-second steps, 6 digits, SHA-1 (what every authenticator app reads from the QR code).
A code is accepted for the step before, the current one and the next one (clock drift),
but only for a step later than the last one accepted, so a code seen over a shoulder or
replayed from a log cannot be used again (ASVS 2.8.4).

The secret is stored encrypted with AES-256-GCM under a key derived from the app secret
(HKDF-SHA-256); the staff member's id is the associated data, so a ciphertext copied to
another staff row does not decrypt.
"""
from __future__ import annotations

import datetime as dt
import hmac
import html
import os

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ISSUER = "VssID Cán bộ"
STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # one step either side
_NONCE = 12


class SecretUnreadable(Exception):
    """The stored secret does not decrypt (the app secret changed, or the row was tampered with)."""


def new_secret() -> str:
    """160 random bits as base32 (RFC 4226 recommends at least 128)."""
    return pyotp.random_base32(32)


def _cipher(app_secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"vssid staff totp v1").derive(
        app_secret.encode()
    )
    return AESGCM(key)


def seal(secret: str, *, app_secret: str, staff_id: int) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + _cipher(app_secret).encrypt(nonce, secret.encode(), f"staff:{staff_id}".encode())


def unseal(blob: bytes, *, app_secret: str, staff_id: int) -> str:
    try:
        plain = _cipher(app_secret).decrypt(blob[:_NONCE], blob[_NONCE:], f"staff:{staff_id}".encode())
    except (InvalidTag, ValueError) as exc:
        raise SecretUnreadable from exc
    return plain.decode()


def step_at(now: dt.datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def code_for_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def matching_step(secret: str, code: str, *, now: dt.datetime, after_step: int | None) -> int | None:
    """The time step whose code is `code`, within the drift window and later than
    `after_step`; None when the code is wrong, too old or already used."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    current = step_at(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # Compare every candidate (no early exit) so timing says nothing about which matched.
        if hmac.compare_digest(code_for_step(secret, step), code) and found is None:
            found = step
    if found is None or (after_step is not None and found <= after_step):
        return None
    return found


def provisioning_uri(secret: str, *, email: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str, *, title: str) -> str:
    """The otpauth:// URI as an inline SVG QR code (CSP allows no data: scripts, SVG inline is markup)."""
    code = segno.make(uri, error="m", micro=False)
    svg = code.svg_inline(border=4, dark="#000", light="#fff", omitsize=True, title=title, svgclass="qr-code")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)


def display_secret(secret: str) -> str:
    """The secret for typing into an app by hand: groups of four characters."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))

