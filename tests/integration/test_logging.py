"""Structured logs: one JSON line per request with its id; never a secret of a login."""
from __future__ import annotations

import io
import json
import logging

import pytest

from tests.support.factories import PASSWORD, make_account
from tests.support.web import last_code, login, post_form
from vssid.core.logs import JsonFormatter, scrub


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_login_with_otp_logs_requests_but_no_secret(app, session, log_lines):
    account = make_account(session, device_hash="0" * 64)  # a new phone: the SMS OTP is asked
    session.commit()
    phone = app.test_client()
    asked = login(phone, account.person.ma_so, PASSWORD)
    assert asked.headers["Location"].startswith("/dang-nhap/otp")
    code = last_code(session, account.phone)
    done = post_form(phone, "/dang-nhap/otp", {"code": code})
    assert done.status_code == 303
    token = phone.get_cookie("vssid_session").value

    lines = log_lines()
    access = [line for line in lines if line["logger"] == "vssid.access"]
    assert {(line["method"], line["path"]) for line in access} >= {("POST", "/dang-nhap"), ("POST", "/dang-nhap/otp")}
    assert access[-1]["request_id"] == done.headers["X-Request-ID"]
    assert all(line["status"] and line["ms"] >= 0 for line in access)
    text = json.dumps(lines, ensure_ascii=False)
    for secret in (PASSWORD, code, token, account.person.ma_so, account.phone, account.person.cccd):
        assert secret not in text


def test_the_proxy_request_id_is_kept_when_it_looks_like_one(client):
    assert client.get("/", headers={"X-Request-ID": "abc123-proxy-id"}).headers["X-Request-ID"] == "abc123-proxy-id"
    replaced = client.get("/", headers={"X-Request-ID": "x\"}; evil"}).headers["X-Request-ID"]
    assert len(replaced) == 32 and replaced.isalnum()


@pytest.mark.parametrize("raw, leaked", [
    ("login failed for 7912345678", "7912345678"),
    ('{"password": "mat khau bi mat", "x": 1}', "mat khau bi mat"),
    ("otp=482913&next=/", "482913"),
    ("card DN4797920000123 shown", "DN4797920000123"),
    ("token: Zx81_abc-DEF", "Zx81_abc-DEF"),
    ("cccd 079012345678", "079012345678"),
])
def test_scrub_removes_what_must_never_be_logged(raw, leaked):
    assert leaked not in scrub(raw)


def test_scrub_keeps_ordinary_messages():
    assert scrub("GET /ca-nhan 200") == "GET /ca-nhan 200"
    assert scrub("database unavailable: OperationalError") == "database unavailable: OperationalError"
