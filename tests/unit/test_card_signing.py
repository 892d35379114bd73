"""The signed card code ("Mã xác thực"): compact JWS, ES256 (vssid/card/signing.py).

The known vector below is signed with the P-256 private key of RFC 6979 A.2.5 (signatures
are deterministic, RFC 6979, so signing its claims again gives it byte for byte) and
is checked here by an independent decoder (base64, json and `cryptography` directly, not
vssid code), so a change to the format that clinics' verifiers rely on cannot pass
unnoticed. Sources: RFC 7515 (JWS), RFC 7518 §3.4 (ES256: raw r||s), RFC 7638 (thumbprint).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from vssid.card import signing

UTC = dt.timezone.utc
RFC6979_KEY = int("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16)
VECTOR_JWK = {"crv": "P-256", "kty": "EC", "x": "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y",
              "y": "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk"}
VECTOR_KID = "DOvxvJiAdIqV"
VECTOR = (
    "eyJhbGciOiJFUzI1NiIsImtpZCI6IkRPdnh2SmlBZElxViJ9."
    "eyJubyI6Ijc5MTIzNDU2NzgiLCJubSI6IkzDqiBUaOG7iyBUaHUgSOG6sW5nIiwiYmQiOiIwOS8wMy8xOTg4IiwibHYiOjQsImZjIjoiNzkw"
    "MTEiLCJ2ZiI6IjIwMjYtMDEtMDEiLCJ2dCI6IjIwMjYtMTItMzEiLCJpYXQiOjE3OTU2NjIwMDAsImV4cCI6MTc5NjI2NjgwMH0."
    "FYxrYXNkh4mzf46QTdoPL2VvXrM0dRnksvsXpkACWOfaXNIu_W7mryUoIAVpGZsoQC9B2mxLt1brwppbUjdquA"
)
ISSUED = dt.datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def vector_key() -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(RFC6979_KEY, ec.SECP256R1())


def vector_claims(**overrides) -> signing.CardClaims:
    values = dict(card_number="7912345678", full_name="Lê Thị Thu Hằng", birth="09/03/1988", benefit_level=4,
                  facility_code="79011", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31),
                  issued_at=ISSUED, expires_at=ISSUED + dt.timedelta(days=7))
    values.update(overrides)
    return signing.CardClaims(**values)


def keyring(private: ec.EllipticCurvePrivateKey, *, not_before=ISSUED - dt.timedelta(days=30), not_after=None):
    kid = signing.key_id(private.public_key())
    return {kid: signing.VerifyingKey(kid=kid, public_key=private.public_key(), not_before=not_before,
                                      not_after=not_after)}


def b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


# --- The known vector, read by an independent decoder ----------------------------------


def test_known_vector_verifies_with_cryptography_alone():
    header_b64, payload_b64, signature_b64 = VECTOR.split(".")
    header = json.loads(b64(header_b64))
    payload = json.loads(b64(payload_b64).decode("utf-8"))
    assert header == {"alg": "ES256", "kid": VECTOR_KID}
    assert payload == {"no": "7912345678", "nm": "Lê Thị Thu Hằng", "bd": "09/03/1988", "lv": 4, "fc": "79011",
                       "vf": "2026-01-01", "vt": "2026-12-31", "iat": 1795662000, "exp": 1796266800}
    raw = b64(signature_b64)
    assert len(raw) == 64  # JWS ES256: r||s, 32 bytes each, what Web Crypto verifies
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64(VECTOR_JWK["x"]), "big"),
                                           int.from_bytes(b64(VECTOR_JWK["y"]), "big"), ec.SECP256R1()).public_key()
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if wrong
    assert public.public_numbers() == vector_key().public_key().public_numbers()


def test_key_id_is_the_rfc7638_thumbprint_prefix():
    canonical = json.dumps(VECTOR_JWK, separators=(",", ":"), sort_keys=True).encode()
    thumbprint = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()
    assert signing.key_id(vector_key().public_key()) == thumbprint[:12] == VECTOR_KID
    assert signing.public_jwk(vector_key().public_key()) == VECTOR_JWK


def test_signing_the_vector_claims_gives_the_vector_byte_for_byte():
    """Deterministic ECDSA: the same claims and key always give the same code."""
    assert signing.sign(vector_claims(), private_key=vector_key(), kid=VECTOR_KID) == VECTOR
    other = signing.sign(vector_claims(issued_at=ISSUED + dt.timedelta(hours=1)), private_key=vector_key(),
                         kid=VECTOR_KID)
    assert other.rsplit(".", 1)[1] != VECTOR.rsplit(".", 1)[1]


def test_signatures_are_rfc6979_deterministic():
    """RFC 6979 A.2.5, P-256 with SHA-256, message "sample": the published r and s, made
    with the same ECDSA call signing.sign uses."""
    der = vector_key().sign(b"sample", ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    assert der == encode_dss_signature(
        int("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", 16),
        int("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", 16))


def test_the_vector_is_valid_expired_by_code_then_by_card():
    keys = keyring(vector_key())
    verdict = signing.verify(VECTOR, keys=keys, now=ISSUED + dt.timedelta(days=6, hours=23))
    assert verdict.state == signing.VALID and verdict.claims.full_name == "Lê Thị Thu Hằng"
    verdict = signing.verify(VECTOR, keys=keys, now=ISSUED + dt.timedelta(days=7))
    assert verdict.state == signing.EXPIRED and "Mã xác thực đã hết hạn" in verdict.reason
    assert verdict.claims.card_number == "7912345678"  # the clerk may still see whose code it was


def test_a_code_is_small_enough_for_a_phone_to_read_off_another_phone():
    import segno

    token = signing.sign(vector_claims(full_name="Nguyễn Thị Phương Thảo Hồng Nhung"), private_key=vector_key(),
                         kid=VECTOR_KID)
    assert len(token) < 400
    assert segno.make(token, error="m", micro=False).version <= 15  # 77 modules at most


# --- Rejections -------------------------------------------------------------------------


def _flip(token: str, index: int) -> str:
    ch = token[index]
    return token[:index] + ("B" if ch != "B" else "C") + token[index + 1:]


@pytest.mark.parametrize("where", ["header", "payload", "signature"])
def test_a_changed_character_anywhere_is_invalid(where):
    header, payload, sig = VECTOR.split(".")
    index = {"header": 5, "payload": len(header) + 1 + 40, "signature": len(header) + len(payload) + 2 + 10}[where]
    verdict = signing.verify(_flip(VECTOR, index), keys=keyring(vector_key()), now=ISSUED + dt.timedelta(hours=1))
    assert verdict.state == signing.INVALID
    assert verdict.claims is None  # nothing from a forged code is shown as if it were real


def test_a_changed_name_with_the_old_signature_is_invalid():
    header, _payload, sig = VECTOR.split(".")
    forged_claims = {**json.loads(b64(_payload).decode()), "nm": "Nguyễn Văn Giả"}
    forged = header + "." + signing.b64url(json.dumps(forged_claims, ensure_ascii=False).encode()) + "." + sig
    verdict = signing.verify(forged, keys=keyring(vector_key()), now=ISSUED + dt.timedelta(hours=1))
    assert verdict == signing.Verdict(signing.INVALID, "Chữ ký không khớp: mã đã bị sửa hoặc bị giả mạo.")


def test_a_code_signed_by_an_unknown_key_is_invalid_even_with_a_known_kid():
    stranger = ec.generate_private_key(ec.SECP256R1())
    own_kid = signing.sign(vector_claims(), private_key=stranger, kid=signing.key_id(stranger.public_key()))
    stolen_kid = signing.sign(vector_claims(), private_key=stranger, kid=VECTOR_KID)
    now = ISSUED + dt.timedelta(hours=1)
    assert "không có trong bộ khóa" in signing.verify(own_kid, keys=keyring(vector_key()), now=now).reason
    assert signing.verify(stolen_kid, keys=keyring(vector_key()), now=now).reason.startswith("Chữ ký không khớp")


def test_revoked_key_and_key_out_of_its_period():
    now = ISSUED + dt.timedelta(hours=1)
    verdict = signing.verify(VECTOR, keys=keyring(vector_key()), revoked={VECTOR_KID}, now=now)
    assert verdict.state == signing.INVALID and "thu hồi" in verdict.reason
    retired_before = keyring(vector_key(), not_after=ISSUED - dt.timedelta(minutes=1))
    assert "ngoài thời hạn hiệu lực của khóa" in signing.verify(VECTOR, keys=retired_before, now=now).reason
    too_new = keyring(vector_key(), not_before=ISSUED + dt.timedelta(hours=1))
    assert signing.verify(VECTOR, keys=too_new, now=now).state == signing.INVALID


def test_card_validity_is_judged_on_the_vietnam_date():
    key = vector_key()
    keys = keyring(key)
    ended = signing.sign(vector_claims(valid_to=dt.date(2026, 11, 25)), private_key=key, kid=VECTOR_KID)
    # 26/11 10:00 in Vietnam: the card ended the day before.
    verdict = signing.verify(ended, keys=keys, now=ISSUED + dt.timedelta(hours=1))
    assert (verdict.state, verdict.reason) == (signing.EXPIRED, "Thẻ BHYT đã hết giá trị sử dụng.")
    last_day = signing.sign(vector_claims(valid_to=dt.date(2026, 11, 26)), private_key=key, kid=VECTOR_KID)
    # 26/11 23:30 in Vietnam is still 26/11 (16:30 UTC): valid on its last day.
    assert signing.verify(last_day, keys=keys, now=dt.datetime(2026, 11, 26, 16, 30, tzinfo=UTC)).valid
    future = signing.sign(vector_claims(valid_from=dt.date(2026, 12, 1)), private_key=key, kid=VECTOR_KID)
    assert signing.verify(future, keys=keys, now=ISSUED + dt.timedelta(hours=1)).reason == (
        "Thẻ BHYT chưa đến ngày có giá trị sử dụng.")


def test_issued_in_the_future_or_ending_before_issue_is_invalid():
    key = vector_key()
    later = signing.sign(vector_claims(issued_at=ISSUED + dt.timedelta(hours=2)), private_key=key, kid=VECTOR_KID)
    assert signing.verify(later, keys=keyring(key), now=ISSUED).reason == "Thời điểm cấp mã không hợp lệ."
    backwards = signing.sign(vector_claims(expires_at=ISSUED - dt.timedelta(seconds=1)), private_key=key,
                             kid=VECTOR_KID)
    assert signing.verify(backwards, keys=keyring(key), now=ISSUED).state == signing.INVALID


@pytest.mark.parametrize("text, reason", [
    ("", "Vui lòng quét hoặc dán mã xác thực."),
    ("7912345678|4cc3aa|09/03/1988|2|-|79 - 011|01/01/2026|31/12/2026|01/01/2026|||||$",
     "Đây là mã QR thông thường của thẻ (không có chữ ký). Hãy quét “Mã xác thực”."),
    ("abc.def", "Mã xác thực không đúng định dạng."),
    ("a.b.c.d", "Mã xác thực không đúng định dạng."),
    ("!!!.eyJ9.AAAA", "Mã xác thực không đúng định dạng."),
    (signing.b64url(b'{"alg":"none","kid":"x"}') + "." + VECTOR.split(".")[1] + ".", "Mã xác thực dùng thuật toán"
     " ký không được chấp nhận."),
    (signing.b64url(b'{"alg":"HS256","kid":"x"}') + "." + VECTOR.split(".")[1] + "." + VECTOR.split(".")[2],
     "Mã xác thực dùng thuật toán ký không được chấp nhận."),
    (VECTOR.split(".")[0] + "." + signing.b64url(b'{"no":"1"}') + "." + VECTOR.split(".")[2],
     "Mã xác thực thiếu thông tin thẻ."),
    (VECTOR.split(".")[0] + "." + signing.b64url(json.dumps({**dict.fromkeys(
        ["no", "nm", "bd", "fc", "vf", "vt"], "x"), "lv": 4, "iat": 1, "exp": 2}).encode()) + "." + VECTOR.split(".")[2],
     "Mã xác thực có thông tin thẻ không đúng định dạng."),
    (VECTOR.rsplit(".", 1)[0] + ".AAAA", "Chữ ký của mã xác thực không đúng định dạng."),
    ("x" * 2000, "Mã xác thực không đúng định dạng."),
])
def test_malformed_input_says_what_is_wrong(text, reason):
    verdict = signing.verify(text, keys=keyring(vector_key()), now=ISSUED)
    assert (verdict.state, verdict.reason, verdict.claims) == (signing.INVALID, reason, None)


def test_whitespace_and_line_breaks_from_a_paste_are_ignored():
    pasted = "  " + VECTOR[:100] + "\n" + VECTOR[100:] + "\n"
    assert signing.verify(pasted, keys=keyring(vector_key()), now=ISSUED + dt.timedelta(hours=1)).valid


# --- Sealed private keys ----------------------------------------------------------------


def test_sealed_key_opens_only_with_its_secret_and_its_kid():
    key = signing.generate_private_key()
    sealed = signing.seal(key, secret="s" * 40, kid="kid-one")
    assert len(sealed) == 60
    assert key.private_numbers().private_value.to_bytes(32, "big") not in sealed
    opened = signing.unseal(sealed, secret="s" * 40, kid="kid-one")
    assert opened.private_numbers() == key.private_numbers()
    with pytest.raises(signing.SealError):
        signing.unseal(sealed, secret="t" * 40, kid="kid-one")
    with pytest.raises(signing.SealError):
        signing.unseal(sealed, secret="s" * 40, kid="kid-two")  # moved to another row
    with pytest.raises(signing.SealError):
        signing.unseal(sealed[:-1] + bytes([sealed[-1] ^ 1]), secret="s" * 40, kid="kid-one")
