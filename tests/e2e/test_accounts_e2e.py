"""A person's account journeys in Chromium: register, first login, second device."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account, make_office, make_person
from tests.support.web import field, last_code
from vssid.outbound.models import OutboundMessage

NEW_PASSWORD = "buoi sang o Da Lat rat lanh"


def _login(page: Page, base: str, login_id: str, password: str) -> None:
    page.goto(base + "/dang-nhap")
    field(page, "Mã số BHXH").fill(login_id)
    field(page, "Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_register_verify_phone_first_login_and_forced_password_change(page: Page, live_server, session):
    person, office = make_person(session, full_name="Phạm Thị Lan"), make_office(session)
    session.commit()
    page.goto(live_server + "/dang-ky")
    field(page, "Họ và tên").fill("Phạm Thị Lan")
    field(page, "Mã số BHXH").fill(person.ma_so)
    field(page, "Số CCCD").fill(person.cccd)
    field(page, "Ngày sinh").fill("17/05/1990")
    field(page, "Số điện thoại").fill(person.phone)
    field(page, "Địa chỉ liên hệ").fill("Số 12 Lê Lợi, Phường Sài Gòn")
    field(page, "Cơ quan BHXH tiếp nhận").select_option(str(office.id))
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Xác thực bằng mã OTP")).to_be_visible()
    field(page, "Mã OTP").fill(last_code(session, person.phone))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Đã tiếp nhận yêu cầu đăng ký")).to_be_visible()

    sms = session.scalars(select(OutboundMessage.body).order_by(OutboundMessage.id.desc())).first()
    initial = re.search(r"Mat khau: (\S+)", sms).group(1)
    _login(page, live_server, person.ma_so, initial)
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    field(page, "Mật khẩu hiện tại").fill(initial)
    field(page, "Mật khẩu mới").fill(NEW_PASSWORD)
    field(page, "Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
    expect(page.get_by_role("heading", name="Xin chào, Phạm Thị Lan")).to_be_visible()


def test_show_password_toggle_reveals_what_was_typed(page: Page, live_server):
    page.goto(live_server + "/dang-nhap")
    password = field(page, "Mật khẩu")
    password.fill("mat khau bi mat")
    expect(password).to_have_attribute("type", "password")
    page.get_by_role("button", name=re.compile("Hiện")).click()
    expect(password).to_have_attribute("type", "text")


def test_second_device_asks_for_otp_and_the_first_is_thrown_out(browser: Browser, live_server, session):
    account = make_account(session, make_person(session, full_name="Đỗ Văn Hùng"))
    session.commit()
    phone_a = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    phone_b = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()

    _login(phone_a, live_server, account.person.ma_so, PASSWORD)
    expect(phone_a.get_by_role("heading", name="Xin chào, Đỗ Văn Hùng")).to_be_visible()

    _login(phone_b, live_server, account.person.ma_so, PASSWORD)
    expect(phone_b.get_by_role("heading", name="Xác thực bằng mã OTP")).to_be_visible()
    otp = field(phone_b, "Mã OTP")
    expect(otp).to_have_attribute("autocomplete", "one-time-code")
    otp.fill(last_code(session, account.phone))
    phone_b.get_by_role("button", name="Xác nhận").click()
    expect(phone_b.get_by_role("heading", name="Xin chào, Đỗ Văn Hùng")).to_be_visible()

    phone_a.reload()
    expect(phone_a.get_by_text("Tài khoản của bạn đã đăng nhập trên thiết bị khác")).to_be_visible()
    expect(phone_a.get_by_role("heading", name="Đăng nhập")).to_be_visible()
