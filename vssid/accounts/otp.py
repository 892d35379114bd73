"""One-time codes: 6 digits from pyotp, stored only as a keyed hash.

A 6-digit code has a million values, so a plain hash could be reversed from a stolen
table in a second; the HMAC key (the app secret) prevents that.
"""
from __future__ import annotations

import hashlib
import hmac

import pyotp

CODE_DIGITS = 6
VALID_SECONDS = 5 * 60
MAX_ATTEMPTS = 5
RESEND_AFTER_SECONDS = 60


def new_code() -> str:
    # A fresh random secret per code: the code is a random 6-digit number, not a TOTP.
    return pyotp.TOTP(pyotp.random_base32(), digits=CODE_DIGITS).now()


def hash_code(code: str, *, key: str, challenge_salt: str) -> str:
    message = f"{challenge_salt}:{code.strip()}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def codes_match(expected_hash: str, code: str, *, key: str, challenge_salt: str) -> bool:
    return hmac.compare_digest(expected_hash, hash_code(code, key=key, challenge_salt=challenge_salt))


def digest(value: str) -> str:
    """SHA-256 of a long random value (session token, device id)."""
    return hashlib.sha256(value.encode()).hexdigest()
