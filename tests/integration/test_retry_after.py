"""Retry-After: a database outage's 503 keeps its own 30 seconds on rate-limited routes, and a
429 says when the breached Flask-Limiter window resets.

Flask-Limiter's header injection (RATELIMIT_HEADERS_ENABLED) used to rewrite Retry-After on every
response of a limited route to the later of the response's value and the window's reset, so the
503 told hospitals on a per-hour limit to come back in up to an hour. The outage is simulated by
a service raising SQLAlchemy's OperationalError, as a vanished PostgreSQL does
(tests/integration/test_database_outage.py stops a real server).
"""
from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc

from tests.support.factories import make_facility
from tests.support.gateway import His, make_gateway_account
from vssid.card import keys
from vssid.gateway import services

BODY = {"maThe": "7901234567", "hoTen": "Trần Văn An", "ngaySinh": "05/03/1994"}


@pytest.fixture
def app_config():
    # Windows of an hour: the limiter's reset is far beyond the outage's 30 seconds.
    return {"VSSID_GATEWAY_LOOKUP_LIMIT": "3 per hour", "VSSID_GATEWAY_IP_LIMIT": "1000 per hour",
            "VSSID_GATEWAY_TOKEN_LIMIT": "100 per hour"}


@pytest.fixture
def his(client, session):
    make_gateway_account(session, facility=make_facility(session, code="79014"), username="79014_BV")
    session.commit()
    his = His(client, "79014_BV")
    assert his.take_token().status_code == 200
    return his


def _outage(*_args, **_kwargs):
    raise sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


def test_a_503_on_a_limited_api_route_keeps_its_own_retry_after(his, monkeypatch):
    monkeypatch.setattr(services, "lookup_card", _outage)
    response = his.check(BODY)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"


def test_a_503_page_on_a_limited_route_keeps_its_own_retry_after(client, monkeypatch):
    monkeypatch.setattr(keys, "verify_code", _outage)  # /xac-thuc-the/: 30 per minute, 300 per hour
    response = client.post("/xac-thuc-the/", data={"code": "x"})
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "30"
    assert "tạm gián đoạn" in response.get_data(as_text=True)


def test_a_429_says_when_the_breached_window_resets(his):
    assert [his.check(BODY).status_code for _ in range(3)] == [200, 200, 200]
    refused = his.check(BODY)
    assert refused.status_code == 429 and refused.get_json()["maKetQua"] == "429"
    assert 60 < int(refused.headers["Retry-After"]) <= 3600  # the per-hour window's reset


def test_a_429_page_says_when_the_breached_window_resets(client):
    answers = [client.post("/xac-thuc-the/", data={"code": "x"}) for _ in range(31)]
    assert {a.status_code for a in answers[:30]} == {422} and answers[30].status_code == 429
    assert answers[30].mimetype == "text/html" and 1 <= int(answers[30].headers["Retry-After"]) <= 60
    assert "Retry-After" not in answers[0].headers  # only on a 429 or a 503

