"""The signed card code ("Mã xác thực"): a compact JWS (RFC 7515) signed with ES256.

Pure functions, no database and no Flask. Why this format:

- ES256 (ECDSA P-256, SHA-256) is the one signature every phone's Web Crypto verifies
  (Ed25519 is missing from older Android WebViews and Safari before 17); its signature
  is 64 bytes, and JWS carries it as raw r||s, exactly the form Web Crypto takes.
- A compact JWS is three base64url parts joined by dots: the verifier page needs no
  CBOR or base45 decoder, only ``atob``, ``TextDecoder`` and ``JSON.parse``. With short
  claim names a card's code is about 350 characters (QR version 14, 73 modules, at the
  error level M of the standard QR), which a clinic's phone reads off another phone.

Header: ``{"alg":"ES256","kid":"<kid>"}``; the key id is in the protected header, so it
is signed too. Claims (all required):

    no   card number (mã số, or a legacy 15-character code)      "7912345678"
    nm   the holder's name, UTF-8                                "Lê Thị Thu Hằng"
    bd   birth date as printed ("dd/mm/yyyy" or "yyyy")          "09/03/1988"
    lv   benefit level 1..5                                      4
    fc   initial facility (nơi đăng ký KCB ban đầu), 5 digits    "79011"
    vf   card valid from (ISO date)                              "2026-01-01"
    vt   card valid to (ISO date)                                "2026-12-31"
    iat  when the code was issued to the phone (Unix seconds)
    exp  when the code expires (Unix seconds)

The verdict (``verify``) is one of three, as the clinic's page shows it: valid ("Hợp
lệ"), expired ("Đã hết hạn": the code's short life or the card's validity ended) and
invalid ("Không hợp lệ": malformed, unknown or revoked key, wrong signature, signed
outside the key's validity, card not yet in force). static/js/verifier.js applies the
same rules in the browser; tests/unit/test_card_signing.py holds both to one vector.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vssid.core.dates import VN_TZ

ALGORITHM = "ES256"
CURVE = ec.SECP256R1()
MAX_CODE_LENGTH = 1200  # a real code is ~350 characters; anything far longer is not one
CLOCK_SKEW = dt.timedelta(minutes=5)  # a phone's clock may be a little ahead of the server's
_SEAL_INFO = b"vssid card signing key seal v1"
_CLAIMS = ("no", "nm", "bd", "lv", "fc", "vf", "vt", "iat", "exp")
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


class TokenError(ValueError):
    """The text is not a well-formed card code; ``message`` is for the clerk (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SealError(ValueError):
    """A sealed private key cannot be opened with this secret (the secret changed)."""


# --- base64url --------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not _B64URL.match(text) or len(text) % 4 == 1:
        raise TokenError("Mã xác thực không đúng định dạng.")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("Mã xác thực không đúng định dạng.") from None


# --- Keys -------------------------------------------------------------------------------


def generate_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(CURVE)


def _coordinate(n: int) -> str:
    return b64url(n.to_bytes(32, "big"))


def public_jwk(public_key: ec.EllipticCurvePublicKey) -> dict:
    """The public key as a JWK (RFC 7518 §6.2), members in RFC 7638 order."""
    numbers = public_key.public_numbers()
    return {"crv": "P-256", "kty": "EC", "x": _coordinate(numbers.x), "y": _coordinate(numbers.y)}


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """A short key id: the first 12 characters of the key's RFC 7638 thumbprint."""
    canonical = json.dumps(public_jwk(public_key), separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())[:12]


def public_pem(public_key: ec.EllipticCurvePublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_pem(pem: str) -> ec.EllipticCurvePublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != CURVE.name:
        raise ValueError("not a P-256 public key")
    return key


def _sealing_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SEAL_INFO).derive(secret.encode())


def seal(private_key: ec.EllipticCurvePrivateKey, *, secret: str, kid: str) -> bytes:
    """The private scalar encrypted with AES-256-GCM under a key derived (HKDF) from
    ``secret``; the key id is the associated data, so a sealed key cannot be moved to
    another row. 12-byte nonce + 32-byte scalar + 16-byte tag = 60 bytes."""
    scalar = private_key.private_numbers().private_value.to_bytes(32, "big")
    nonce = os.urandom(12)
    return nonce + AESGCM(_sealing_key(secret)).encrypt(nonce, scalar, kid.encode())


def unseal(sealed: bytes, *, secret: str, kid: str) -> ec.EllipticCurvePrivateKey:
    try:
        scalar = AESGCM(_sealing_key(secret)).decrypt(sealed[:12], sealed[12:], kid.encode())
    except (InvalidTag, ValueError):
        raise SealError(f"the private key {kid} cannot be opened with this secret") from None
    return ec.derive_private_key(int.from_bytes(scalar, "big"), CURVE)


# --- The claims -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CardClaims:
    card_number: str
    full_name: str
    birth: str  # as printed on the card: "dd/mm/yyyy" or "yyyy"
    benefit_level: int
    facility_code: str
    valid_from: dt.date
    valid_to: dt.date
    issued_at: dt.datetime
    expires_at: dt.datetime

    def to_json(self) -> dict:
        return {
            "no": self.card_number, "nm": self.full_name, "bd": self.birth, "lv": self.benefit_level,
            "fc": self.facility_code, "vf": self.valid_from.isoformat(), "vt": self.valid_to.isoformat(),
            "iat": int(self.issued_at.timestamp()), "exp": int(self.expires_at.timestamp()),
        }

    @classmethod
    def from_json(cls, data: object) -> CardClaims:
        if not isinstance(data, dict) or any(name not in data for name in _CLAIMS):
            raise TokenError("Mã xác thực thiếu thông tin thẻ.")
        try:
            texts = [data[name] for name in ("no", "nm", "bd", "fc", "vf", "vt")]
            numbers = [data[name] for name in ("lv", "iat", "exp")]
            if not all(isinstance(t, str) for t in texts) or not all(
                isinstance(n, int) and not isinstance(n, bool) for n in numbers
            ):
                raise ValueError
            return cls(
                card_number=data["no"], full_name=data["nm"], birth=data["bd"], benefit_level=data["lv"],
                facility_code=data["fc"], valid_from=dt.date.fromisoformat(data["vf"]),
                valid_to=dt.date.fromisoformat(data["vt"]),
                issued_at=dt.datetime.fromtimestamp(data["iat"], dt.timezone.utc),
                expires_at=dt.datetime.fromtimestamp(data["exp"], dt.timezone.utc),
            )
        except (ValueError, OverflowError, OSError):
            raise TokenError("Mã xác thực có thông tin thẻ không đúng định dạng.") from None


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(claims: CardClaims, *, private_key: ec.EllipticCurvePrivateKey, kid: str) -> str:
    """The compact JWS of ``claims``."""
    signing_input = b64url(_json_bytes({"alg": ALGORITHM, "kid": kid})) + "." + b64url(_json_bytes(claims.to_json()))
    # Deterministic ECDSA (RFC 6979): the same claims give the same code, so a card shown again
    # within the hour is the same QR, drawn once (services.qr_svg caches it). No random nonce
    # to leak the key through a weak generator either; verifiers see an ordinary ES256.
    der = private_key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


@dataclass(frozen=True)
class Parsed:
    header: dict
    claims: CardClaims
    signing_input: bytes
    signature: bytes  # raw r||s, 64 bytes

    @property
    def kid(self) -> str:
        return self.header["kid"]


def parse(text: str) -> Parsed:
    """Split and decode a code without checking its signature (``TokenError`` if malformed)."""
    token = "".join(text.split())
    if not token:
        raise TokenError("Vui lòng quét hoặc dán mã xác thực.")
    if "|" in token:
        raise TokenError("Đây là mã QR thông thường của thẻ (không có chữ ký). Hãy quét “Mã xác thực”.")
    parts = token.split(".")
    if len(token) > MAX_CODE_LENGTH or len(parts) != 3:
        raise TokenError("Mã xác thực không đúng định dạng.")
    try:
        header = json.loads(b64url_decode(parts[0]).decode("utf-8"))
        payload = json.loads(b64url_decode(parts[1]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TokenError("Mã xác thực không đúng định dạng.") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
        raise TokenError("Mã xác thực dùng thuật toán ký không được chấp nhận.")
    signature = b64url_decode(parts[2])
    if len(signature) != 64:
        raise TokenError("Chữ ký của mã xác thực không đúng định dạng.")
    return Parsed(header=header, claims=CardClaims.from_json(payload),
                  signing_input=(parts[0] + "." + parts[1]).encode("ascii"), signature=signature)


# --- Verification -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class VerifyingKey:
    """A public key as a verifier knows it, with the period in which it may sign."""

    kid: str
    public_key: ec.EllipticCurvePublicKey
    not_before: dt.datetime
    not_after: dt.datetime | None


@dataclass(frozen=True)
class Verdict:
    state: str  # VALID, EXPIRED or INVALID
    reason: str  # for the clerk, Vietnamese
    claims: CardClaims | None = None  # only when the signature is genuine

    @property
    def valid(self) -> bool:
        return self.state == VALID


def signature_ok(parsed: Parsed, public_key: ec.EllipticCurvePublicKey) -> bool:
    r = int.from_bytes(parsed.signature[:32], "big")
    s = int.from_bytes(parsed.signature[32:], "big")
    try:
        public_key.verify(encode_dss_signature(r, s), parsed.signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def _vn_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def verify(text: str, *, keys: dict[str, VerifyingKey], revoked: frozenset[str] | set[str] = frozenset(),
           now: dt.datetime) -> Verdict:
    """Check a scanned code against the published keys at ``now`` (aware)."""
    try:
        parsed = parse(text)
    except TokenError as exc:
        return Verdict(INVALID, exc.message)
    if parsed.kid in revoked:
        return Verdict(INVALID, "Khóa ký của mã này đã bị BHXH Việt Nam thu hồi.")
    key = keys.get(parsed.kid)
    if key is None:
        return Verdict(INVALID, "Mã được ký bằng khóa không có trong bộ khóa của BHXH Việt Nam.")
    if not signature_ok(parsed, key.public_key):
        return Verdict(INVALID, "Chữ ký không khớp: mã đã bị sửa hoặc bị giả mạo.")
    claims = parsed.claims
    if claims.issued_at < key.not_before - CLOCK_SKEW or (key.not_after and claims.issued_at > key.not_after):
        return Verdict(INVALID, "Mã được ký ngoài thời hạn hiệu lực của khóa.")
    if claims.issued_at > now + CLOCK_SKEW or claims.expires_at <= claims.issued_at:
        return Verdict(INVALID, "Thời điểm cấp mã không hợp lệ.")
    today = _vn_date(now)
    if claims.expires_at <= now:
        return Verdict(EXPIRED, "Mã xác thực đã hết hạn. Người bệnh mở lại thẻ trên VssID khi có mạng để lấy mã mới.",
                       claims)
    if claims.valid_to < today:
        return Verdict(EXPIRED, "Thẻ BHYT đã hết giá trị sử dụng.", claims)
    if claims.valid_from > today:
        return Verdict(INVALID, "Thẻ BHYT chưa đến ngày có giá trị sử dụng.", claims)
    return Verdict(VALID, "Chữ ký của BHXH Việt Nam đúng; thẻ đang có giá trị sử dụng.", claims)
