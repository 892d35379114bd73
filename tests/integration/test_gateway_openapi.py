"""The gateway's OpenAPI description (/api/openapi.json) and schemathesis fuzzing against
the Flask app through WSGI: no answer is a server error, every answer matches the schema.

Most generated lookups carry valid query credentials (a token taken from 127.0.0.1, the
test client's address), so the fuzzed bodies reach the card check itself rather than
stopping at 401. Rate limits are off here (they are tested in test_gateway_his.py).
"""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.factories import make_card, make_facility, make_person
from tests.support.gateway import His, make_gateway_account
from tests.support.records import make_visit
from vssid.core.dates import VN_TZ

EXAMPLES = 40
HOLDER = {"hoTen": "Trần Văn An", "ngaySinh": "05/03/1994"}
KNOWN = {"maThe": "7901234567", "hoTenCb": "Nguyễn Thị Lan", "cccdCb": "079190001234"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def credentials(client, session):
    hospital = make_facility(session, code="79014", name="Bệnh viện Nhân dân Gia Định")
    person = make_person(session, ma_so="7901234567", full_name="Trần Văn An", birth_year=1994, birth_month=3,
                         birth_day=5)
    make_card(session, person, facility=hospital, object_code="HC")
    make_visit(session, person, facility=hospital, admitted=dt.datetime(2026, 3, 5, 8, 30, tzinfo=VN_TZ))
    make_gateway_account(session, facility=hospital, username="79014_BV", addresses=("127.0.0.1",),
                         clerks=(("Nguyễn Thị Lan", "079190001234"),))
    session.commit()
    his = His(client, "79014_BV", ip="127.0.0.1")
    assert his.take_token().status_code == 200
    return his.credentials


def test_gateway_answers_match_the_schema(app, credentials):
    """schemathesis generates requests for each operation (positive and negative data);
    hypothesis runs a small fixed number of examples per operation, derandomised."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    examples = itertools.count()

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            n = next(examples)
            if case.operation.path.startswith("/api/egw/") and n % 4:
                case.query = dict(credentials)
                if n % 4 == 3 and isinstance(case.body, dict):  # a known card and clerk: reach the name checks
                    case.body = {**case.body, **KNOWN, **(HOLDER if n % 8 == 7 else {})}
            elif case.operation.path == "/api/token/take" and n % 4 == 1 and isinstance(case.body, dict):
                case.body = {**case.body, "username": "79014_BV", "password": credentials["password"]}
            response = case.call(environ_base={"REMOTE_ADDR": "127.0.0.1"})
            case.validate_response(response, checks=CHECKS)

        run()


def test_the_description_names_every_endpoint_and_field(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/token/take", "/api/egw/KQNhanLichSuKCB2024", "/api/egw/Lskcb2025"}
    check = spec["paths"]["/api/egw/KQNhanLichSuKCB2024"]["post"]
    assert [p["name"] for p in check["parameters"]] == ["token", "id_token", "username", "password"]
    assert set(check["requestBody"]["content"]) == {"application/json", "application/x-www-form-urlencoded"}
    answer = check["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"maKetQua", "ghiChu", "maThe", "gtTheDen", "maTheMoi", "tenDKBDMoi", "dsLichSuKT2018"} <= set(answer["required"])
