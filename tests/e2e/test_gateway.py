"""The hospital gateway in Chromium, on a phone-sized screen: an officer sets up a facility's
account (address and clerk, bad input shown in place), the hospital's software checks a card
over HTTP, and the holder sees that lookup on their card page."""
from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

from playwright.sync_api import Browser, Page, expect

from tests.support.factories import PASSWORD, make_account, make_card, make_facility, make_person
from tests.support.staff import STAFF_PASSWORD, code, make_staff
from tests.support.web import field
from vssid.gateway.rules import md5_hex

PHONE = {"width": 390, "height": 844}


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the test's own server)
        assert "Set-Cookie" not in response.headers
        return json.loads(response.read())


def test_officer_sets_up_a_hospital_whose_lookup_the_holder_then_sees(browser: Browser, page: Page, live_server,
                                                                      session):
    make_facility(session, code="79014", name="Bệnh viện Nhân dân Gia Định")
    station = make_facility(session, code="79832", name="Trạm Y tế Phường Bến Nghé")
    holder = make_person(session, full_name="Trần Văn An", birth_year=1994, birth_month=3, birth_day=5)
    make_card(session, holder, facility=station)
    make_account(session, holder)
    officer, secret = make_staff(session, role="officer")
    session.commit()

    # The officer, on a phone.
    page.goto(live_server + "/can-bo/dang-nhap")
    field(page, "Email công vụ").fill(officer.email)
    field(page, "Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    field(page, "Mã xác thực").fill(code(secret))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("navigation", name="Chức năng cán bộ").get_by_role("link", name="Cổng giám định").click()
    expect(page.get_by_role("heading", name="Tài khoản cổng giám định của cơ sở KCB")).to_be_visible()
    field(page, "Mã cơ sở KCB").fill("79014")
    field(page, "Tên tài khoản").fill("79014_bv")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", name="Đã tạo tài khoản 79014_BV")).to_be_visible()
    password = page.locator(".initial-password .totp-secret code").first.inner_text()
    assert page.locator(".gateway-md5 code").inner_text() == md5_hex(password)
    page.screenshot(path="/tmp/gateway-created.png", full_page=True)

    page.get_by_role("link", name="Đăng ký địa chỉ IP và cán bộ tra cứu").click()
    field(page, "Địa chỉ IP hoặc dải").fill("10.0.0.0/8")
    page.get_by_role("button", name="Đăng ký địa chỉ").click()
    error = page.locator("#f-address-error")
    expect(error).to_contain_text("Dải địa chỉ quá rộng")
    expect(field(page, "Địa chỉ IP hoặc dải")).to_have_value("10.0.0.0/8")
    expect(field(page, "Địa chỉ IP hoặc dải")).to_have_attribute("aria-describedby", re.compile("f-address-error"))
    page.screenshot(path="/tmp/gateway-address-error.png", full_page=True)
    field(page, "Địa chỉ IP hoặc dải").fill("127.0.0.1")
    field(page, "Ghi chú").fill("Máy chủ HIS")
    page.get_by_role("button", name="Đăng ký địa chỉ").click()
    expect(page.get_by_text("Đã đăng ký địa chỉ IP.")).to_be_visible()
    field(page, "Họ và tên").fill("Nguyễn Thị Lan")
    field(page, "Số CCCD").fill("079190001234")
    page.get_by_role("button", name="Đăng ký cán bộ").click()
    expect(page.get_by_text("Đã đăng ký cán bộ tra cứu.")).to_be_visible()
    expect(page.locator(".gateway-list")).to_have_count(2)

    # The hospital's software, over HTTP from the registered address.
    token = _post_json(live_server + "/api/token/take", {"username": "79014_BV", "password": md5_hex(password)})
    assert token["maKetQua"] == "200"
    query = urllib.parse.urlencode({"token": token["APIKey"]["access_token"], "id_token": token["APIKey"]["id_token"],
                                    "username": "79014_BV", "password": md5_hex(password)})
    answer = _post_json(f"{live_server}/api/egw/KQNhanLichSuKCB2024?{query}",
                        {"maThe": holder.ma_so, "hoTen": "Trần Văn An", "ngaySinh": "05/03/1994",
                         "hoTenCb": "Nguyễn Thị Lan", "cccdCb": "079190001234"})
    assert answer["maKetQua"] == "000", answer["ghiChu"]

    page.reload()
    expect(page.locator("table").get_by_text("Nguyễn Thị Lan")).to_be_visible()
    page.screenshot(path="/tmp/gateway-account.png", full_page=True)

    # The holder, on their own phone.
    citizen = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    citizen.goto(live_server + "/dang-nhap")
    field(citizen, "Mã số BHXH").fill(holder.ma_so)
    field(citizen, "Mật khẩu").fill(PASSWORD)
    citizen.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(citizen.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    citizen.goto(live_server + "/ca-nhan/the-bhyt")
    lookups = citizen.get_by_role("region", name="Ai đã tra cứu thẻ của tôi")
    expect(lookups.get_by_text("Bệnh viện Nhân dân Gia Định")).to_be_visible()
    expect(lookups).to_contain_text("kiểm tra thẻ")
    lookups.scroll_into_view_if_needed()
    citizen.screenshot(path="/tmp/gateway-card-lookups.png", full_page=True)
