"""The Vietnamese shell works in a phone-sized Chromium."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_home_shows_vietnamese_shell_and_navigation(page: Page, live_server):
    page.goto(live_server + "/")
    expect(page).to_have_title(re.compile("VssID"))
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label in ("Trang chủ", "Quản lý cá nhân", "Tra cứu", "Hỗ trợ", "Tin tức"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_get_app_page_shows_qr_for_posters(page: Page, live_server):
    page.goto(live_server + "/tai-ung-dung")
    expect(page.get_by_text("Hướng camera điện thoại vào mã QR code để tải ứng dụng.")).to_be_visible()
    expect(page.locator("svg.segno, main svg").first).to_be_visible()


def test_unknown_page_is_a_vietnamese_404_without_trace(page: Page, live_server):
    response = page.goto(live_server + "/khong-ton-tai")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
    assert "Traceback" not in page.content()


def test_footer_language_switch_is_a_full_touch_target(page: Page, live_server):
    # On a 390 px phone the footer button was 29 px high (a bare .btn-link, not a .btn).
    page.goto(live_server + "/")
    box = page.get_by_role("button", name="English").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
