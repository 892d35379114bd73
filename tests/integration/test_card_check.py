"""Kiểm tra thẻ BHYT (/kiem-tra-the): the public card check for clinic counters.

Sources: the issue (answer = validity, benefit level, initial facility, nothing more; the
same answer for "no such card" and "details do not match": "Không tìm thấy thẻ khớp với
thông tin đã nhập"; legacy 15-character and new 10-digit codes; names case- and
whitespace-insensitive, diacritics significant; rate-limited per IP); DOMAIN.md §1 (legacy
code XX Y ZZ NNNNNNNNNN, QĐ 1351/QĐ-BHXH), §3 (QR text), §9 (the gateway answers validity,
maDKBD and the like from maThe, hoTen, ngaySinh).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.card import vn_today
from tests.support.factories import make_card, make_facility, make_person
from tests.support.web import csrf_token
from vssid.card.qr import CardQR, encode
from vssid.core.dates import BirthDate

NO_MATCH = "Không tìm thấy thẻ khớp với thông tin đã nhập."


@pytest.fixture
def holder(session):
    facility = make_facility(session, name="Trạm Y tế Phường Bến Nghé")
    person = make_person(session, full_name="Đỗ Thị Hà", gender=2, birth_year=1994, birth_month=3, birth_day=5,
                         address="Số 7 Hàm Nghi, Phường Sài Gòn", phone="0912345678", cccd="079194000123")
    card = make_card(session, person, facility=facility, object_code="HC", benefit_level=4, province_code="79",
                     valid_from=vn_today() - dt.timedelta(days=100), valid_to=vn_today() + dt.timedelta(days=200))
    session.commit()
    return person, card, facility


def check(client, **form):
    data = {"mode": "fields", "card_code": "", "full_name": "", "birth": "", **form}
    return client.post("/kiem-tra-the", data={**data, "csrf_token": csrf_token(client, "/kiem-tra-the")})


def answer(body: str) -> str:
    """The answer section alone (the forms below it echo what was typed)."""
    match = re.search(r'<section class="card check-result.*?</section>', body, re.S)
    return match.group(0) if match else ""


def test_page_is_public(client):
    response = client.get("/kiem-tra-the")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kiểm tra thẻ BHYT" in body and 'name="card_code"' in body and 'name="qr_text"' in body


def test_valid_card_answers_validity_level_and_facility_only(client, holder):
    person, card, facility = holder
    response = check(client, card_code=person.ma_so, full_name="Đỗ Thị Hà", birth="05/03/1994")
    body = answer(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Thẻ còn giá trị sử dụng" in body
    assert f"Từ ngày {card.valid_from:%d/%m/%Y} đến ngày {card.valid_to:%d/%m/%Y}" in body
    assert "4 – Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT" in body
    assert f"Trạm Y tế Phường Bến Nghé ({facility.code})" in body
    for private_detail in ("Hàm Nghi", "0912345678", "079194000123", "Nữ"):
        assert private_detail not in response.get_data(as_text=True)


def test_name_is_compared_without_case_or_extra_spaces(client, holder):
    person, _, _ = holder
    body = check(client, card_code=f" {person.ma_so} ", full_name="  đỗ   THỊ hà ", birth="5/3/1994").get_data(as_text=True)
    assert "Thẻ còn giá trị sử dụng" in answer(body)


def test_legacy_fifteen_character_code_is_read(client, holder):
    person, _, _ = holder
    body = check(client, card_code=f"hc479{person.ma_so}", full_name="Đỗ Thị Hà", birth="05/03/1994").get_data(as_text=True)
    assert "Thẻ còn giá trị sử dụng" in answer(body)


def test_no_such_card_and_wrong_details_get_the_same_answer(client, holder):
    person, _, _ = holder
    other = str(int(person.ma_so) + 5000).zfill(10)
    answers = {
        "no such card": check(client, card_code=other, full_name="Đỗ Thị Hà", birth="05/03/1994"),
        "name without diacritics": check(client, card_code=person.ma_so, full_name="Do Thi Ha", birth="05/03/1994"),
        "other diacritics": check(client, card_code=person.ma_so, full_name="Đỗ Thị Hả", birth="05/03/1994"),
        "wrong birth date": check(client, card_code=person.ma_so, full_name="Đỗ Thị Hà", birth="06/03/1994"),
        "year only for a full date": check(client, card_code=person.ma_so, full_name="Đỗ Thị Hà", birth="1994"),
        "wrong object code": check(client, card_code=f"DN479{person.ma_so}", full_name="Đỗ Thị Hà", birth="05/03/1994"),
        "wrong level": check(client, card_code=f"HC379{person.ma_so}", full_name="Đỗ Thị Hà", birth="05/03/1994"),
        "wrong province": check(client, card_code=f"HC401{person.ma_so}", full_name="Đỗ Thị Hà", birth="05/03/1994"),
    }
    shapes = set()
    for case, response in answers.items():
        assert response.status_code == 200, case
        section = answer(response.get_data(as_text=True))
        assert NO_MATCH in section, case
        shapes.add(section)
    assert len(shapes) == 1  # byte for byte the same answer


def test_stopped_card_is_not_confirmed(client, session):
    person = make_person(session, full_name="Võ Văn Kiệt")
    make_card(session, person, status="stopped")
    session.commit()
    body = check(client, card_code=person.ma_so, full_name="Võ Văn Kiệt", birth="17/05/1990").get_data(as_text=True)
    assert NO_MATCH in answer(body)


def test_expired_card_says_so(client, session):
    person = make_person(session, full_name="Võ Thị Sáu")
    make_card(session, person, valid_from=dt.date(2024, 1, 1), valid_to=vn_today() - dt.timedelta(days=1))
    session.commit()
    body = check(client, card_code=person.ma_so, full_name="Võ Thị Sáu", birth="17/05/1990").get_data(as_text=True)
    assert "Thẻ đã hết giá trị sử dụng" in answer(body)


def test_year_only_birth_is_checked_by_year(client, session):
    person = make_person(session, full_name="Lò Văn Páo", birth_year=1950, birth_month=None, birth_day=None)
    make_card(session, person)
    session.commit()
    assert "Thẻ còn giá trị sử dụng" in answer(check(client, card_code=person.ma_so, full_name="LÒ VĂN PÁO",
                                                    birth="1950").get_data(as_text=True))


def test_empty_form_shows_each_error_in_place(client):
    response = check(client)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng nhập mã thẻ BHYT." in body
    assert "Vui lòng nhập họ và tên như trên thẻ." in body
    assert "Vui lòng nhập ngày sinh" in body
    assert 'aria-describedby="f-card_code-hint f-card_code-error" aria-invalid="true"' in body
    assert answer(body) == ""


@pytest.mark.parametrize(
    ("card_code", "birth", "message"),
    [
        ("123456789", "05/03/1994", "Mã thẻ BHYT gồm 10 chữ số (thẻ mới) hoặc 15 ký tự (thẻ cũ)."),
        ("ZZ47912345678901", "05/03/1994", "Mã thẻ BHYT gồm 10 chữ số"),
        ("XY4791234567890", "05/03/1994", "Mã đối tượng “XY” trên thẻ BHYT không có trong danh mục."),
        ("7912345678", "31/02/1994", "Ngày sinh không hợp lệ."),
        ("7912345678", "mùng 5", "Ngày sinh phải có dạng ngày/tháng/năm"),
    ],
)
def test_malformed_input_is_explained_and_kept(client, card_code, birth, message):
    response = check(client, card_code=card_code, full_name="Đỗ Thị Hà", birth=birth)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert f'value="{card_code}"' in body and 'value="Đỗ Thị Hà"' in body


def qr_text(person, card, **changes) -> str:
    values = dict(card_code=card.card_number, full_name=person.full_name,
                  birth=BirthDate(person.birth_year, person.birth_month, person.birth_day), gender=person.gender,
                  address=person.address, facility_code=card.facility_code, valid_from=card.valid_from,
                  valid_to=card.valid_to, issue_date=card.issue_date)
    values.update(changes)
    return encode(CardQR(**values))


def test_pasted_qr_text_is_checked(client, holder):
    person, card, _ = holder
    response = client.post("/kiem-tra-the", data={"mode": "qr", "qr_text": qr_text(person, card) + "\n",
                                                  "csrf_token": csrf_token(client, "/kiem-tra-the")})
    assert "Thẻ còn giá trị sử dụng" in answer(response.get_data(as_text=True))


def test_qr_of_another_name_gets_the_same_no_match(client, holder):
    person, card, _ = holder
    response = client.post("/kiem-tra-the", data={"mode": "qr", "qr_text": qr_text(person, card, full_name="Đỗ Thị Hoa"),
                                                  "csrf_token": csrf_token(client, "/kiem-tra-the")})
    assert NO_MATCH in answer(response.get_data(as_text=True))


@pytest.mark.parametrize(("text", "message"), [
    ("", "Vui lòng dán hoặc quét nội dung mã QR trên thẻ."),
    ("https://example.com", "Mã QR không phải mã QR của thẻ BHYT hoặc bị thiếu thông tin."),
    ("7912345678|zz|05/03/1994|2|-|79 - 011|01/01/2026|31/12/2026|01/01/2026|$", "Họ và tên trong mã QR không đúng định dạng."),
])
def test_bad_qr_text_is_explained_and_kept(client, text, message):
    response = client.post("/kiem-tra-the", data={"mode": "qr", "qr_text": text,
                                                  "csrf_token": csrf_token(client, "/kiem-tra-the")})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and answer(body) == ""
    assert f">{text}</textarea>" in body


def test_htmx_check_swaps_only_the_panel(client, holder):
    person, _, _ = holder
    token = csrf_token(client, "/kiem-tra-the")
    response = client.post("/kiem-tra-the", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"mode": "fields", "card_code": person.ma_so, "full_name": "Đỗ Thị Hà", "birth": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200  # errors swap in place for htmx
    assert body.lstrip().startswith('<div id="check-panel">') and "<html" not in body
    assert "Vui lòng nhập ngày sinh" in body


def test_checks_are_rate_limited_per_ip(client, holder):
    person, _, _ = holder
    token = csrf_token(client, "/kiem-tra-the")
    data = {"mode": "fields", "card_code": person.ma_so, "full_name": "Đỗ Thị Hà", "birth": "05/03/1994",
            "csrf_token": token}
    statuses = [client.post("/kiem-tra-the", data=data).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    other_ip = client.post("/kiem-tra-the", data=data, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 200
