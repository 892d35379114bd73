"""The health card page /ca-nhan/the-bhyt through the test client.

Sources: the issue "Health card (Thẻ BHYT) on screen and offline"; DOMAIN.md §1 (the
printed fields of the card since QĐ 1666/QĐ-BHXH: Mã số; Họ và tên in capitals; Ngày
sinh; Giới tính; Mã mức hưởng; Mã nơi sinh sống; Nơi đăng ký KCB ban đầu; Giá trị sử dụng;
Thời điểm đủ 5 năm liên tục; nơi cấp; QR), §2 (benefit levels), §3 (the QR text).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.card import make_child, make_family, make_household, vn_today, years_ago
from tests.support.factories import PASSWORD, make_account, make_card, make_person
from tests.support.web import logged_in_client
from vssid.card.services import qr_svg

TODAY = vn_today()


def hexed(text: str) -> str:
    """DOMAIN.md §3: names and addresses are the hex of their UTF-8 bytes."""
    return text.encode("utf-8").hex()


def qr_of(body: str) -> str:
    match = re.search(r'<svg role="img"[^>]*class="qr-code".*?</svg>', body, re.S)
    assert match, "no QR on the page"
    return match.group(0)


@pytest.fixture
def family(session):
    return make_family(session)


@pytest.fixture
def parent_client(app, session, family):
    return logged_in_client(app, session, family.account, PASSWORD)


def test_card_page_shows_every_printed_field(parent_client, family):
    response = parent_client.get("/ca-nhan/the-bhyt")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    card = family.card
    assert "LÊ THỊ THU HẰNG" in body  # Họ và tên in capitals
    assert family.parent.ma_so in body  # Mã số: the 10-digit mã số
    assert "09/03/1988" in body and "Nữ" in body
    assert "Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT" in body  # level 4 in words
    assert "K2" in body  # Mã nơi sinh sống
    assert "Bệnh viện Quận Phú Nhuận" in body and f"Mã: {family.facility.code}" in body
    assert f"từ ngày {card.valid_from:%d/%m/%Y} đến ngày {card.valid_to:%d/%m/%Y}" in body
    assert "01/04/2027" in body  # Thời điểm đủ 5 năm liên tục
    assert "Bảo hiểm xã hội cơ sở Phú Nhuận" in body  # nơi cấp
    assert f"GD479{family.parent.ma_so}" in body  # the legacy 15-character code clinics still type


def test_card_qr_holds_exactly_the_domain_text(parent_client, family):
    parent, card = family.parent, family.card
    expected = "|".join([
        parent.ma_so, hexed("Lê Thị Thu Hằng"), "09/03/1988", "2", hexed(parent.address),
        f"{card.facility_code[:2]} - {card.facility_code[2:]}",
        f"{card.valid_from:%d/%m/%Y}", f"{card.valid_to:%d/%m/%Y}", f"{card.issue_date:%d/%m/%Y}",
        "", "-", "K2", "01/04/2027", "",
    ]) + "$"
    body = parent_client.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert qr_of(body) == qr_svg(expected, title="Mã QR của thẻ BHYT")


def test_personal_page_is_never_cached_and_kept_out_of_htmx_history(parent_client):
    response = parent_client.get("/ca-nhan/the-bhyt")
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in response.get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_login(client):
    response = client.get("/ca-nhan/the-bhyt")
    assert response.status_code in (302, 303)
    assert "/dang-nhap" in response.headers["Location"]


def test_current_card_is_the_active_one_that_ends_last(app, session):
    person = make_person(session)
    make_card(session, person, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31))
    make_card(session, person, valid_to=TODAY + dt.timedelta(days=900), status="withdrawn")
    current = make_card(session, person, valid_from=TODAY - dt.timedelta(days=10), valid_to=TODAY + dt.timedelta(days=200))
    account = make_account(session, person)
    session.commit()
    body = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert f"đến ngày {current.valid_to:%d/%m/%Y}" in body
    assert "31/12/2020" not in body and f"{TODAY + dt.timedelta(days=900):%d/%m/%Y}" not in body
    assert "Còn hạn" in body


@pytest.mark.parametrize(
    ("object_code", "valid_to", "words", "renewal"),
    [
        ("GD", TODAY + dt.timedelta(days=100), "Còn hạn", False),
        ("GD", TODAY + dt.timedelta(days=30), "Sắp hết hạn", True),
        ("GD", TODAY - dt.timedelta(days=1), "Hết hạn", True),
        ("DN", TODAY - dt.timedelta(days=1), "Hết hạn", False),
        ("DN", TODAY + dt.timedelta(days=5), "Sắp hết hạn", False),
    ],
)
def test_status_in_words_and_renewal_link(app, session, object_code, valid_to, words, renewal):
    person = make_person(session)
    make_card(session, person, object_code=object_code, valid_from=TODAY - dt.timedelta(days=300), valid_to=valid_to)
    account = make_account(session, person)
    session.commit()
    body = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert f"<span>{words}</span>" in body
    assert ('href="/thanh-toan/bhyt-ho-gia-dinh"' in body) is renewal


def test_person_without_an_active_card_is_told_so(app, session):
    person = make_person(session)
    make_card(session, person, status="stopped")
    account = make_account(session, person)
    session.commit()
    response = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chưa có thẻ BHYT đang có hiệu lực." in body and 'class="qr-code"' not in body


# --- Household members ------------------------------------------------------------------


def test_children_appear_as_tabs_with_real_urls(parent_client, family):
    body = parent_client.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert f'href="/ca-nhan/the-bhyt/{family.child.id}"' in body
    assert "Trần Minh Khoa" in body


def test_childs_card_names_the_parent_in_its_qr(parent_client, family):
    response = parent_client.get(f"/ca-nhan/the-bhyt/{family.child.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "TRẦN MINH KHOA" in body and family.child.ma_so in body
    assert "Được thanh toán 100% chi phí KCB trong phạm vi hưởng BHYT, không giới hạn" in body  # TE: level 1
    child, card = family.child, family.child_card
    expected = "|".join([
        child.ma_so, hexed("Trần Minh Khoa"), f"{child.birth_date:%d/%m/%Y}", "1", hexed(child.address),
        f"{card.facility_code[:2]} - {card.facility_code[2:]}",
        f"{card.valid_from:%d/%m/%Y}", f"{card.valid_to:%d/%m/%Y}", f"{card.issue_date:%d/%m/%Y}",
        "", hexed("Lê Thị Thu Hằng"), "", "", "",
    ]) + "$"
    assert qr_of(body) == qr_svg(expected, title="Mã QR của thẻ BHYT")
    assert 'aria-current="page">Trần Minh Khoa' in body


def test_tab_click_through_htmx_swaps_only_the_card(parent_client, family):
    response = parent_client.get(f"/ca-nhan/the-bhyt/{family.child.id}", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "<html" not in body and body.lstrip().startswith('<div id="card-panel"')
    assert "TRẦN MINH KHOA" in body


def test_history_restore_after_back_gets_the_whole_page(parent_client, family):
    response = parent_client.get(f"/ca-nhan/the-bhyt/{family.child.id}",
                                 headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def _not_found(client, person_id: int) -> None:
    response = client.get(f"/ca-nhan/the-bhyt/{person_id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'class="qr-code"' not in body


def test_stranger_card_is_not_found(parent_client, session):
    stranger = make_person(session, full_name="Phạm Văn Lạ")
    make_card(session, stranger)
    session.commit()
    _not_found(parent_client, stranger.id)
    _not_found(parent_client, 999999)


def test_adult_child_is_not_shown(parent_client, session, family):
    grown = make_child(session, parent=family.parent, born=years_ago(18), full_name="Trần Minh Đức")
    make_card(session, grown)
    session.commit()
    assert "Trần Minh Đức" not in parent_client.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    _not_found(parent_client, grown.id)


def test_child_turning_eighteen_tomorrow_is_still_shown(parent_client, session, family):
    nearly = make_child(session, parent=family.parent, born=years_ago(18, days=-1), full_name="Trần Minh Tâm")
    make_card(session, nearly)
    session.commit()
    assert parent_client.get(f"/ca-nhan/the-bhyt/{nearly.id}").status_code == 200


def test_child_in_another_household_is_not_shown(parent_client, session, family):
    elsewhere = make_child(session, parent=family.parent, born=years_ago(10), household=make_household(session),
                           full_name="Trần Minh Nhật")
    make_card(session, elsewhere)
    session.commit()
    _not_found(parent_client, elsewhere.id)


def test_household_member_without_the_guardian_link_is_not_shown(parent_client, session, family):
    spouse = make_person(session, full_name="Trần Văn Bình", household_id=family.household.id)
    niece = make_child(session, parent=spouse, born=years_ago(5), household=family.household, full_name="Trần Thị Na")
    for person in (spouse, niece):
        make_card(session, person)
    session.commit()
    body = parent_client.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert "Trần Văn Bình" not in body and "Trần Thị Na" not in body
    _not_found(parent_client, spouse.id)
    _not_found(parent_client, niece.id)


def test_child_cannot_see_the_parents_card(app, session, family):
    child_account = make_account(session, family.child)
    session.commit()
    child_client = logged_in_client(app, session, child_account, PASSWORD)
    _not_found(child_client, family.parent.id)


def test_holder_without_household_has_no_tabs(app, session):
    person = make_person(session)
    make_card(session, person)
    account = make_account(session, person)
    session.commit()
    body = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert 'class="tabs card-tabs"' not in body
