"""Notifications in Chromium: opt in to push, an expiring card becomes an inbox item and a push
message at a loopback push service, the bell's badge updates, tapping opens the card.

Source: issue 11, "Done means". Chromium here has no route to a real push service (no network,
no Google API keys), so PushManager.subscribe() cannot succeed: the test clicks the real button
(permission granted, the worker's pushManager asked), then registers the subscription through
the same server route the page script uses, with the loopback endpoint and keys the test holds.
The push message the server sent is decrypted with those keys and delivered to the page's
service worker through CDP (ServiceWorker.deliverPushMessage), which shows it and updates the bell.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.factories import make_account, make_card, make_person
from tests.support.notifications import PUSH_CONFIG, VAPID, BrowserKeys, push_service, vapid_claims
from tests.support.browser import log_in, wait_until_controlled
from tests.support.web import field
from vssid.notifications import scans, services
from vssid.notifications.push import WebPushSender

SHOTS = "/tmp/notifications-{}.png"


@pytest.fixture
def app_config():
    return dict(PUSH_CONFIG)


@pytest.fixture
def pushes():
    service = push_service()
    yield service
    service.close()


def registration_id(page: Page, context: BrowserContext) -> str:
    cdp = context.new_cdp_session(page)
    found = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"]}))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    assert found, "no service worker registration reported"
    return cdp, next(iter(found.values()))


def test_expiring_card_reaches_inbox_push_and_badge_then_opens_the_card(
    page: Page, context: BrowserContext, live_server, app, session, pushes,
):
    person = make_person(session, full_name="Phạm Thị Thanh Hương")
    make_account(session, person)
    today = dt.date.today()
    make_card(session, person, valid_from=today - dt.timedelta(days=300), valid_to=today + dt.timedelta(days=20))
    session.commit()
    context.grant_permissions(["notifications"], origin=live_server)
    log_in(page, live_server, person.ma_so)
    expect(page.locator("#notification-bell .bell-badge")).to_have_count(0)

    page.goto(live_server + "/thong-bao/cai-dat")
    wait_until_controlled(page)
    assert page.evaluate("Notification.permission") == "granted"
    page.get_by_role("button", name="Bật thông báo đẩy").click()
    status = page.locator("[data-push-status]")
    expect(status).not_to_have_text("Đang xử lý…", timeout=15000)
    real = status.inner_text() == "Đang bật trên thiết bị này."
    if not real:  # the person reads a Vietnamese sentence, not the browser's English error
        expect(status).to_have_text("Không bật được thông báo đẩy. Vui lòng thử lại sau.")
        expect(page.get_by_role("button", name="Bật thông báo đẩy")).to_be_enabled()
    keys = BrowserKeys()
    if not real:
        # The real PushManager could not reach a push service: same route, loopback endpoint.
        answer = page.evaluate("""([url, body]) => {
            const token = JSON.parse(document.querySelector('main').getAttribute('hx-headers'))['X-CSRFToken'];
            return fetch(url, {method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}})
              .then(r => r.json().then(j => [r.status, j]));
        }""", ["/thong-bao/day/dang-ky", keys.subscription(pushes.endpoint("chromium"))])
        assert answer[0] == 201, answer
    print(f"PushManager.subscribe in this Chromium: {'worked' if real else 'failed: ' + status.inner_text()}")
    page.reload()
    expect(page.locator("[data-push]")).to_have_attribute("data-server-subscribed", "yes")
    page.screenshot(path=SHOTS.format("settings"), full_page=True)

    # The home page is open when the daily scan finds the card and the worker pushes it to the
    # loopback push service; the page does not poll, so its bell still shows nothing.
    page.goto(live_server + "/")
    wait_until_controlled(page)
    assert scans.scan_cards(session, today=today).expiring == 1
    sender = WebPushSender(private_key=VAPID.private_key, subject="mailto:hotro@vss.gov.vn")
    assert services.send_due(session, push=sender).sent == 1
    if real:
        pytest.skip("a real push service was reachable; the loopback half does not apply")
    [message] = pushes.to("chromium")
    payload = keys.decrypt(message)
    assert vapid_claims(message)["aud"] == pushes.origin
    assert payload["title"] == "Thẻ BHYT của bạn sắp hết hạn"
    assert f"đến ngày {(today + dt.timedelta(days=20)).strftime('%d/%m/%Y')} (còn 20 ngày)" in payload["body"]
    expect(page.locator("#notification-bell .bell-badge")).to_have_count(0)

    # The message reaches the device's service worker: it is shown, and the bell updates.
    cdp, reg_id = registration_id(page, context)
    cdp.send("ServiceWorker.deliverPushMessage",
             {"origin": live_server, "registrationId": reg_id, "data": json.dumps(payload, ensure_ascii=False)})
    badge = page.locator("#notification-bell .bell-badge")
    expect(badge).to_have_text("1")
    expect(page.locator("#notification-bell a")).to_have_attribute("aria-label", "Thông báo, 1 chưa đọc")
    shown = page.evaluate("""navigator.serviceWorker.ready.then(r => r.getNotifications())
        .then(list => list.map(n => ({title: n.title, body: n.body, url: n.data.url, tag: n.tag})))""")
    assert shown == [{"title": payload["title"], "body": payload["body"], "tag": payload["tag"],
                      "url": live_server + payload["url"]}]
    page.screenshot(path=SHOTS.format("home-badge"))

    # Tapping the item in the inbox opens the card; the notice is read and the badge gone.
    page.locator("#notification-bell a").click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    item = page.get_by_role("link", name=re.compile("Thẻ BHYT của bạn sắp hết hạn"))
    expect(item).to_be_visible()
    page.screenshot(path=SHOTS.format("inbox"), full_page=True)
    item.click()
    expect(page).to_have_url(live_server + "/ca-nhan/the-bhyt")
    expect(page.locator("article.hcard").get_by_role("heading", name="PHẠM THỊ THANH HƯƠNG")).to_be_visible()
    expect(page.locator("#notification-bell .bell-badge")).to_have_count(0)


def test_marking_read_updates_the_badge_without_reloading(page: Page, live_server, session):
    account = make_account(session)
    for n in (1, 2):
        services.notify(session, account_id=account.id, kind="announcement", title=f"Thông báo số {n}",
                        body="Cơ quan BHXH nghỉ lễ Quốc khánh từ 31/8 đến 2/9.", url="/tin-tuc")
    session.commit()
    log_in(page, live_server, account.person.ma_so)
    badge = page.locator("#notification-bell .bell-badge")
    expect(badge).to_have_text("2")
    page.locator("#notification-bell a").click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Đánh dấu đã đọc – Thông báo số 2").click()
    expect(badge).to_have_text("1")
    expect(page.get_by_role("button", name="Đánh dấu đã đọc – Thông báo số 2")).to_have_count(0)
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(badge).to_have_count(0)
    expect(page.locator(".inbox-unread")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true")  # htmx swaps, no page load
    page.screenshot(path=SHOTS.format("inbox-read"), full_page=True)


def test_an_editor_announces_to_a_province_and_a_citizen_there_reads_it(page: Page, live_server, app, session):
    from tests.support.staff import STAFF_PASSWORD, code, make_staff
    from vssid.notifications import announcements
    from vssid.core.db import utcnow

    citizen = make_account(session, make_person(session, province_code="48"))
    editor, secret = make_staff(session, role="editor")
    session.commit()
    page.goto(live_server + "/can-bo/dang-nhap")
    field(page, "Email công vụ").fill(editor.email)
    field(page, "Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    field(page, "Mã xác thực").fill(code(secret))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("navigation", name="Chức năng cán bộ").get_by_role("link", name="Thông báo chung").click()
    field(page, "Tiêu đề").fill("Đà Nẵng: đổi giờ làm việc")
    page.get_by_role("button", name="Gửi thông báo").click()
    expect(page.get_by_text("Nội dung cần ít nhất 20 ký tự.").first).to_be_visible()
    expect(field(page, "Tiêu đề")).to_have_value("Đà Nẵng: đổi giờ làm việc")  # input kept
    field(page, "Nội dung").fill("Từ 01/12/2026 các cơ quan BHXH tại Đà Nẵng làm việc từ 7h00 đến 16h30.")
    page.get_by_label("Gửi tới").select_option("48")
    page.screenshot(path=SHOTS.format("staff-form"), full_page=True)
    page.get_by_role("button", name="Gửi thông báo").click()
    expect(page.get_by_text("Đã tạo thông báo. Hệ thống đang gửi tới người nhận.")).to_be_visible()
    assert announcements.fan_out(session, now=utcnow()) == 1

    page.context.clear_cookies()
    log_in(page, live_server, citizen.person.ma_so)
    expect(page.locator("#notification-bell .bell-badge")).to_have_text("1")
    page.locator("#notification-bell a").click()
    expect(page.get_by_text("Từ 01/12/2026 các cơ quan BHXH tại Đà Nẵng")).to_be_visible()
