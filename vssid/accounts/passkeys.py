"""Fingerprint login ("Đăng nhập bằng vân tay"): WebAuthn platform credentials (py_webauthn).

Flask-free. The rules, each refused with an audited reason ("passkey_rejected"):
- challenges are made and kept by the server (PasskeyChallenge), live 3 minutes and are
  used once: the first response that names one claims it with a conditional UPDATE
  (`used_at IS NULL`), committed before anything else is checked, so a failed or
  replayed response can never use it again;
- user verification (the fingerprint or face, not only a touch) is required, both when
  the passkey is made and at every login;
- the origin and the relying-party id must be ours (from the app's configuration);
- a credential id belongs to one account; at login the authenticator's user handle must
  be the handle of the account that owns the credential (a random value, never the mã số);
- a signature counter that does not move forward, when both the stored and the new
  counts are non-zero, means a cloned authenticator: refused (passkeys that do not
  count, as synced ones report 0, are accepted);
- a login on a device that is not the account's device still needs the SMS OTP.
"""
from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

import webauthn
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from webauthn.helpers import (
    bytes_to_base64url,
    parse_attestation_object,
    parse_authentication_credential_json,
    parse_authenticator_data,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorAttachment,
    AuthenticatorData,
    AuthenticatorSelectionCriteria,
    ClientDataType,
    CollectedClientData,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialHint,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from vssid.accounts import audit, challenges, devices, login, passwords, sessions
from vssid.accounts.audit import Client
from vssid.accounts.models import Account, PasskeyChallenge, PasskeyCredential
from vssid.core.errors import NotFound, ValidationError
from vssid.core.text import fold
from vssid.outbound.services import queue_sms

CHALLENGE_TTL = dt.timedelta(minutes=3)
CEREMONY_TIMEOUT_MS = 120_000  # what the browser is told; shorter than the challenge's life
KEEP_SPENT_CHALLENGES = dt.timedelta(hours=1)  # so a late replay is still named a replay
MAX_PASSKEYS = 10
MAX_CREDENTIAL_ID = 1023  # WebAuthn §6.1
ALGORITHMS = [
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.EDDSA,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
]

LOGIN_FAILED = "Không xác thực được vân tay. Vui lòng thử lại hoặc đăng nhập bằng mật khẩu."
ENROL_FAILED = "Không bật được đăng nhập bằng vân tay. Vui lòng thử lại."
ALREADY_ON = "Đăng nhập bằng vân tay đã được bật trên thiết bị này."
TOO_MANY = f"Bạn đã bật đăng nhập bằng vân tay trên {MAX_PASSKEYS} thiết bị. Hãy xoá một thiết bị cũ trước."
WRONG_PASSWORD = "Mật khẩu không đúng."
NOT_YOURS = "Không tìm thấy thiết bị đăng nhập bằng vân tay này."
ADDED_SMS = (
    "VssID: Dang nhap bang van tay vua duoc bat cho tai khoan cua ban. Neu khong phai ban, "
    "hay doi mat khau ngay va goi 1900 9068."
)
REMOVED_SMS = (
    "VssID: Dang nhap bang van tay tren thiet bi {device} vua duoc tat. Neu khong phai ban, "
    "hay doi mat khau ngay va goi 1900 9068."
)

# Rejection reasons, as written in the audit log.
MALFORMED = "malformed"
UNKNOWN_CHALLENGE = "unknown_challenge"
REPLAYED_CHALLENGE = "replayed_challenge"
EXPIRED_CHALLENGE = "expired_challenge"
WRONG_ORIGIN = "wrong_origin"
WRONG_RP_ID = "wrong_rp_id"
USER_NOT_PRESENT = "user_not_present"
USER_NOT_VERIFIED = "user_not_verified"
SIGN_COUNT_BACKWARDS = "sign_count_backwards"
BAD_SIGNATURE = "bad_signature"
INVALID_RESPONSE = "invalid_response"
UNKNOWN_CREDENTIAL = "unknown_credential"
OTHER_ACCOUNT = "other_account"
NOT_PLATFORM = "not_platform"
ALREADY_REGISTERED = "already_registered"
TOO_MANY_PASSKEYS = "too_many_passkeys"
ACCOUNT_INACTIVE = "account_inactive"


class PasskeyRejected(ValidationError):
    """A WebAuthn response refused; `reason` is what the audit log says."""

    def __init__(self, reason: str, message: str, *, credential_id: bytes | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.credential_id = credential_id


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RelyingParty:
    """Who we are to the authenticator: rp id "vssid.gov.vn", origin "https://vssid.gov.vn"."""

    id: str
    origin: str
    name: str = "VssID"


# --- Options ------------------------------------------------------------------------------


def registration_options(
    session: Session, *, account: Account, password: str, client: Client, rp: RelyingParty, now: dt.datetime
) -> str:
    """The holder re-entered their password: the JSON options for navigator.credentials.create()."""
    if not passwords.verify_password(account.password_hash, password or ""):
        audit.record(session, "passkey_reauth_failed", client=client, account_id=account.id)
        session.commit()
        raise ValidationError(WRONG_PASSWORD, field="password")
    existing = list(session.scalars(
        select(PasskeyCredential.credential_id).where(PasskeyCredential.account_id == account.id)
    ))
    if len(existing) >= MAX_PASSKEYS:
        raise ValidationError(TOO_MANY, field="password")
    challenge = _issue_challenge(session, purpose="register", account_id=account.id, now=now)
    options = webauthn.generate_registration_options(
        rp_id=rp.id, rp_name=rp.name,
        user_id=account.webauthn_user_handle,
        user_name=_masked(account.person.ma_so), user_display_name=account.person.full_name,
        challenge=challenge, timeout=CEREMONY_TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            authenticator_attachment=AuthenticatorAttachment.PLATFORM,
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=credential_id) for credential_id in existing],
        supported_pub_key_algs=ALGORITHMS,
        hints=[PublicKeyCredentialHint.CLIENT_DEVICE],
    )
    session.commit()
    return webauthn.options_to_json(options)


