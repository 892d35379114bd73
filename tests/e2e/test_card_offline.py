"""The health card in Chromium: on screen, offline, after logout, installable.

Follows TESTING.md's offline recipe: load, wait for navigator.serviceWorker.ready and a
controlling worker, reload once, then context.set_offline(True).
Sources: the issue "Health card (Thẻ BHYT) on screen and offline, installable PWA".
"""
from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import CHROMIUM_ARGS
from tests.support.card import make_family
from tests.support.factories import PASSWORD, make_account, make_card, make_person
from tests.support.browser import log_in, wait_until, wait_until_controlled
from vssid.card.status import owner_tag

CARD_CACHE = "vssid-card-v1"


def card_copy_owner(page: Page) -> str | None:
    return page.evaluate(
        """caches.open(%r).then(c => c.match('/ca-nhan/the-bhyt', {ignoreVary: true}))
             .then(r => r ? r.headers.get('X-VssID-Card-Owner') : null)""" % CARD_CACHE
    )


def wait_for_copy(page: Page, owner: str | None) -> None:
    """Wait until the device's card copy belongs to `owner` (None: until there is none)."""
    wait_until(page, lambda: card_copy_owner(page) == owner, f"the offline copy of {owner}")


def test_card_shown_offline_then_gone_after_logout(page: Page, context: BrowserContext, live_server, app, session):
    family = make_family(session)
    tag = owner_tag(secret=app.config["SECRET_KEY"], account_id=family.account.id)
    log_in(page, live_server, family.parent.ma_so)

    page.goto(live_server + "/ca-nhan/the-bhyt")
    card = page.locator("article.hcard")
    expect(card.get_by_role("heading", name="LÊ THỊ THU HẰNG")).to_be_visible()
    expect(card.get_by_role("img", name="Mã QR của thẻ BHYT")).to_be_visible()
    expect(page.get_by_label("Lưu thẻ để dùng khi không có mạng")).to_be_checked()  # on by default
    expect(page.get_by_text("Đã lưu trên thiết bị này lúc")).to_be_visible()
    wait_until_controlled(page)
    wait_for_copy(page, tag)

    context.set_offline(True)
    page.goto(live_server + "/?source=pwa")  # the app's start URL
    expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()
    page.get_by_role("link", name="Mở thẻ BHYT đã lưu").click()
    expect(page).to_have_url(live_server + "/ca-nhan/the-bhyt")
    expect(page.get_by_text(re.compile(r"Đang ngoại tuyến — cập nhật lúc \d\d:\d\d \d\d/\d\d/\d{4}"))).to_be_visible()
    expect(page.get_by_role("heading", name="LÊ THỊ THU HẰNG")).to_be_visible()
    expect(page.get_by_role("heading", name="TRẦN MINH KHOA")).to_be_visible()  # the child's card travels too
    expect(page.get_by_role("img", name="Mã QR của thẻ BHYT").first).to_be_visible()
    expect(page.get_by_text(family.parent.ma_so, exact=True)).to_be_visible()
    page.screenshot(path="/tmp/card-offline.png", full_page=True)
    # Other pages offline: the offline page, never another personal page.
    page.goto(live_server + "/ca-nhan/qua-trinh-tham-gia")
    expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()

    context.set_offline(False)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    wait_until_controlled(page)  # Clear-Site-Data unregistered the worker; the login page registers it again
    wait_for_copy(page, None)

    context.set_offline(True)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()
    assert "THU HẰNG" not in page.content() and family.parent.ma_so not in page.content()


def test_device_that_never_kept_a_card_gets_the_offline_page(page: Page, context: BrowserContext, live_server):
    page.goto(live_server + "/")
    wait_until_controlled(page)
    context.set_offline(True)
    for path in ("/?source=pwa", "/ca-nhan/the-bhyt"):
        response = page.goto(live_server + path)
        assert response is not None and response.ok
        expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()
        expect(page.get_by_role("link", name="Mở thẻ BHYT đã lưu")).to_be_hidden()  # no card kept here


def test_turning_offline_copy_off_deletes_it(page: Page, context: BrowserContext, live_server, app, session):
    family = make_family(session)
    log_in(page, live_server, family.parent.ma_so)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    wait_until_controlled(page)
    wait_for_copy(page, owner_tag(secret=app.config["SECRET_KEY"], account_id=family.account.id))
    page.get_by_label("Lưu thẻ để dùng khi không có mạng").uncheck()
    expect(page.get_by_text("Thẻ không được lưu trên thiết bị này.")).to_be_visible()
    assert card_copy_owner(page) is None
    page.goto(live_server + "/")  # the choice sticks on this device
    page.wait_for_load_state("networkidle")
    assert card_copy_owner(page) is None
    context.set_offline(True)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()


