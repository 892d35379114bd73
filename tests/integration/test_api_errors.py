"""Errors under /api answer JSON in the gateway's shape (maKetQua, ghiChu; DOMAIN.md §9), with
the HTTP status and its headers (Allow on 405, Retry-After on 429 and 503); elsewhere they stay
Vietnamese pages. The only routes under /api are the gateway's (vssid/gateway/views.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc

from tests.support.factories import make_facility
from tests.support.gateway import His, make_gateway_account
from vssid.gateway import services

BODY = {"maThe": "7901234567", "hoTen": "Trần Văn An", "ngaySinh": "05/03/1994"}


@pytest.fixture
def his(client, session):
    make_gateway_account(session, facility=make_facility(session, code="79014"), username="79014_BV")
    session.commit()
    his = His(client, "79014_BV")
    assert his.take_token().status_code == 200
    return his


def _outage(*_args, **_kwargs):
    raise sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


def _bug(*_args, **_kwargs):
    raise RuntimeError("a bug")


def _assert_api_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers
    body = response.get_json()
    assert body["maKetQua"] == code and body["ghiChu"]
    return body


def test_a_wrong_method_answers_json_with_allow(client):
    response = client.get("/api/token/take")
    body = _assert_api_error(response, 405, "405")
    assert "POST" in response.headers["Allow"] and "GET" not in response.headers["Allow"]
    assert "Allow" in body["ghiChu"]
    lookup = client.get("/api/egw/KQNhanLichSuKCB2024")
    _assert_api_error(lookup, 405, "405")
    assert "POST" in lookup.headers["Allow"]
    spec = client.post("/api/openapi.json")
    _assert_api_error(spec, 405, "405")
    assert "GET" in spec.headers["Allow"]


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/egw/KQNhanLichSuKCB2019", "/api/token/take/extra"])
def test_an_unknown_api_path_answers_json(client, path):
    body = _assert_api_error(client.post(path, json=BODY), 404, "404")
    assert body["ghiChu"] == "Không có API này. Kiểm tra lại đường dẫn."


def test_pages_outside_api_keep_their_html_errors(client):
    for path in ("/khong-co-trang-nay", "/apix", "/api-docs"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html"
        assert "Không tìm thấy trang" in response.get_data(as_text=True)
    wrong_method = client.put("/xac-thuc-the/")
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "text/html"
    assert "POST" in wrong_method.headers["Allow"]  # now on HTML 405 pages too


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 1024}])
def test_a_body_over_the_size_limit_answers_json(his):
    response = his.check({**BODY, "hoTen": "A" * 4000})
    _assert_api_error(response, 413, "413")


def test_a_server_error_answers_json_with_the_protocols_code(his, monkeypatch):
    monkeypatch.setattr(services, "lookup_card", _bug)
    _assert_api_error(his.check(BODY), 500, "101")  # the lookups' "server error" (§9)
    monkeypatch.setattr(services, "take_token", _bug)
    _assert_api_error(his.take_token(), 500, "500")  # /api/token/take's


def test_a_database_outage_answers_json_503_with_retry_after(his, monkeypatch):
    monkeypatch.setattr(services, "lookup_card", _outage)
    response = his.check(BODY)
    body = _assert_api_error(response, 503, "101")
    assert response.headers["Retry-After"] == "30"
    assert "tạm gián đoạn" in body["ghiChu"] and "OperationalError" not in response.get_data(as_text=True)
    monkeypatch.setattr(services, "take_token", _outage)
    _assert_api_error(his.take_token(), 503, "500")


def test_the_description_lists_the_error_answers(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in spec["paths"].values():
        responses = path["post"]["responses"]
        assert {"400", "401", "413", "429", "500", "503"} <= set(responses)
        assert "Retry-After" in responses["429"]["headers"] and "Retry-After" in responses["503"]["headers"]
    schema = spec["paths"]["/api/token/take"]["post"]["responses"]["503"]["content"]["application/json"]["schema"]
    assert {"500", "101", "413", "429"} <= set(schema["properties"]["maKetQua"]["enum"])
