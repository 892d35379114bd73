"""Personal records through the app: participation, benefits, the medical-visit book.

What a holder must see (totals, gaps, months owed, BHTN reserve, Vietnamese names and
money), whose records they may see (own and young children in their household, anything
else 404 on every route), and that a page costs the same number of queries for a short
and a long history.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event

from tests.support.factories import PASSWORD, make_account, make_facility, make_office, make_person
from tests.support.records import (
    make_benefit,
    make_child,
    make_demo_worker,
    make_employer,
    make_household,
    make_period,
    make_periods,
    make_visit,
)
from tests.support.web import logged_in_client
from vssid.core.dates import VN_TZ, format_duration_vi, months_between_inclusive, to_local
from vssid.core.db import utcnow

NBSP = "\u00a0"


def _today() -> dt.date:
    return to_local(utcnow()).date()


def _months_since(start: tuple[int, int]) -> int:
    today = _today()
    return months_between_inclusive(start, (today.year, today.month))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _plain(html: str) -> str:
    """The page's text with tags removed and spaces collapsed (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ")


@pytest.fixture
def worker(app, session):
    account, facts = make_demo_worker(session, password=PASSWORD)
    session.commit()
    return account, facts


@pytest.fixture
def worker_client(app, session, worker):
    return logged_in_client(app, session, worker[0], PASSWORD)


# --- Login and headers ----------------------------------------------------------------


PAGES = (
    "/ca-nhan", "/ca-nhan/qua-trinh-tham-gia/bhxh", "/ca-nhan/qua-trinh-tham-gia/in",
    "/ca-nhan/thong-tin-huong", "/ca-nhan/so-kham-chua-benh",
)


@pytest.mark.parametrize("path", PAGES + ("/ca-nhan/thong-tin-huong/1", "/ca-nhan/so-kham-chua-benh/1"))
def test_personal_pages_ask_for_login(client, path):
    response = client.get(path)
    assert response.status_code in (302, 303)
    assert "/dang-nhap" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_personal_pages_are_never_cached_nor_kept_in_htmx_history(worker_client, path):
    response = worker_client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in _text(response)


def test_hub_has_the_five_tiles_and_the_child(worker_client, worker):
    body = _text(worker_client.get("/ca-nhan"))
    for href in ('href="/ca-nhan/the-bhyt"', 'href="/ca-nhan/qua-trinh-tham-gia"', 'href="/ca-nhan/thong-tin-huong"',
                 'href="/ca-nhan/so-kham-chua-benh"', 'href="/tai-khoan"'):
        assert href in body
    for label in ("Thẻ BHYT", "Quá trình tham gia", "Thông tin hưởng", "Sổ khám chữa bệnh", "Tài khoản"):
        assert label in body
    child = worker[1]["child"]
    assert child.full_name in body and f"nguoi={child.id}" in body


