"""The look-ups in a phone-sized Chromium, used as a person would: typing without
diacritics, picking a province and commune, paging, opening a result, going back.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.lookups import (
    BEN_THANH,
    CHO_LON,
    make_collection_point,
    make_employer,
    make_facility,
    make_insured,
    make_office,
)


def results(page: Page):
    return page.locator("#results .result-title")


def test_find_cho_ray_by_typing_without_diacritics_then_open_it_and_come_back(page: Page, live_server, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001", level="Trung ương", phone="028 3855 4137",
                  accepts_initial_registration=False)
    make_facility(session, name="Bệnh viện Nhi Đồng 1", code="79002", level="Tỉnh")
    make_facility(session, name="Trạm Y tế phường Chợ Quán", code="79003", level="Xã")
    session.commit()

    page.goto(live_server + "/tra-cuu")
    page.get_by_role("link", name="Cơ sở KCB ký hợp đồng KCB BHYT").click()
    expect(page.get_by_role("heading", name="Cơ sở KCB ký hợp đồng KCB BHYT")).to_be_visible()
    expect(results(page)).to_have_count(3)  # the whole list before typing

    box = page.get_by_role("searchbox", name="Tìm kiếm")
    box.press_sequentially("benh vien cho ray", delay=40)
    expect(results(page)).to_have_text(["Bệnh viện Chợ Rẫy"])
    expect(page).to_have_url(re.compile(r"/tra-cuu/co-so-kcb\?q=benh\+vien\+cho\+ray"))
    expect(page.locator("#result-status")).to_have_text("Tìm thấy 1 kết quả.")

    results(page).first.click()
    expect(page.get_by_role("heading", level=1, name="Bệnh viện Chợ Rẫy")).to_be_visible()
    expect(page.get_by_role("link", name="028 3855 4137")).to_have_attribute("href", "tel:02838554137")
    expect(page.get_by_role("link", name="Mở bản đồ chỉ đường")).to_have_attribute("href", re.compile(r"^geo:10\.757,106\.659\?q="))
    expect(page.get_by_role("link", name=re.compile("Xem trên Google Maps"))).to_have_attribute(
        "href", re.compile(r"^https://www\.google\.com/maps/search/\?api=1&query=10\.757%2C106\.659"))
    expect(page.get_by_text("Không nhận", exact=True)).to_be_visible()

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=benh\+vien\+cho\+ray"))
    expect(page.get_by_role("searchbox", name="Tìm kiếm")).to_have_value("benh vien cho ray")
    expect(results(page)).to_have_text(["Bệnh viện Chợ Rẫy"])


def test_abbreviation_and_shared_link(page: Page, live_server, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001")
    make_facility(session, name="Trung tâm Y tế khu vực Củ Chi", code="79004")
    session.commit()
    page.goto(live_server + "/tra-cuu/co-so-kcb")
    page.get_by_role("searchbox", name="Tìm kiếm").press_sequentially("TTYT cu chi", delay=30)
    expect(results(page)).to_have_text(["Trung tâm Y tế khu vực Củ Chi"])
    shared = page.url
    other = page.context.new_page()  # the link, opened elsewhere, shows the same results
    other.goto(shared)
    expect(other.locator("#results .result-title")).to_have_text(["Trung tâm Y tế khu vực Củ Chi"])


def test_province_then_commune_then_paging(page: Page, live_server, session):
    for n in range(23):
        make_facility(session, name=f"Phòng khám đa khoa Bến Thành {n:02d}", code=f"79{100 + n:03d}",
                      ward_code=BEN_THANH)
    make_facility(session, name="Phòng khám đa khoa Chợ Lớn", code="79200", ward_code=CHO_LON)
    make_facility(session, name="Phòng khám đa khoa Hoàn Kiếm", code="01200", province_code="01", ward_code=None)
    session.commit()
    page.goto(live_server + "/tra-cuu/co-so-kcb")
    commune = page.get_by_label("Xã, phường, đặc khu")
    expect(commune).to_be_hidden()  # the filters are folded away on a phone
    page.get_by_text("Lọc theo tỉnh, xã, tuyến").click()
    expect(commune).to_be_disabled()

    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hồ Chí Minh")
    expect(commune).to_be_enabled()  # reloaded for the province
    expect(page.locator("#results .result-count")).to_contain_text("Tìm thấy 24 kết quả")
    commune.select_option(label="Phường Bến Thành")
    expect(page.locator("#results .result-count")).to_contain_text("Tìm thấy 23 kết quả")
    expect(page).to_have_url(re.compile(rf"tinh=79&xa={BEN_THANH}"))
    first_page = results(page).all_inner_texts()
    assert len(first_page) == 20 and "Phòng khám đa khoa Chợ Lớn" not in first_page

    page.get_by_role("link", name="Trang sau ›").click()
    expect(page.get_by_text("Trang 2/2")).to_be_visible()
    expect(results(page)).to_have_count(3)
    expect(page).to_have_url(re.compile(r"trang=2"))
    assert not set(results(page).all_inner_texts()) & set(first_page)
    page.go_back()
    expect(page.get_by_text("Trang 1/2")).to_be_visible()
    expect(results(page)).to_have_count(20)


def test_employer_by_tax_code_shows_status_and_office_only(page: Page, live_server, session):
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Tân Bình")
    make_employer(session, name="Công ty Cổ phần May Việt Tiến", unit_code="TA1234B", tax_code="0300401524",
                  office=office)
    make_employer(session, name="Công ty TNHH Thực phẩm Sài Gòn", tax_code="0301111111")
    session.commit()
    page.goto(live_server + "/tra-cuu/don-vi-tham-gia")
    expect(page.get_by_text("Nhập tên, mã đơn vị hoặc mã số thuế để tìm đơn vị.")).to_be_visible()
    page.get_by_role("searchbox", name="Tìm kiếm").press_sequentially("0300401", delay=30)
    expect(results(page)).to_have_text(["Công ty Cổ phần May Việt Tiến"])
    results(page).first.click()
    expect(page.get_by_text("Đang hoạt động")).to_be_visible()
    page.get_by_role("link", name="Bảo hiểm xã hội cơ sở Tân Bình").click()
    expect(page.get_by_role("heading", level=1, name="Bảo hiểm xã hội cơ sở Tân Bình")).to_be_visible()


def test_offices_and_collection_points_near_me(page: Page, live_server, session):
    make_office(session, name="Bảo hiểm xã hội cơ sở Sài Gòn")
    make_office(session, name="Bảo hiểm xã hội thành phố Hà Nội", province_code="01", ward_code=None)
    make_collection_point(session, name="Bưu điện phường Chợ Lớn", kind="diem_thu")
    make_collection_point(session, name="Đại lý thu Hội Phụ nữ phường Chợ Lớn", kind="dai_ly", phone="0909 123 456")
    session.commit()
    page.goto(live_server + "/tra-cuu/co-quan-bhxh")
    page.get_by_text("Lọc theo tỉnh, xã, phường").click()
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    expect(results(page)).to_have_text(["Bảo hiểm xã hội thành phố Hà Nội"])

    page.goto(live_server + "/tra-cuu/diem-thu")
    page.get_by_text("Lọc theo tỉnh, xã, loại điểm thu").click()
    page.get_by_label("Tỉnh, thành phố").select_option("79")
    expect(page.get_by_label("Xã, phường, đặc khu")).to_be_enabled()
    page.get_by_label("Loại").select_option(label="Đại lý thu")
    expect(results(page)).to_have_text(["Đại lý thu Hội Phụ nữ phường Chợ Lớn"])
    expect(page.locator("#results").get_by_role("link", name="0909 123 456")).to_have_attribute("href", "tel:0909123456")


def test_sick_leave_directory_lists_only_facilities_that_issue_certificates(page: Page, live_server, session):
    make_facility(session, name="Bệnh viện Quận 8", code="79030", issues_sick_leave=True)
    make_facility(session, name="Trạm Y tế phường 8", code="79031", issues_sick_leave=False)
    session.commit()
    page.goto(live_server + "/tra-cuu")
    page.get_by_role("link", name="Cơ sở KCB cấp giấy nghỉ việc hưởng BHXH").click()
    expect(results(page)).to_have_text(["Bệnh viện Quận 8"])
    page.get_by_role("searchbox", name="Tìm kiếm").press_sequentially("tram y te", delay=30)
    expect(page.locator("#results")).to_contain_text("Không tìm thấy kết quả phù hợp.")


def test_ma_so_look_up(page: Page, live_server, session, app):
    app.config["VSSID_MA_SO_MIN_SECONDS"] = 0.1
    person = make_insured(session)
    session.commit()
    page.goto(live_server + "/tra-cuu")
    page.get_by_role("link", name=re.compile("Mã số BHXH")).click()
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hồ Chí Minh")
    commune = page.get_by_label("Xã, phường, đặc khu")
    expect(commune).to_be_enabled()
    commune.select_option(label="Phường Bến Thành")
    expect(page.get_by_role("button", name="Tải danh sách xã, phường")).to_be_hidden()  # only without script
    page.get_by_label("Họ và tên").fill("tran thi bich ngoc")
    page.get_by_label("Ngày sinh").fill("08/03/1992")
    page.get_by_label("Số CCCD").fill(person.cccd)
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.locator(".ma-so-value")).to_have_text(person.ma_so)
    assert person.cccd not in page.url

    page.get_by_label("Họ và tên").fill("Trần Thị Bích Ngân")
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.get_by_role("heading", name="Không tìm thấy duy nhất một người")).to_be_visible()
    expect(page.locator(".ma-so-value")).to_have_count(0)

    page.get_by_label("Số CCCD").fill("12345")
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.get_by_text("Số CCCD phải gồm đúng 12 chữ số.").first).to_be_visible()


@pytest.fixture
def no_script_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_search_works_without_javascript(no_script_page: Page, live_server, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001", ward_code=CHO_LON)
    make_facility(session, name="Trạm Y tế phường Bến Thành", code="79002", ward_code=BEN_THANH)
    session.commit()
    page = no_script_page
    page.goto(live_server + "/tra-cuu/co-so-kcb")
    page.get_by_role("searchbox", name="Tìm kiếm").fill("Chợ Rẫy")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(results(page)).to_have_text(["Bệnh viện Chợ Rẫy"])
    page.get_by_role("searchbox", name="Tìm kiếm").fill("")
    page.get_by_text("Lọc theo tỉnh, xã, tuyến").click()
    page.get_by_label("Tỉnh, thành phố").select_option("79")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page.get_by_label("Xã, phường, đặc khu")).to_be_enabled()  # filters stay open while in use
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Bến Thành")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(results(page)).to_have_text(["Trạm Y tế phường Bến Thành"])
    expect(page).to_have_url(re.compile(rf"tinh=79&xa={BEN_THANH}"))
