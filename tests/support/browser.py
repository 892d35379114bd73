"""Helpers for the browser tests (Playwright): a citizen's login and the service worker."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.support.factories import PASSWORD
from tests.support.web import field


def log_in(page: Page, base: str, ma_so: str, *, password: str = PASSWORD, next_path: str = "",
           home: bool = True) -> None:
    """Log a citizen in through the login page; with `home`, wait for the greeting."""
    page.goto(base + "/dang-nhap" + (f"?next={next_path}" if next_path else ""))
    field(page, "Mã số BHXH").fill(ma_so)
    field(page, "Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    if home:
        expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()


def wait_until_controlled(page: Page) -> None:
    """Wait until a service worker controls the page (reloading once if needed: TESTING.md)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_until(page: Page, check, what: str, timeout: float = 10.0) -> None:
    """Poll `check()` (it may evaluate promises in the page) until it is true."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(100)
