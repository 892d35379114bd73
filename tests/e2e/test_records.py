"""A demo-like worker walks through their records in a phone-sized Chromium (390 × 844):
participation tabs (htmx, back button), "Xem thêm", the printable history, benefits,
the medical-visit book and one visit's cost lines, then their child's book.
Screenshots go to /tmp/records-*.png for a person to look at.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import PASSWORD
from tests.support.records import make_demo_worker, make_periods
from tests.support.browser import log_in
from tests.support.web import field

SHOTS = "/tmp/records-{}.png"


@pytest.fixture
def worker(session):
    account, facts = make_demo_worker(session, password=PASSWORD)
    # an older career of 30 short periods, so that the BHXH list has more than a page
    make_periods(session, facts["person"], count=30, start=(1995, 1), months_each=3, schemes=("BHXH",))
    session.commit()
    return account, facts


def _rows(page: Page):
    return page.locator("#period-rows tr")


def test_worker_walks_through_participation_benefits_and_visits(page: Page, live_server, worker):
    account, facts = worker
    log_in(page, live_server, facts["person"].ma_so)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Quản lý cá nhân").click()
    expect(page.get_by_role("heading", name="Quản lý cá nhân", level=1)).to_be_visible()
    page.screenshot(path=SHOTS.format("hub"), full_page=True)

    # Participation: BHXH first, 20 periods of 34, newest first
    page.locator(".tiles").get_by_role("link", name=re.compile("^Quá trình tham gia")).click()
    expect(page).to_have_url(re.compile(r"/ca-nhan/qua-trinh-tham-gia/bhxh$"))
    expect(page.get_by_role("heading", name="Bảo hiểm xã hội", level=2)).to_be_visible()
    expect(_rows(page)).to_have_count(20)
    expect(_rows(page).first).to_contain_text("01/2021 – nay")
    expect(page.get_by_text("Gián đoạn")).to_be_visible()
    page.screenshot(path=SHOTS.format("participation"), full_page=True)

    # "Xem thêm" appends the next 14 rows in place and moves focus to the first of them
    page.evaluate("window.__stayed = true")
    page.get_by_role("link", name="Xem thêm").click()
    expect(_rows(page)).to_have_count(34)
    expect(page.get_by_text("Đã hiện đến giai đoạn 34 trên tổng số 34.")).to_be_visible()
    expect(page.get_by_role("link", name="Xem thêm")).to_have_count(0)
    expect(_rows(page).nth(20)).to_be_focused()
    assert page.evaluate("window.__stayed === true")  # no page reload
    expect(page).to_have_url(re.compile(r"/bhxh$"))

    # Tabs: htmx swaps the panel and pushes the URL; the reserve of BHTN months shows
    page.get_by_role("link", name=re.compile("^BHTN")).click()
    expect(page).to_have_url(re.compile(r"/ca-nhan/qua-trinh-tham-gia/bhtn$"))
    expect(page.get_by_role("heading", name="Bảo hiểm thất nghiệp", level=2)).to_be_visible()
    expect(page.get_by_text("Thời gian đóng chưa hưởng trợ cấp thất nghiệp (bảo lưu)")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^BHTN"))).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name=re.compile("^BHTN"))).to_be_focused()
    assert page.evaluate("window.__stayed === true")
    page.screenshot(path=SHOTS.format("participation-bhtn"), full_page=True)
    # the back button brings the BHXH tab back as a whole page (no htmx history cache)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/bhxh$"))
    expect(page.get_by_role("heading", name="Bảo hiểm xã hội", level=2)).to_be_visible()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()

    # The printable history: every scheme, no paging
    page.get_by_role("link", name="Xem bản in toàn bộ quá trình").click()
    expect(page.get_by_role("heading", name="Quá trình tham gia bảo hiểm")).to_be_visible()
    expect(page.locator(".print-table tbody tr")).to_have_count(34 + 4 + 4 + 4)
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    page.screenshot(path=SHOTS.format("print"), full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_hidden()
    page.emulate_media(media="screen")

    # Benefits grouped by regime, then one decision
    page.goto(live_server + "/ca-nhan")
    page.locator(".tiles").get_by_role("link", name=re.compile("^Thông tin hưởng")).click()
    expect(page.get_by_role("heading", name="Ốm đau", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Trợ cấp thất nghiệp", level=2)).to_be_visible()
    page.screenshot(path=SHOTS.format("benefits"), full_page=True)
    page.locator("section.regime-group", has_text="Thai sản").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Thai sản", level=1)).to_be_visible()
    expect(page.get_by_text("Tiền mặt qua bưu điện")).to_be_visible()
    page.screenshot(path=SHOTS.format("benefit"), full_page=True)

    # The visit book: the latest year, then 2023, then one visit's lines
    page.goto(live_server + "/ca-nhan")
    page.locator(".tiles").get_by_role("link", name=re.compile("^Sổ khám chữa bệnh")).click()
    expect(page.get_by_role("heading", name="Năm 2024")).to_be_visible()
    expect(page.locator(".record-list > li")).to_have_count(3)
    page.screenshot(path=SHOTS.format("visits"), full_page=True)
    field(page, "Năm").select_option("2023")
    page.get_by_role("button", name="Xem năm").click()
    expect(page.get_by_role("heading", name="Năm 2023")).to_be_visible()
    expect(page.get_by_text("Bệnh tăng huyết áp vô căn (nguyên phát)")).to_be_visible()
    page.get_by_role("link", name="Bệnh viện Đa khoa Bình Dương").click()
    for group in ("1. Xét nghiệm", "2. Chẩn đoán hình ảnh", "4. Thuốc", "13. Khám bệnh"):
        expect(page.get_by_text(group, exact=True)).to_be_visible()
    expect(page.locator(".cost-total")).to_contain_text("265.150")
    expect(page.locator(".warning-row")).to_have_count(0)
    page.screenshot(path=SHOTS.format("visit"), full_page=True)

    # The child's book through "Xem hồ sơ của"
    page.goto(live_server + "/ca-nhan/so-kham-chua-benh")
    field(page, "Xem hồ sơ của").select_option(label=facts["child"].full_name + " (Con)")
    page.get_by_role("button", name="Xem hồ sơ").click()
    expect(page.get_by_text(f"Bạn đang xem hồ sơ của {facts['child'].full_name}")).to_be_visible()
    expect(page.get_by_text("Tiêu chảy và viêm dạ dày ruột có nguồn gốc nhiễm trùng")).to_be_visible()
    page.screenshot(path=SHOTS.format("child-visits"), full_page=True)


def test_paging_and_tabs_work_without_javascript(browser, live_server, worker):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844},
                                  locale="vi-VN")
    page = context.new_page()
    try:
        log_in(page, live_server, worker[1]["person"].ma_so)
        page.goto(live_server + "/ca-nhan/qua-trinh-tham-gia/bhxh")
        expect(_rows(page)).to_have_count(20)
        page.get_by_role("link", name="Xem thêm").click()
        expect(page).to_have_url(re.compile(r"\?trang=2$"))
        expect(_rows(page)).to_have_count(14)
        page.get_by_role("link", name="Trang trước").click()
        expect(_rows(page)).to_have_count(20)
        page.get_by_role("link", name=re.compile("^BHYT")).click()
        expect(page).to_have_url(re.compile(r"/bhyt$"))
        expect(page.get_by_role("heading", name="Bảo hiểm y tế", level=2)).to_be_visible()
        # print button needs script: hidden without it
        page.goto(live_server + "/ca-nhan/qua-trinh-tham-gia/in")
        expect(page.get_by_role("button", name="In trang này")).to_be_hidden()
    finally:
        context.close()