def test_totals_gap_and_months_owed_of_a_career(worker_client):
    text = _plain(_text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhxh")))
    bhxh = 72 + 30 + _months_since((2021, 1))  # overlaps: none; the gap 01/2018–06/2018 is not counted
    assert f"Tổng thời gian tham gia {format_duration_vi(bhxh)}" in text
    assert "Đang tham gia" in text
    assert "01/2018 – 06/2018 (6 tháng)" in text  # the gap between two jobs
    assert "Đơn vị nợ đóng" in text and "3 tháng trong quá trình trên đơn vị chưa đóng đủ" in text
    # every scheme's total is on its tab; TNLĐ-BNN starts in 07/2016
    assert format_duration_vi(18 + 30 + _months_since((2021, 1))) in text


def test_bhtn_months_in_reserve_after_an_unemployment_benefit(worker_client):
    text = _plain(_text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhtn")))
    contributed = 72 + 30 + _months_since((2021, 1))
    # A 3-month benefit in 2018 used 36 of the 72 months paid before it (Luật Việc làm Đ.50).
    assert f"Thời gian đóng chưa hưởng trợ cấp thất nghiệp (bảo lưu) {format_duration_vi(contributed - 36)}" in text
    assert "Đã dùng để hưởng trợ cấp thất nghiệp 3 năm" in text
    assert "Cách tính thời gian bảo lưu" in text


def test_overlapping_periods_count_once(app, session):
    person = make_person(session)
    account = make_account(session, person)
    employer = make_employer(session)
    make_period(session, person, start=(2010, 1), end=(2015, 12), employer=employer)
    make_period(session, person, start=(2015, 1), end=(2016, 6), employer=make_employer(session))  # second job
    session.commit()
    text = _plain(_text(logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/qua-trinh-tham-gia/bhxh")))
    assert "Tổng thời gian tham gia 6 năm 6 tháng" in text  # 01/2010–06/2016, not 7 years 6 months
    assert "Gián đoạn" not in text


def test_periods_newest_first_with_employer_job_wage_province(worker_client):
    body = _text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhxh"))
    text = _plain(body)
    order = [text.index(f"{start} – ") for start in ("01/2021", "10/2020", "07/2018", "01/2012")]
    assert order == sorted(order)
    assert "01/2021 – nay" in text
    assert "Công ty TNHH May mặc Bình Dương" in text and "Mã đơn vị YN0001A" in text
    assert "Tổ trưởng chuyền may" in text and f"9.400.000{NBSP}đ" in body
    assert "Hồ Chí Minh" in text


def test_tabs_are_pages_and_htmx_fragments(worker_client):
    full = _text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhtn"))
    assert "<html" in full and "Bảo hiểm thất nghiệp" in full
    assert re.search(r'href="/ca-nhan/qua-trinh-tham-gia/bhtn"[^>]*hx-target="#scheme-panel"[^>]*hx-push-url="true"[^>]*'
                     r'aria-current="page"', full)
    fragment = worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhtnld-bnn",
                                 headers={"HX-Request": "true", "HX-Target": "scheme-panel"})
    body = _text(fragment)
    assert fragment.status_code == 200 and "<html" not in body
    assert "Bảo hiểm tai nạn lao động – bệnh nghề nghiệp" in body
    assert re.search(r'href="/ca-nhan/qua-trinh-tham-gia/bhtnld-bnn"[^>]*aria-current="page"', body)
    assert "HX-Request" in fragment.headers["Vary"] and fragment.headers["Cache-Control"] == "no-store"
    # htmx's history restore (back button, no cache for personal pages) needs the page
    restored = worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhtn",
                                 headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in _text(restored)


def test_unknown_scheme_is_not_found(worker_client):
    assert worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhxh-tu-nguyen").status_code == 404
    response = worker_client.get("/ca-nhan/qua-trinh-tham-gia")
    assert response.status_code == 302 and response.headers["Location"].endswith("/ca-nhan/qua-trinh-tham-gia/bhxh")


@pytest.fixture
def long_career(app, session):
    person = make_person(session)
    account = make_account(session, person)
    make_periods(session, person, count=45, schemes=("BHXH",))
    session.commit()
    return logged_in_client(app, session, account, PASSWORD)


def _rows(body: str) -> int:
    return body.count('class="period-when"')


def test_periods_are_paged_twenty_at_a_time(long_career):
    first = _text(long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh"))
    assert _rows(first) == 20 and "Đã hiện đến giai đoạn 20 trên tổng số 45" in first
    assert 'href="/ca-nhan/qua-trinh-tham-gia/bhxh?trang=2"' in first and "Xem thêm" in first
    second = _text(long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=2"))
    assert _rows(second) == 20 and 'rel="prev"' in second
    last = _text(long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=3"))
    assert _rows(last) == 5 and "Xem thêm" not in last
    # the oldest period (01/2000–04/2000) is on the last page, the newest on the first
    assert "01/2000 – 04/2000" in _plain(last) and "01/2000 – 04/2000" not in _plain(first)
    # a stale or mistyped page number shows a real page, never an error
    assert _rows(_text(long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=99"))) == 5
    assert _rows(_text(long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=abc"))) == 20


def test_more_button_appends_rows_and_replaces_the_pager(long_career):
    response = long_career.get("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=2",
                               headers={"HX-Request": "true", "HX-Target": "period-rows"})
    body = _text(response)
    assert "<html" not in body and "<table" not in body
    assert _rows(body) == 20
    assert 'id="period-pager" class="pager no-print" hx-swap-oob="true"' in body
    assert "Đã hiện đến giai đoạn 40 trên tổng số 45" in body and "trang=3" in body
    assert 'rel="prev"' not in body  # rows 1–40 are on screen


def test_print_view_has_every_scheme_and_every_period(long_career):
    body = _text(long_career.get("/ca-nhan/qua-trinh-tham-gia/in"))
    for name in ("Bảo hiểm xã hội", "Bảo hiểm thất nghiệp", "Bảo hiểm tai nạn lao động – bệnh nghề nghiệp",
                 "Bảo hiểm y tế"):
        assert name in body
    assert body.count("<tr>") >= 45 + 4  # no paging: 45 periods plus the totals
    assert "data-print" in body and "Xem thêm" not in body
    # Each wide table scrolls sideways on a phone: keyboard users reach it, screen readers name it.
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="print-bhxh">' in body


# --- Benefits ---------------------------------------------------------------------------


def test_benefits_grouped_by_regime_with_vietnamese_names(worker_client):
    text = _plain(_text(worker_client.get("/ca-nhan/thong-tin-huong")))
    # DOMAIN.md §5 order: ốm đau, thai sản, …, trợ cấp thất nghiệp
    positions = [text.index(f" {name} ") for name in ("Ốm đau", "Thai sản", "Trợ cấp thất nghiệp")]
    assert positions == sorted(positions)
    assert "1.263.600 đ" in text and "5 ngày" in text and "06/03/2023 – 10/03/2023" in text
    assert "Tiền mặt qua bưu điện" in text and "Chuyển khoản qua tài khoản ATM" in text
    assert "Bảo hiểm xã hội cơ sở Thuận An" in text
    assert "Mức hưởng hằng tháng 8.640.000 đ" in text  # unemployment is paid monthly


def test_benefit_detail_and_empty_state(app, session, worker, worker_client):
    person = worker[1]["person"]
    record = make_benefit(session, person, regime="huu_tri_xa_hoi", amount=500_000, decision_number="77/QĐ-BHXH",
                          period_from=dt.date(2025, 7, 1), status="active", office=worker[1]["office"])
    session.commit()
    text = _plain(_text(worker_client.get(f"/ca-nhan/thong-tin-huong/{record.id}")))
    assert "Trợ cấp hưu trí xã hội" in text and "Quyết định số 77/QĐ-BHXH" in text
    assert "Từ 01/07/2025, đang hưởng" in text and "Đang hưởng" in text and "500.000 đ" in text
    newcomer = make_account(session)
    session.commit()
    empty = _plain(_text(logged_in_client(app, session, newcomer, PASSWORD).get("/ca-nhan/thong-tin-huong")))
    assert "Bạn chưa hưởng chế độ nào" in empty


def test_benefits_are_paged(app, session):
    person = make_person(session)
    account = make_account(session, person)
    for day in range(1, 26):
        make_benefit(session, person, regime="om_dau", decision_date=dt.date(2024, 1, day), days=2)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    first = _text(client.get("/ca-nhan/thong-tin-huong"))
    assert first.count('class="card-title"><a href="/ca-nhan/thong-tin-huong/') == 20
    assert "25/01/2024" in first and "Trang 1/2" in first and 'href="/ca-nhan/thong-tin-huong?trang=2"' in first
    second = _text(client.get("/ca-nhan/thong-tin-huong?trang=2"))
    assert second.count('class="card-title"><a href="/ca-nhan/thong-tin-huong/') == 5 and "01/01/2024" in second


# --- Medical visits ---------------------------------------------------------------------


def test_visit_book_shows_the_latest_year_with_its_totals(worker_client):
    body = _text(worker_client.get("/ca-nhan/so-kham-chua-benh"))
    text = _plain(body)
    assert "Năm 2024" in text and "Số lượt khám chữa bệnh 3" in text
    # each visit: 265.150 đ of services and drugs; the fund pays 80% of each line (212.120 đ)
    assert "Tổng chi phí 795.450 đ" in text and "Quỹ BHYT chi trả 636.360 đ" in text
    assert "Người bệnh chi trả 159.090 đ" in text
    assert "K29.7 Viêm dạ dày, không đặc hiệu" in text and "M54.5 Đau vùng thắt lưng" in text
    assert "12/09/2024" in text and "Bệnh viện Đa khoa Bình Dương" in text
    assert text.index("12/09/2024") < text.index("12/05/2024") < text.index("12/02/2024")
    older = _plain(_text(worker_client.get("/ca-nhan/so-kham-chua-benh?nam=2023")))
    assert "I10 Bệnh tăng huyết áp vô căn (nguyên phát)" in older and "Số lượt khám chữa bệnh 1" in older


def test_visit_year_is_the_year_in_vietnam(app, session):
    person = make_person(session)
    account = make_account(session, person)
    facility = make_facility(session)
    make_visit(session, person, facility=facility, admitted=dt.datetime(2024, 12, 31, 23, 30, tzinfo=VN_TZ))
    make_visit(session, person, facility=facility, admitted=dt.datetime(2025, 1, 1, 0, 30, tzinfo=VN_TZ),
               main_icd="E11.9")
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    year_2025 = _plain(_text(client.get("/ca-nhan/so-kham-chua-benh?nam=2025")))
    assert "Số lượt khám chữa bệnh 1" in year_2025 and "01/01/2025" in year_2025
    assert "E11.9 Bệnh đái tháo đường không phụ thuộc insulin, không có biến chứng" in year_2025
    year_2024 = _plain(_text(client.get("/ca-nhan/so-kham-chua-benh?nam=2024")))
    assert "Số lượt khám chữa bệnh 1" in year_2024 and "31/12/2024" in year_2024


def test_bad_year_is_explained_in_place(worker_client):
    assert worker_client.get("/ca-nhan/so-kham-chua-benh?nam=²⁰²⁴").status_code == 400
    assert worker_client.get("/ca-nhan/so-kham-chua-benh?nam=1800").status_code == 400
    response = worker_client.get("/ca-nhan/so-kham-chua-benh?nam=hai-nghin")
    text = _plain(_text(response))
    assert response.status_code == 400
    assert "“hai-nghin” không phải là năm." in text and "ví dụ 2024" in text
    assert 'aria-invalid="true"' in _text(response)
    empty_year = _plain(_text(worker_client.get("/ca-nhan/so-kham-chua-benh?nam=2010")))
    assert "Không có lượt khám chữa bệnh BHYT nào trong năm 2010" in empty_year


def test_visit_detail_groups_lines_and_adds_up(worker_client, session, worker):
    visit = make_visit(session, worker[1]["person"], facility=worker[1]["facility"], main_icd="J06.9",
                       secondary_icds="I10;E11.9", admitted=dt.datetime(2024, 10, 1, 8, 0, tzinfo=VN_TZ))
    session.commit()
    text = _plain(_text(worker_client.get(f"/ca-nhan/so-kham-chua-benh/{visit.id}")))
    # groups in MA_NHOM order with their QĐ 5937 names
    order = [text.index(name) for name in ("1. Xét nghiệm", "2. Chẩn đoán hình ảnh", "3. Thăm dò chức năng",
                                           "4. Thuốc", "13. Khám bệnh")]
    assert order == sorted(order)
    assert "Amoxicillin 500mg" in text and "21 Viên" in text and "1.250 đ" in text and "26.250 đ" in text
    assert "J06.9 Nhiễm trùng đường hô hấp trên cấp, không đặc hiệu" in text
    assert "I10 Bệnh tăng huyết áp vô căn (nguyên phát)" in text
    assert "Tổng cộng 265.150 đ 212.120 đ 53.030 đ" in text
    assert "chưa khớp" not in text


def test_visit_detail_warns_when_lines_do_not_add_up(worker_client, session, worker):
    visit = make_visit(session, worker[1]["person"], facility=worker[1]["facility"])
    visit.lines.pop()  # a line lost on the way: 10 × 300 đ of paracetamol
    session.commit()
    text = _plain(_text(worker_client.get(f"/ca-nhan/so-kham-chua-benh/{visit.id}")))
    assert "Các khoản chi tiết chưa khớp với tổng của lượt khám" in text
    assert "Thành tiền: cộng các khoản 262.150 đ, tổng lượt khám 265.150 đ" in text


def test_empty_visit_book(app, session):
    account = make_account(session)
    session.commit()
    text = _plain(_text(logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/so-kham-chua-benh")))
    assert "Chưa có lượt khám chữa bệnh BHYT nào được ghi nhận" in text


# --- Whose records ----------------------------------------------------------------------


def _member_routes(member_id: int, benefit_id: int, visit_id: int) -> list[str]:
    return [
        f"/ca-nhan/qua-trinh-tham-gia/bhyt?nguoi={member_id}", f"/ca-nhan/qua-trinh-tham-gia/in?nguoi={member_id}",
        f"/ca-nhan/thong-tin-huong?nguoi={member_id}", f"/ca-nhan/so-kham-chua-benh?nguoi={member_id}",
        f"/ca-nhan/thong-tin-huong/{benefit_id}", f"/ca-nhan/so-kham-chua-benh/{visit_id}",
    ]


def test_holder_sees_their_young_childs_records(worker_client, session, worker):
    child = worker[1]["child"]
    benefit = make_benefit(session, child, regime="tu_tuat", amount=4_680_000)
    session.commit()
    visit_id = child_visit_id(session, child)
    for path in _member_routes(child.id, benefit.id, visit_id):
        response = worker_client.get(path)
        assert response.status_code == 200, path
        body = _text(response)
        assert child.full_name in body or child.full_name.upper() in body, path
    book = _plain(_text(worker_client.get(f"/ca-nhan/so-kham-chua-benh?nguoi={child.id}")))
    assert "A09" in book and "Bạn đang xem hồ sơ của Nguyễn Minh Khang" in book
    switch = _text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhxh"))
    assert "Xem hồ sơ của" in switch and f'<option value="{child.id}"' in switch


def child_visit_id(session, child) -> int:
    from sqlalchemy import select

    from vssid.registry.models import MedicalVisit

    return session.scalar(select(MedicalVisit.id).where(MedicalVisit.person_id == child.id))


@pytest.mark.parametrize("case", ["adult_child", "other_household", "not_guardian", "stranger"])
def test_anyone_else_is_not_found_on_every_route(worker_client, session, worker, case):
    holder = worker[1]["person"]
    if case == "adult_child":  # 18 today or older: their records are theirs alone
        today = _today()
        other = make_child(session, holder, born=today.replace(year=today.year - 18), name="Nguyễn Văn Trưởng")
    elif case == "other_household":
        other = make_child(session, holder, born=dt.date(2015, 1, 1), household=make_household(
            session, make_person(session)))
    elif case == "not_guardian":
        other = make_child(session, holder, born=dt.date(2016, 3, 3), guardian=False)
    else:
        other = make_person(session, full_name="Lê Văn Người Lạ")
    benefit = make_benefit(session, other, regime="om_dau")
    visit = make_visit(session, other, main_icd="R51")
    make_period(session, other, start=(2020, 1), end=None, scheme="BHYT")
    session.commit()
    for path in _member_routes(other.id, benefit.id, visit.id):
        response = worker_client.get(path)
        assert response.status_code == 404, path
        assert other.full_name not in _text(response), path
    body = _text(worker_client.get("/ca-nhan/qua-trinh-tham-gia/bhxh"))
    assert f'value="{other.id}"' not in body


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "999999999", "²", "１２"])
def test_malformed_or_unknown_person_id_is_not_found(worker_client, value):
    assert worker_client.get(f"/ca-nhan/thong-tin-huong?nguoi={value}").status_code == 404
    assert worker_client.get(f"/ca-nhan/so-kham-chua-benh/{value}").status_code == 404


def test_holder_may_name_themself(worker_client, worker):
    response = worker_client.get(f"/ca-nhan/thong-tin-huong?nguoi={worker[1]['person'].id}")
    assert response.status_code == 200 and "Bạn đang xem hồ sơ của" not in _text(response)


# --- Query count ------------------------------------------------------------------------


def _history(session, size: int):
    person = make_person(session)
    account = make_account(session, person)
    make_periods(session, person, count=size)
    office = make_office(session)
    facility = make_facility(session)
    benefit = None
    for index in range(size):
        benefit = make_benefit(session, person, regime=("om_dau", "that_nghiep", "huu_tri")[index % 3],
                               decision_date=dt.date(2010, 1, 1) + dt.timedelta(days=40 * index),
                               period_from=dt.date(2010, 1, 1) + dt.timedelta(days=40 * index),
                               period_to=dt.date(2010, 1, 1) + dt.timedelta(days=40 * index + 20), office=office)
    visit = None
    for index in range(size):
        visit = make_visit(session, person, facility=facility,
                           admitted=dt.datetime(2024, 1, 1, 9, tzinfo=VN_TZ) + dt.timedelta(days=5 * index),
                           lines=((13, "Khám Nội", "Lần", 1, 50_600, 100), (4, "Paracetamol 500mg", "Viên", 10, 300, 100)))
    session.commit()
    return account, benefit.id, visit.id


def _statements(app, client, path: str) -> int:
    engine = app.extensions["vssid.db"][0]
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, path
    return len(seen)


def test_query_count_does_not_grow_with_the_history(app, session):
    short, short_benefit, short_visit = _history(session, 3)
    long, long_benefit, long_visit = _history(session, 60)
    short_client = logged_in_client(app, session, short, PASSWORD)
    long_client = logged_in_client(app, session, long, PASSWORD)
    pages = [
        ("/ca-nhan", "/ca-nhan"),
        ("/ca-nhan/qua-trinh-tham-gia/bhxh", "/ca-nhan/qua-trinh-tham-gia/bhxh"),
        ("/ca-nhan/qua-trinh-tham-gia/bhxh?trang=2", "/ca-nhan/qua-trinh-tham-gia/bhxh?trang=2"),
        ("/ca-nhan/qua-trinh-tham-gia/in", "/ca-nhan/qua-trinh-tham-gia/in"),
        ("/ca-nhan/thong-tin-huong", "/ca-nhan/thong-tin-huong"),
        (f"/ca-nhan/thong-tin-huong/{short_benefit}", f"/ca-nhan/thong-tin-huong/{long_benefit}"),
        ("/ca-nhan/so-kham-chua-benh", "/ca-nhan/so-kham-chua-benh"),
        (f"/ca-nhan/so-kham-chua-benh/{short_visit}", f"/ca-nhan/so-kham-chua-benh/{long_visit}"),
    ]
    for short_path, long_path in pages:
        _statements(app, short_client, short_path)  # warm-up: first use of a connection
        _statements(app, long_client, long_path)
        few, many = _statements(app, short_client, short_path), _statements(app, long_client, long_path)
        assert few == many, (short_path, few, many)
        assert many <= 12, (long_path, many)
