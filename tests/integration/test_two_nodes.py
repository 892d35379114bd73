"""Two real app nodes (gunicorn) on one PostgreSQL and one Redis: nothing lives in a node.

A phone talks to node A, then to node B, as a reverse proxy without sticky sessions would
send it. Sessions, OTPs and rate-limit counters must be the same whichever node answers.
"""
from __future__ import annotations

import json

import pytest

from tests.support.factories import PASSWORD, make_account
from tests.support.nodes import Browser, Node, Redis
from tests.support.web import last_code

pytestmark = pytest.mark.postgres_only

SECRET = "two-nodes-share-this-secret-key-0123456789"


@pytest.fixture
def nodes(app, database_url, tmp_path):
    redis = Redis(tmp_path)
    env = {"VSSID_DATABASE_URL": database_url, "VSSID_SECRET_KEY": SECRET,
           "VSSID_RATELIMIT_STORAGE_URL": redis.url}
    started = []
    try:
        started.append(Node("a", tmp_path, **env))
        started.append(Node("b", tmp_path, **env))
        yield started
    finally:
        for node in started:
            node.stop()
        redis.stop()


def test_sessions_and_otps_are_shared_and_used_once(session, nodes):
    a, b = nodes
    account = make_account(session)
    ma_so, phone = account.person.ma_so, account.phone
    session.commit()

    phone_1 = Browser()
    signed_in = phone_1.post_form(a.url + "/dang-nhap", {"login_id": ma_so, "password": PASSWORD},
                                  token_from=a.url + "/dang-nhap")
    assert signed_in.status == 303 and signed_in.location == "/"
    assert phone_1.get(a.url + "/ca-nhan").status == 200
    assert phone_1.get(b.url + "/ca-nhan").status == 200  # the session is in PostgreSQL

    # A second phone: node A checks the password and sends the SMS OTP ...
    phone_2 = Browser()
    asked = phone_2.post_form(a.url + "/dang-nhap", {"login_id": ma_so, "password": PASSWORD},
                              token_from=a.url + "/dang-nhap")
    assert asked.status == 303 and asked.location.startswith("/dang-nhap/otp")
    code = last_code(session, phone)
    replay = phone_2.copy()  # the same phone state, to try the code a second time
    # ... node B accepts it,
    done = phone_2.post_form(b.url + "/dang-nhap/otp", {"code": code}, token_from=b.url + "/dang-nhap/otp")
    assert done.status == 303 and done.location == "/", done.text[:300]
    # once: the same code again (on either node) signs nobody in.
    again = replay.post_form(a.url + "/dang-nhap/otp", {"code": code}, token_from=a.url + "/dang-nhap/otp")
    assert again.status != 303 or again.location != "/"
    assert replay.get(a.url + "/ca-nhan").status == 303

    # The login on node B ended phone 1's session, which node A now refuses.
    ended = phone_1.get(a.url + "/ca-nhan")
    assert ended.status == 303 and ended.location.startswith("/dang-nhap")
    assert phone_2.get(a.url + "/ca-nhan").status == 200

    # What both nodes logged: JSON lines with request ids, and no secret of this login.
    token = phone_2.cookie("vssid_session")
    for node in (a, b):
        lines = [json.loads(line) for line in node.log().splitlines() if line.startswith("{")]
        access = [line for line in lines if line["logger"] == "vssid.access"]
        assert access and all(len(line["request_id"]) >= 8 for line in access)
        assert any(line["path"] == "/dang-nhap/otp" and line["method"] == "POST" for line in access) or node is a
        text = node.log()
        for secret in (PASSWORD, code, token, ma_so, phone):
            assert secret not in text, f"node {node.name} logged a secret"


def test_rate_limits_count_across_both_nodes(session, nodes):
    """The OTP resend allows 5 posts per 10 minutes per address, whichever node takes them."""
    a, b = nodes
    phone = Browser()
    statuses = []
    for node in (a, b, a, b, a, b, a):
        url = node.url + "/dang-nhap/otp/gui-lai"
        statuses.append(phone.post_form(url, {}, token_from=node.url + "/dang-nhap").status)
    assert statuses[:5] == [303] * 5
    assert statuses[5:] == [429, 429]  # on memory:// each node would still allow 5 of its own
