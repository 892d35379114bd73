"""Tra cứu mã số BHXH: the answer only for details that identify one person, the same
answer and time for a miss and a near-miss, per-IP limits, every query audited without
the CCCD in clear.

Source: the look-ups issue (VSS portal fields: province, commune, full name, date of
birth, CCCD); DOMAIN.md §1 (mã số 10 digits, CCCD 12 digits) and §8 (personal data).
"""
from __future__ import annotations

import hashlib
import json
import re
import time

import pytest
from sqlalchemy import select

from tests.support.lookups import BEN_THANH, CHO_LON, make_insured
from tests.support.web import csrf_token
from vssid.accounts.models import AuditEvent
from vssid.lookups import ma_so
from vssid.lookups.ma_so import MaSoQuery, cccd_digest
from vssid.core.dates import BirthDate

PATH = "/tra-cuu/ma-so-bhxh"
MIN_SECONDS = 0.25


@pytest.fixture
def app_config():
    return {"VSSID_MA_SO_MIN_SECONDS": MIN_SECONDS}


def details(person, **changes) -> dict:
    birth = (f"{person.birth_day:02d}/{person.birth_month:02d}/{person.birth_year}" if person.birth_day
             else str(person.birth_year))
    form = {"tinh": person.province_code, "xa": person.ward_code or "", "ho_ten": person.full_name,
            "ngay_sinh": birth, "cccd": person.cccd}
    form.update(changes)
    return form


def ask(client, form: dict):
    return client.post(PATH, data={**form, "csrf_token": csrf_token(client, PATH)})


def answer_of(response) -> str:
    """The answer section, with the CCCD the person typed taken out of the form echo."""
    html = response.get_data(as_text=True)
    match = re.search(r'<section class="card ma-so-answer".*?</section>', html, re.S)
    assert match, html[:2000]
    return match.group(0)


def test_right_details_give_the_ma_so(client, session):
    person = make_insured(session)
    session.commit()
    response = ask(client, details(person, ho_ten="tran thi bich ngoc"))  # without diacritics
    assert response.status_code == 200
    assert f'<p class="ma-so-value">{person.ma_so}</p>' in answer_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in response.get_data(as_text=True)


def test_commune_may_be_left_out_and_the_year_alone_matches_a_year_only_record(client, session):
    person = make_insured(session, birth_month=None, birth_day=None, birth_year=1961)
    session.commit()
    assert person.ma_so in answer_of(ask(client, details(person, xa="", ngay_sinh="1961")))
    assert person.ma_so in answer_of(ask(client, details(person, ngay_sinh="14/07/1961")))  # the record knows no more
    assert person.ma_so not in answer_of(ask(client, details(person, ngay_sinh="1962")))


@pytest.mark.parametrize("change", [
    {"ho_ten": "Trần Thị Bích Ngân"},
    {"ngay_sinh": "09/03/1992"},
    {"ngay_sinh": "1992"},  # the record has the full date: the year alone is not enough
    {"tinh": "01", "xa": ""},
    {"xa": CHO_LON},
    {"cccd": "079199999999"},
])
def test_near_miss_and_miss_get_the_same_answer(client, session, change):
    person = make_insured(session)
    session.commit()
    near_miss = ask(client, details(person, **change))
    miss = ask(client, details(person, cccd="001099000001", ho_ten="Nguyễn Văn Không Có"))
    assert near_miss.status_code == miss.status_code == 200
    assert answer_of(near_miss) == answer_of(miss)
    assert "Không tìm thấy duy nhất một người" in answer_of(miss)
    assert person.ma_so not in near_miss.get_data(as_text=True)


def test_hit_miss_and_near_miss_all_take_at_least_the_minimum_time(client, session):
    person = make_insured(session)
    session.commit()
    forms = [details(person), details(person, ho_ten="Trần Thị Bích Ngân"), details(person, cccd="001099000001")]
    for form in forms:
        token = csrf_token(client, PATH)
        started = time.monotonic()
        client.post(PATH, data={**form, "csrf_token": token})
        assert time.monotonic() - started >= MIN_SECONDS


def test_padding_makes_up_the_difference_exactly(session):
    """The service sleeps for what is left of the minimum, whatever the path took."""
    person = make_insured(session)
    session.commit()
    clock = iter([100.0, 100.1]).__next__
    slept = []
    query = MaSoQuery("79", None, person.full_name, BirthDate(1992, 3, 8), person.cccd)
    answer = ma_so.lookup(session, query=query, client=None, account_id=None, audit_key="k", min_seconds=0.8,
                          clock=clock, sleep=slept.append)
    assert answer.ma_so == person.ma_so and slept == [pytest.approx(0.7)]


