"""Password hashing and policy (OWASP ASVS 4.0.3 §2.1 and §2.4).

argon2id with the library's RFC 9106 "low memory" profile; at least 12 characters, up to
128, any characters, no composition rules; refused when easy to guess (zxcvbn's
dictionaries of common passwords, names and patterns) or when it contains the person's
own identifiers.
"""
from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from zxcvbn import zxcvbn

from vssid.core.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128

_hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


def set_cost(*, time_cost: int, memory_kib: int, parallelism: int) -> None:
    """Change the argon2id cost (the test suite lowers it; production keeps RFC 9106's)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def normalise(password: str) -> str:
    """NFC, so the same password typed on two keyboards hashes the same (ASVS 2.1.3)."""
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    return _hasher.hash(normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def waste_time_like_a_verification(password: str) -> None:
    """Verify against a throw-away hash of the current cost: an unknown login id takes as
    long to refuse as a wrong password (no account enumeration by timing)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash("not-a-real-password-for-timing"))
    verify_password(_dummy[1], password)


_dummy: tuple[PasswordHasher, str] | None = None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_policy(password: str, *, personal: list[str]) -> None:
    """Raise ValidationError (field "password") when the password may not be used.

    `personal` holds the person's mã số, CCCD, date of birth and phone.
    """
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.", field="password")
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.", field="password")
    compact = password.replace(" ", "").replace("/", "").replace("-", "")
    for value in filter(None, personal):
        plain = value.replace("/", "").replace("-", "")
        if plain and (plain == compact or plain in compact and len(compact) - len(plain) < 4):
            raise ValidationError(
                "Mật khẩu không được là mã số BHXH, số CCCD, ngày sinh hay số điện thoại của bạn.",
                field="password",
            )
    if zxcvbn(password, user_inputs=[p for p in personal if p])["score"] < 3:
        raise ValidationError(
            "Mật khẩu này quá phổ biến hoặc dễ đoán. Hãy dùng một cụm từ dài mà chỉ bạn biết.",
            field="password",
        )