def login_options(session: Session, *, rp: RelyingParty, now: dt.datetime) -> str:
    """Options for a discoverable-credential login: no account named, any passkey of ours."""
    challenge = _issue_challenge(session, purpose="login", account_id=None, now=now)
    options = webauthn.generate_authentication_options(
        rp_id=rp.id, challenge=challenge, timeout=CEREMONY_TIMEOUT_MS, allow_credentials=[],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    session.commit()
    return webauthn.options_to_json(options)


def _issue_challenge(session: Session, *, purpose: str, account_id: int | None, now: dt.datetime) -> bytes:
    session.execute(
        delete(PasskeyChallenge)
        .where(PasskeyChallenge.expires_at < now - KEEP_SPENT_CHALLENGES)
        .execution_options(synchronize_session=False)
    )
    value = secrets.token_bytes(32)
    session.add(PasskeyChallenge(purpose=purpose, challenge=value, account_id=account_id,
                                 expires_at=now + CHALLENGE_TTL))
    return value


def _masked(ma_so: str) -> str:
    """The name the phone shows in its passkey list: enough to tell two accounts apart."""
    return f"BHXH …{ma_so[-4:]}"


# --- Registration -------------------------------------------------------------------------


def finish_registration(
    session: Session, *, account: Account, response: str, client: Client, rp: RelyingParty, now: dt.datetime
) -> PasskeyCredential:
    """Check the authenticator's answer to create() and store the new passkey."""
    raw_id: bytes | None = None
    try:
        credential = _parse(parse_registration_credential_json, response)
        raw_id = credential.raw_id
        client_data = _client_data(credential.response.client_data_json)
        if client_data.type != ClientDataType.WEBAUTHN_CREATE:
            raise _Refused(MALFORMED)
        _claim(session, value=client_data.challenge, purpose="register", account_id=account.id, now=now)
        if credential.authenticator_attachment == AuthenticatorAttachment.CROSS_PLATFORM:
            raise _Refused(NOT_PLATFORM)
        try:
            auth_data = parse_attestation_object(credential.response.attestation_object).auth_data
        except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
            raise _Refused(MALFORMED) from exc
        _check_context(client_data, auth_data, rp)
        try:
            verified = webauthn.verify_registration_response(
                credential=credential, expected_challenge=client_data.challenge, expected_rp_id=rp.id,
                expected_origin=rp.origin, require_user_verification=True, supported_pub_key_algs=ALGORITHMS,
            )
        except Exception as exc:  # the library's boundary: any failure is a refusal, never a 500
            raise _Refused(BAD_SIGNATURE if "signature" in str(exc).lower() else INVALID_RESPONSE) from exc
        if verified.credential_id != credential.raw_id or len(verified.credential_id) > MAX_CREDENTIAL_ID:
            raise _Refused(MALFORMED)
        owner = session.scalar(
            select(PasskeyCredential.account_id).where(PasskeyCredential.credential_id == verified.credential_id)
        )
        if owner is not None:
            raise _Refused(ALREADY_REGISTERED if owner == account.id else OTHER_ACCOUNT)
        count = session.scalar(select(func.count()).where(PasskeyCredential.account_id == account.id))
        if count >= MAX_PASSKEYS:
            raise _Refused(TOO_MANY_PASSKEYS)
        stored = PasskeyCredential(
            account_id=account.id, credential_id=verified.credential_id, public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=",".join(t.value for t in credential.response.transports or [])[:100],
            backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
            backed_up=verified.credential_backed_up,
            device_label=devices.describe(client.user_agent)[:120], created_at=now,
        )
        session.add(stored)
        try:
            session.flush()
        except IntegrityError as exc:  # the same credential id stored at the same moment
            session.rollback()
            raise _Refused(OTHER_ACCOUNT) from exc
    except _Refused as refused:
        _record_rejection(session, refused.reason, client=client, account_id=account.id, ceremony="register",
                          credential_id=raw_id)
        message = {ALREADY_REGISTERED: ALREADY_ON, TOO_MANY_PASSKEYS: TOO_MANY}.get(refused.reason, ENROL_FAILED)
        raise PasskeyRejected(refused.reason, message, credential_id=raw_id) from None
    audit.record(session, "passkey_added", client=client, account_id=account.id, passkey_id=stored.id,
                 device=stored.device_label, backup_eligible=stored.backup_eligible)
    queue_sms(session, to=account.phone, body=ADDED_SMS)  # the holder hears of every new way in
    session.commit()
    return stored


# --- Login --------------------------------------------------------------------------------


def finish_login(
    session: Session, *, response: str, client: Client, rp: RelyingParty, now: dt.datetime, otp_key: str
) -> login.LoginOutcome:
    """Check the answer to get(): a session on the account's device, else the SMS OTP first."""
    raw_id: bytes | None = None
    account_id: int | None = None
    try:
        credential = _parse(parse_authentication_credential_json, response)
        raw_id = credential.raw_id
        client_data = _client_data(credential.response.client_data_json)
        if client_data.type != ClientDataType.WEBAUTHN_GET:
            raise _Refused(MALFORMED)
        _claim(session, value=client_data.challenge, purpose="login", account_id=None, now=now)
        stored = session.scalars(
            select(PasskeyCredential).where(PasskeyCredential.credential_id == credential.raw_id)
        ).first()
        if stored is None:
            raise _Refused(UNKNOWN_CREDENTIAL)
        account_id = stored.account_id
        account = session.get(Account, stored.account_id)
        if credential.response.user_handle is None or not secrets.compare_digest(
            credential.response.user_handle, account.webauthn_user_handle
        ):
            raise _Refused(OTHER_ACCOUNT)
        try:
            auth_data = parse_authenticator_data(credential.response.authenticator_data)
        except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
            raise _Refused(MALFORMED) from exc
        _check_context(client_data, auth_data, rp)
        if stored.sign_count > 0 and 0 < auth_data.sign_count <= stored.sign_count:
            raise _Refused(SIGN_COUNT_BACKWARDS)
        try:
            verified = webauthn.verify_authentication_response(
                credential=credential, expected_challenge=client_data.challenge, expected_rp_id=rp.id,
                expected_origin=rp.origin, credential_public_key=stored.public_key,
                # A passkey that does not count (reports 0) is compared against 0.
                credential_current_sign_count=stored.sign_count if auth_data.sign_count else 0,
                require_user_verification=True,
            )
        except Exception as exc:  # the library's boundary: any failure is a refusal, never a 500
            raise _Refused(BAD_SIGNATURE if "signature" in str(exc).lower() else INVALID_RESPONSE) from exc
        if account.status != "active":
            raise _Refused(ACCOUNT_INACTIVE)
    except _Refused as refused:
        _record_rejection(session, refused.reason, client=client, account_id=account_id, ceremony="login",
                          credential_id=raw_id)
        raise PasskeyRejected(refused.reason, LOGIN_FAILED, credential_id=raw_id) from None

    if verified.new_sign_count:
        stored.sign_count = verified.new_sign_count
    stored.backed_up = verified.credential_backed_up
    stored.last_used_at = now
    audit.record(session, "passkey_used", client=client, account_id=account.id, passkey_id=stored.id)
    if account.locked_until and account.locked_until > now:
        audit.record(session, "login_refused_locked", client=client, account_id=account.id, method="passkey")
        session.commit()
        raise login.AccountLocked(login.locked_message(account.locked_until))  # same words as the password login
    if account.device_hash != client.device_hash:
        # A passkey proves the person, not the phone: a new device still proves the SIM.
        otp = challenges.issue(
            session, purpose="new_device", destination=account.phone, channel="sms", key=otp_key, now=now,
            message=login.NEW_DEVICE_SMS, account_id=account.id, device_hash=client.device_hash,
        )
        audit.record(session, "otp_sent", client=client, account_id=account.id, purpose="new_device",
                     method="passkey")
        session.commit()
        return login.LoginOutcome(challenge_id=otp.id)
    token = sessions.start(session, account=account, client=client, method="passkey", now=now)
    session.commit()
    return login.LoginOutcome(token=token, must_change_password=account.must_change_password)


# --- The holder's list --------------------------------------------------------------------


def list_for(session: Session, *, account_id: int) -> list[PasskeyCredential]:
    return list(session.scalars(
        select(PasskeyCredential).where(PasskeyCredential.account_id == account_id)
        .order_by(PasskeyCredential.created_at, PasskeyCredential.id)
    ))


def remove(session: Session, *, account_id: int, passkey_id: int, client: Client) -> str:
    """Turn fingerprint login off for one passkey of the holder's; returns its device label."""
    stored = session.get(PasskeyCredential, passkey_id)
    if stored is None or stored.account_id != account_id:
        raise NotFound(NOT_YOURS)
    label = stored.device_label
    # ASVS 2.2.3: the holder hears of every change to how they log in, removal included.
    queue_sms(session, to=session.get(Account, account_id).phone, body=REMOVED_SMS.format(device=fold(label)[:40]))
    audit.record(session, "passkey_removed", client=client, account_id=account_id, passkey_id=stored.id,
                 device=label, credential=bytes_to_base64url(stored.credential_id)[:64])
    session.delete(stored)
    session.commit()
    return label


# --- Checks shared by both ceremonies -------------------------------------------------------


def _parse(parser, response: str):
    try:
        return parser(response)
    except (WebAuthnException, ValueError, TypeError, KeyError, binascii.Error) as exc:
        raise _Refused(MALFORMED) from exc


def _client_data(raw: bytes) -> CollectedClientData:
    try:
        return parse_client_data_json(raw)
    except (WebAuthnException, ValueError, TypeError, KeyError, binascii.Error, json.JSONDecodeError) as exc:
        raise _Refused(MALFORMED) from exc


def _claim(session: Session, *, value: bytes, purpose: str, account_id: int | None, now: dt.datetime) -> None:
    """Use the challenge once; the claim is committed at once, whatever follows."""
    row = session.scalars(select(PasskeyChallenge).where(PasskeyChallenge.challenge == value)).first()
    if row is None or row.purpose != purpose or row.account_id != account_id:
        raise _Refused(UNKNOWN_CHALLENGE)
    if row.used_at is not None:
        raise _Refused(REPLAYED_CHALLENGE)
    if row.expires_at <= now:
        raise _Refused(EXPIRED_CHALLENGE)
    claimed = session.execute(
        update(PasskeyChallenge)
        .where(PasskeyChallenge.id == row.id, PasskeyChallenge.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise _Refused(REPLAYED_CHALLENGE)
    session.commit()


def _check_context(client_data: CollectedClientData, auth_data: AuthenticatorData, rp: RelyingParty) -> None:
    if client_data.origin != rp.origin or client_data.cross_origin:
        raise _Refused(WRONG_ORIGIN)
    if auth_data.rp_id_hash != hashlib.sha256(rp.id.encode("utf-8")).digest():
        raise _Refused(WRONG_RP_ID)
    if not auth_data.flags.up:
        raise _Refused(USER_NOT_PRESENT)
    if not auth_data.flags.uv:
        raise _Refused(USER_NOT_VERIFIED)


def _record_rejection(
    session: Session, reason: str, *, client: Client, account_id: int | None, ceremony: str,
    credential_id: bytes | None,
) -> None:
    audit.record(session, "passkey_rejected", client=client, account_id=account_id, reason=reason,
                 ceremony=ceremony,
                 credential=bytes_to_base64url(credential_id)[:64] if credential_id else None)
    session.commit()