def test_another_account_on_the_device_replaces_the_copy(page: Page, context: BrowserContext, live_server, app,
                                                         session):
    family = make_family(session)
    other = make_person(session, full_name="Phan Văn Trị")
    make_card(session, other)
    other_account = make_account(session, other)
    session.commit()
    secret = app.config["SECRET_KEY"]
    log_in(page, live_server, family.parent.ma_so)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    wait_until_controlled(page)
    wait_for_copy(page, owner_tag(secret=secret, account_id=family.account.id))

    # The first session ends without a logout (cookie gone); the other person signs in
    # without passing through the login page's script (a direct POST).
    context.clear_cookies()
    form = context.request.get(live_server + "/dang-nhap").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    context.request.post(live_server + "/dang-nhap", form={"login_id": other.ma_so, "password": PASSWORD,
                                                           "csrf_token": token})
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Xin chào, Phan Văn Trị")).to_be_visible()
    wait_for_copy(page, owner_tag(secret=secret, account_id=other_account.id))
    context.set_offline(True)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    expect(page.get_by_role("heading", name="PHAN VĂN TRỊ")).to_be_visible()
    assert "THU HẰNG" not in page.content()


def test_an_idle_time_out_keeps_the_card_for_the_counter(page: Page, context: BrowserContext, live_server, app,
                                                          session):
    """A session that timed out (cookie gone) lands on the login page; the card stays kept."""
    family = make_family(session)
    log_in(page, live_server, family.parent.ma_so)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    wait_until_controlled(page)
    tag = owner_tag(secret=app.config["SECRET_KEY"], account_id=family.account.id)
    wait_for_copy(page, tag)
    context.clear_cookies()
    page.goto(live_server + "/dang-nhap")
    page.wait_for_timeout(500)
    wait_for_copy(page, tag)


WAKE_LOCK_SPY = """
window.__wakeRequests = [];
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {request: function (type) {
  var sentinel = new EventTarget();
  sentinel.release = function () { sentinel.dispatchEvent(new Event('release')); return Promise.resolve(); };
  window.__wakeRequests.push({type: type, sentinel: sentinel});
  return Promise.resolve(sentinel);
}}});
"""


def test_screen_stays_awake_while_the_card_is_shown(page: Page, live_server, session):
    family = make_family(session)
    page.add_init_script(WAKE_LOCK_SPY)
    log_in(page, live_server, family.parent.ma_so)
    assert page.evaluate("window.__wakeRequests.length") == 0  # not on other pages
    page.get_by_role("link", name="Thẻ BHYT").first.click()  # a boosted navigation
    expect(page.get_by_role("heading", name="LÊ THỊ THU HẰNG")).to_be_visible()
    page.wait_for_function("() => window.__wakeRequests.length === 1")
    assert page.evaluate("window.__wakeRequests[0].type") == "screen"
    # The system drops the lock when the page is hidden; coming back takes it again.
    page.evaluate("window.__wakeRequests[0].sentinel.release(); document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("() => window.__wakeRequests.length === 2")


def test_household_tabs_swap_the_card_and_change_the_url(page: Page, live_server, session):
    family = make_family(session)
    log_in(page, live_server, family.parent.ma_so)
    page.goto(live_server + "/ca-nhan/the-bhyt")
    tabs = page.get_by_role("navigation", name="Thẻ BHYT của bạn và con")
    tabs.get_by_role("link", name="Trần Minh Khoa").click()
    expect(page).to_have_url(f"{live_server}/ca-nhan/the-bhyt/{family.child.id}")
    expect(page.get_by_role("heading", name="TRẦN MINH KHOA")).to_be_visible()
    expect(tabs.get_by_role("link", name="Trần Minh Khoa")).to_have_attribute("aria-current", "page")
    page.screenshot(path="/tmp/card-child-tab.png", full_page=True)
    page.go_back()
    expect(page.get_by_role("heading", name="LÊ THỊ THU HẰNG")).to_be_visible()


def test_app_is_installable_in_chromium(playwright, live_server, tmp_path):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 390, "height": 844},
    )
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        wait_until_controlled(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest.get("errors") == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