def test_every_query_is_audited_without_the_cccd_in_clear(app, client, session):
    person = make_insured(session)
    session.commit()
    ask(client, details(person))
    ask(client, details(person, ho_ten="Sai Tên"))
    session.expire_all()
    events = session.scalars(select(AuditEvent).where(AuditEvent.event == "lookup_ma_so").order_by(AuditEvent.id)).all()
    assert [json.loads(e.detail)["found"] for e in events] == [True, False]
    assert events[0].subject == person.ma_so and events[1].subject is None
    assert all(e.ip == "127.0.0.1" for e in events)
    for event in events:
        stored = event.detail + (event.subject or "") + event.user_agent
        assert person.cccd not in stored and person.full_name not in stored
        assert hashlib.sha256(person.cccd.encode()).hexdigest() not in stored  # keyed, not plain SHA-256
        assert json.loads(event.detail)["cccd_hmac"] == cccd_digest(person.cccd, key=app.config["SECRET_KEY"])


def test_bad_input_is_explained_in_place_and_kept(client, session):
    response = ask(client, {"tinh": "", "xa": "", "ho_ten": "A1", "ngay_sinh": "31/02/1990", "cccd": "0791"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Chọn tỉnh, thành phố nơi bạn đang sinh sống.", "Nhập họ và tên đầy đủ như trên CCCD.",
                    "Ngày sinh không hợp lệ.", "Số CCCD phải gồm đúng 12 chữ số."):
        assert message in html
    assert 'value="31/02/1990"' in html and 'aria-describedby="f-cccd-hint f-cccd-error"' in html
    assert "ma-so-answer" not in html
    assert session.scalars(select(AuditEvent).where(AuditEvent.event == "lookup_ma_so")).first() is None


def test_a_commune_of_another_province_is_an_error(client, session):
    person = make_insured(session)
    session.commit()
    html = ask(client, details(person, tinh="01", xa=BEN_THANH)).get_data(as_text=True)
    assert "Xã, phường đã chọn không thuộc tỉnh, thành phố này." in html


def test_no_script_button_loads_the_communes_without_a_look_up(client, session):
    person = make_insured(session)
    session.commit()
    for _ in range(8):  # not counted against the limit either
        response = ask(client, {**details(person, xa=""), "action": "wards"})
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Phường Bến Thành" in html and "ma-so-answer" not in html
    assert person.cccd not in html  # never echoed back by this button
    assert session.scalars(select(AuditEvent).where(AuditEvent.event == "lookup_ma_so")).first() is None


def test_the_details_never_travel_in_a_url(client):
    html = client.get(PATH).get_data(as_text=True)
    assert re.search(r'<form method="post" action="/tra-cuu/ma-so-bhxh"', html)
    response = client.get(PATH + "?cccd=079192000001&ho_ten=x")
    assert "079192000001" not in response.get_data(as_text=True)


def test_without_csrf_token_nothing_is_looked_up(client, session):
    person = make_insured(session)
    session.commit()
    response = client.post(PATH, data=details(person))
    assert response.status_code == 400 and person.ma_so not in response.get_data(as_text=True)


def test_five_per_minute_per_address(client, session):
    person = make_insured(session)
    session.commit()
    statuses = [ask(client, details(person, ho_ten="Sai Tên")).status_code for _ in range(5)]
    assert statuses == [200] * 5
    blocked = ask(client, details(person))
    assert blocked.status_code == 429 and person.ma_so not in blocked.get_data(as_text=True)
    assert "quá nhiều" in blocked.get_data(as_text=True)
    other = client.post(PATH, data={**details(person), "csrf_token": csrf_token(client, PATH)},
                        environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert person.ma_so in other.get_data(as_text=True)  # the limit is per address


def test_the_limits_are_those_of_the_issue():
    from vssid.lookups.views import MA_SO_LIMIT

    assert MA_SO_LIMIT == "5 per minute;30 per day"


class TestDailyLimit:
    @pytest.fixture
    def app_config(self):
        return {"VSSID_MA_SO_MIN_SECONDS": 0, "VSSID_MA_SO_LIMIT": "100 per minute;3 per day"}

    def test_the_daily_limit_holds_across_minutes(self, client, session):
        person = make_insured(session)
        session.commit()
        assert [ask(client, details(person)).status_code for _ in range(4)] == [200, 200, 200, 429]
