"""Paying and public services in a phone-sized Chromium (390 × 844), through the sandbox
gateway served by the app. Screenshots go to /tmp/payments-*.png for a person to look at.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.support.card import vn_today
from tests.support.factories import make_account, make_card, make_facility, make_person
from tests.support.payments import make_paying_household
from tests.support.staff import STAFF_PASSWORD, code, make_staff
from tests.support.browser import log_in
from tests.support.web import field
from vssid.eservices.models import ServiceRequest
from vssid.payments.models import PaymentOrder
from vssid.payments.orders import add_months
from vssid.registry.models import HealthCard

SHOTS = "/tmp/payments-{}.png"


def _to_the_bank(page: Page) -> str:
    """From the home tile to the sandbox bank page; returns the total the app showed."""
    page.locator(".tiles").get_by_role("link", name="Dịch vụ công").click()
    page.screenshot(path=SHOTS.format("hub"), full_page=True)
    page.get_by_role("link", name=re.compile("^Gia hạn thẻ BHYT hộ gia đình")).click()
    expect(page.get_by_role("heading", name="Gia hạn thẻ BHYT hộ gia đình", level=1)).to_be_visible()
    page.get_by_label("Thời hạn đóng").select_option("12")
    total = page.locator("[data-total]")
    expect(total).to_be_visible()
    shown = total.inner_text()
    page.screenshot(path=SHOTS.format("household"), full_page=True)
    page.get_by_role("button", name="Thanh toán").click()
    expect(page.get_by_role("heading", name="Ngân hàng thử nghiệm NCB")).to_be_visible()
    return shown


def test_a_parent_renews_two_household_cards_through_the_sandbox(page: Page, live_server, session):
    today = vn_today()
    family = make_paying_household(session, today=today, parent_days=20, child_days=-10)
    session.commit()
    log_in(page, live_server, family.parent.ma_so)
    shown = _to_the_bank(page)
    expect(page.locator("[data-amount]")).to_have_text(shown)  # the amount signed is the amount shown
    page.screenshot(path=SHOTS.format("bank"), full_page=True)
    page.get_by_role("button", name="Xác nhận thanh toán").click()
    expect(page.get_by_role("heading", name="Thanh toán thành công")).to_be_visible()
    page.screenshot(path=SHOTS.format("paid"), full_page=True)

    child_end = add_months(today, 12) - dt.timedelta(days=1)  # the child's card had ended: from today
    page.get_by_role("link", name="Xem thẻ BHYT").click()
    parent_end = add_months(family.cards["parent"].valid_to + dt.timedelta(days=1), 12) - dt.timedelta(days=1)
    expect(page.locator("main")).to_contain_text(parent_end.strftime("%d/%m/%Y"))
    page.get_by_role("navigation", name="Thẻ BHYT của bạn và con").get_by_role("link", name="Trần Minh Khoa").click()
    expect(page.locator("main")).to_contain_text(child_end.strftime("%d/%m/%Y"))
    expect(page.locator("main")).to_contain_text("Còn hạn")
    page.screenshot(path=SHOTS.format("card"), full_page=True)


def test_a_declined_payment_leaves_everything_as_it_was(page: Page, live_server, session):
    family = make_paying_household(session, today=vn_today())
    session.commit()
    before = {c.id: (c.valid_from, c.valid_to, c.status) for c in session.scalars(select(HealthCard))}
    log_in(page, live_server, family.parent.ma_so)
    _to_the_bank(page)
    page.get_by_role("button", name="Ngân hàng từ chối").click()
    expect(page.get_by_role("heading", name="Thanh toán không thành công")).to_be_visible()
    expect(page.get_by_text("thẻ, quá trình đóng không thay đổi")).to_be_visible()
    page.screenshot(path=SHOTS.format("declined"), full_page=True)
    session.expire_all()
    assert {c.id: (c.valid_from, c.valid_to, c.status) for c in session.scalars(select(HealthCard))} == before
    assert session.scalars(select(PaymentOrder)).one().status == "declined"


@pytest.fixture
def facility_holder(session):
    home = make_facility(session, name="Trạm Y tế Phường Bến Thành")
    target = make_facility(session, name="Bệnh viện Quận 1")
    person = make_person(session, full_name="Đặng Thu Trang", gender=2)
    make_card(session, person, facility=home, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))
    make_account(session, person)
    session.commit()
    return person, target


def test_facility_change_is_refused_outside_the_window_and_processed_inside(
        app, page: Page, browser: Browser, live_server, session, facility_holder):
    person, target = facility_holder
    app.config["VSSID_FAKE_TODAY"] = "2026-11-25"
    log_in(page, live_server, person.ma_so)
    page.goto(live_server + "/dich-vu-cong/doi-noi-kcb")
    expect(page.locator("[data-window-closed]")).to_contain_text("từ ngày 01/01/2027 đến ngày 15/01/2027")
    expect(page.get_by_role("button", name="Gửi yêu cầu")).to_have_count(0)
    page.screenshot(path=SHOTS.format("facility-closed"), full_page=True)

    app.config["VSSID_FAKE_TODAY"] = "2027-01-05"
    page.reload()
    expect(page.get_by_text("áp dụng từ ngày 01/04/2027")).to_be_visible()
    page.get_by_label("Nơi đăng ký KCB ban đầu mới").select_option(target.code)
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.get_by_text(re.compile(r"Mã hồ sơ của bạn là DVC\d+"))).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Đã tiếp nhận, chờ xử lý")
    page.screenshot(path=SHOTS.format("facility-filed"), full_page=True)
    reference = page.locator("[data-reference]").inner_text()

    member, secret = make_staff(session, role="officer")
    session.commit()
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN").new_page()
    desk.goto(live_server + "/can-bo/dang-nhap")
    field(desk, "Email công vụ").fill(member.email)
    field(desk, "Mật khẩu").fill(STAFF_PASSWORD)
    desk.get_by_role("button", name="Tiếp tục").click()
    field(desk, "Mã xác thực").fill(code(secret))
    desk.get_by_role("button", name="Đăng nhập").click()
    expect(desk.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    nav = desk.get_by_role("navigation", name="Chức năng cán bộ").get_by_role("link", name="Dịch vụ công")
    expect(nav).to_have_attribute("href", "/can-bo/dich-vu-cong")
    desk.goto(live_server + "/can-bo/dich-vu-cong")
    expect(desk.get_by_role("heading", name="Yêu cầu dịch vụ công")).to_be_visible()
    desk.screenshot(path=SHOTS.format("officer-queue"), full_page=True)
    desk.get_by_role("link", name=re.compile(f"Xử lý {reference}")).click()
    expect(desk.get_by_role("heading", name=re.compile(reference))).to_be_visible()
    expect(desk.get_by_text("Bệnh viện Quận 1")).to_be_visible()
    desk.screenshot(path=SHOTS.format("officer"), full_page=True)
    desk.get_by_role("button", name="Duyệt").click()
    expect(desk.get_by_text(f"Đã xử lý yêu cầu {reference}")).to_be_visible()

    page.goto(live_server + f"/dich-vu-cong/yeu-cau/{reference}")
    expect(page.locator("[data-status]")).to_have_text("Đã duyệt, chờ hiệu lực")
    page.screenshot(path=SHOTS.format("facility-approved"), full_page=True)
    session.expire_all()
    assert session.scalars(select(ServiceRequest)).one().status == "approved"


def test_contact_update_with_an_otp_and_a_voluntary_quote(page: Page, live_server, session):
    from tests.support.payments import make_voluntary_participant
    from tests.support.web import last_code

    person, _account = make_voluntary_participant(session, last_month=dt.date(2026, 10, 1), wage=3_000_000)
    session.commit()
    log_in(page, live_server, person.ma_so)
    page.goto(live_server + "/thanh-toan/bhxh-tu-nguyen")
    page.get_by_label("Phương thức đóng").select_option("3")
    expect(page.locator("[data-total]")).to_be_visible()
    page.get_by_label(re.compile("Mức thu nhập tháng")).fill("1000000")
    expect(page.get_by_role("alert")).to_contain_text("1.500.000")
    page.screenshot(path=SHOTS.format("voluntary-error"), full_page=True)
    page.get_by_label(re.compile("Mức thu nhập tháng")).fill("3000000")
    expect(page.locator("[data-total]")).to_have_text("1.782.000 đ")
    page.screenshot(path=SHOTS.format("voluntary"), full_page=True)

    page.goto(live_server + "/dich-vu-cong/thong-tin-lien-he")
    field(page, "Số điện thoại di động").fill("0987 654 321")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_text("Mã xác thực đã gửi tới số 0987654321")).to_be_visible()
    field(page, "Mã xác thực (6 chữ số)").fill(last_code(session, "0987654321"))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("[data-status]")).to_have_text("Đã tiếp nhận, chờ xử lý")
    page.screenshot(path=SHOTS.format("contact-filed"), full_page=True)
