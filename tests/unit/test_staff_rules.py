"""Pure rules of the staff console: roles, TOTP steps and secrets, SMS text, e-mails."""
from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from vssid.core.errors import ValidationError
from vssid.staff import totp
from vssid.staff.audit_log import _cell
from vssid.staff.auth import validate_email
from vssid.staff.models import ROLES, role_allows
from vssid.staff.text import sms_text, validate_reason

NOON = dt.datetime(2026, 11, 26, 5, 0, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("role, required, allowed", [
    ("officer", ("officer",), True), ("officer", ("editor",), False), ("officer", (), True),
    ("support_agent", ("officer", "support_agent"), True), ("editor", ("officer", "support_agent"), False),
    ("admin", ("editor",), True), ("admin", ("officer",), True), (None, (), False), ("citizen", (), False),
])
def test_role_allows(role, required, allowed):
    assert role_allows(role, required) is allowed


def test_there_are_exactly_four_roles():
    assert ROLES == ("officer", "support_agent", "editor", "admin")


def test_codes_match_what_an_authenticator_app_shows():
    secret = totp.new_secret()
    app_code = pyotp.TOTP(secret).at(NOON)  # what Google Authenticator computes
    assert totp.matching_step(secret, app_code, now=NOON, after_step=None) == totp.step_at(NOON)


def test_one_step_of_clock_drift_either_way_is_accepted_two_are_not():
    secret = totp.new_secret()
    for seconds, ok in ((-30, True), (30, True), (-60, False), (60, False)):
        app_code = pyotp.TOTP(secret).at(NOON + dt.timedelta(seconds=seconds))
        assert (totp.matching_step(secret, app_code, now=NOON, after_step=None) is not None) is ok, seconds


def test_a_step_already_used_or_older_is_refused():
    secret = totp.new_secret()
    step = totp.step_at(NOON)
    assert totp.matching_step(secret, totp.code_for_step(secret, step), now=NOON, after_step=step) is None
    assert totp.matching_step(secret, totp.code_for_step(secret, step - 1), now=NOON, after_step=step - 1) is None
    assert totp.matching_step(secret, totp.code_for_step(secret, step + 1), now=NOON, after_step=step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", None])
def test_malformed_codes_never_match(code):
    assert totp.matching_step(totp.new_secret(), code, now=NOON, after_step=None) is None


def test_the_secret_is_sealed_to_the_app_key_and_the_staff_member():
    secret = totp.new_secret()
    blob = totp.seal(secret, app_secret="key one", staff_id=7)
    assert secret.encode() not in blob
    assert totp.unseal(blob, app_secret="key one", staff_id=7) == secret
    with pytest.raises(totp.SecretUnreadable):
        totp.unseal(blob, app_secret="key two", staff_id=7)
    with pytest.raises(totp.SecretUnreadable):
        totp.unseal(blob, app_secret="key one", staff_id=8)  # copied onto another staff row
    assert totp.seal(secret, app_secret="key one", staff_id=7) != blob  # a fresh nonce each time


def test_the_qr_code_carries_the_otpauth_uri():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", email="an@vss.gov.vn")
    assert uri.startswith("otpauth://totp/VssID%20C%C3%A1n%20b%E1%BB%99:an%40vss.gov.vn?secret=JBSWY3DPEHPK3PXP")
    svg = totp.qr_svg(uri, title="Mã QR")
    assert svg.startswith('<svg role="img" aria-label="Mã QR"') and "<script" not in svg


@pytest.mark.parametrize("email, ok", [
    ("an@vss.gov.vn", True), (" An.Nguyen@VSS.GOV.VN ", True), ("an+ca@vss.gov.vn", True),
    ("an@gmail.com", False), ("an@vss.gov.vn.attacker.io", False), ("an@xvss.gov.vn", False), ("", False),
    ("an@@vss.gov.vn", False), (".an@vss.gov.vn", False),
])
def test_staff_email_domain(email, ok):
    if ok:
        assert validate_email(email) == email.strip().lower()
    else:
        with pytest.raises(ValidationError):
            validate_email(email)


def test_sms_text_is_plain_ascii():
    assert sms_text("Số CCCD không khớp; mời ông/bà đến Đà Nẵng\n") == "So CCCD khong khop; moi ong/ba den Da Nang"
    assert sms_text("“Trích dẫn” — 100%") == "Trich dan 100%"
    assert sms_text("Ở Huế; 5 ₫ 😀") == "O Hue; 5"


@pytest.mark.parametrize("reason, ok", [("Gọi tổng đài, đã xác minh", True), ("ngắn", False), ("  " * 20, False),
                                        ("x" * 300, True), ("x" * 301, False)])
def test_reason_length(reason, ok):
    if ok:
        assert validate_reason(reason)
    else:
        with pytest.raises(ValidationError):
            validate_reason(reason)


@pytest.mark.parametrize("value, cell", [("=1+1", "'=1+1"), ("+84", "'+84"), ("-2", "'-2"), ("@SUM", "'@SUM"),
                                          ("7900000001", "7900000001"), (None, ""), (12, "12")])
def test_csv_cells_are_never_formulas(value, cell):
    assert _cell(value) == cell
