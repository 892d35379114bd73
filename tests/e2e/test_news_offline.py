"""News read on a weak network: once opened, the news list, articles and videos open offline
from the copy the service worker kept ("vssid-news-v1"), with a note saying it is a saved
copy and when it was saved; nothing personal is kept; at most 20 articles are kept.

Follows TESTING.md's offline recipe (a controlling worker, then context.set_offline(True)).
"""
from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.support.browser import log_in, wait_until, wait_until_controlled
from tests.support.factories import make_account, make_person
from tests.support.news import make_item

NEWS_CACHE = "vssid-news-v1"
SAVED_NOTE = re.compile(r"^Bản lưu trên thiết bị này lúc \d\d:\d\d \d\d/\d\d/\d{4}$")


def kept(page: Page) -> dict[str, str]:
    """The worker's news copies on this device: path -> HTML."""
    return page.evaluate(
        """caches.has(%r).then(found => !found ? {} : caches.open(%r).then(cache => cache.keys()
             .then(requests => Promise.all(requests.map(r => cache.match(r).then(copy => copy.text())
               .then(html => [new URL(r.url).pathname, html]))))
             .then(Object.fromEntries)))""" % (NEWS_CACHE, NEWS_CACHE)
    )


def path_of(item) -> str:
    return f"/tin-tuc/{'video/' if item.kind == 'video' else ''}{item.id}/{item.slug}"


def test_read_news_opens_offline_from_an_anonymous_kept_copy(page: Page, context: BrowserContext, live_server,
                                                             session):
    person = make_person(session, full_name="Đoàn Thị Mai Hương")
    make_account(session, person)
    first, second, third = (make_item(session, title=f"Tin BHXH số {n}", ago=dt.timedelta(hours=n),
                                      body_html=f"<p>Nội dung chi tiết của tin số {n}.</p>") for n in (1, 2, 3))
    video = make_item(session, kind="video", title="Hướng dẫn cài đặt VssID", video_url="https://youtu.be/AbCdEfGhIj0")
    session.commit()
    page.route(re.compile(r"^https?://(?!localhost)"), lambda route: route.abort())  # nothing leaves the machine

    log_in(page, live_server, person.ma_so)
    wait_until_controlled(page)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin tức").click()
    expect(page.get_by_role("heading", level=1, name="Tin tức – Video")).to_be_visible()
    expect(page.locator(".news-saved")).to_be_hidden()  # online: the live page
    page.get_by_role("link", name="Tin BHXH số 2", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Tin BHXH số 2")).to_be_visible()
    page.goto(live_server + path_of(video))
    expect(page.get_by_role("heading", level=1, name="Hướng dẫn cài đặt VssID")).to_be_visible()
    wanted = sorted(["/tin-tuc", path_of(second), path_of(video)])
    wait_until(page, lambda: sorted(kept(page)) == wanted, "the news copies")
    # Read while signed in, kept anonymous: no name, no logout form, no token.
    for path, html in kept(page).items():
        assert "Mai Hương" not in html and "Đăng xuất" not in html and "csrf" not in html.lower(), path

    context.set_offline(True)
    page.goto(live_server + "/tin-tuc")
    expect(page.get_by_role("heading", level=1, name="Tin tức – Video")).to_be_visible()
    expect(page.get_by_text(SAVED_NOTE)).to_be_visible()
    page.get_by_role("link", name="Tin BHXH số 2", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Tin BHXH số 2")).to_be_visible()
    expect(page.get_by_text("Nội dung chi tiết của tin số 2.")).to_be_visible()
    expect(page.get_by_text(SAVED_NOTE)).to_be_visible()
    page.screenshot(path="/tmp/news-offline-article.png")  # 390 × 844, the phone's screen
    assert "Mai Hương" not in page.content()

    page.goto(live_server + path_of(video))  # the player needs the network: said in words
    expect(page.get_by_text("Video không xem được khi không có mạng.", exact=False)).to_be_visible()
    expect(page.locator(".video-player")).to_be_hidden()
    page.screenshot(path="/tmp/news-offline-video.png")

    page.goto(live_server + path_of(first))  # never opened on this device
    expect(page.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()
    saved = page.get_by_role("region", name="Tin đã lưu trên thiết bị này")
    expect(saved.get_by_role("link")).to_have_text(["Danh sách tin tức", "Hướng dẫn cài đặt VssID", "Tin BHXH số 2"])
    saved.get_by_role("link", name="Tin BHXH số 2").click()
    expect(page.get_by_text("Nội dung chi tiết của tin số 2.")).to_be_visible()
    # A boosted link (the app bar's "Tin tức"): htmx swaps in the kept copy, note and all.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin tức").click()
    expect(page.get_by_role("heading", level=1, name="Tin tức – Video")).to_be_visible()
    expect(page.get_by_text(SAVED_NOTE)).to_be_visible()
    assert path_of(third) not in kept(page)

    context.set_offline(False)
    page.goto(live_server + "/tin-tuc")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    wait_until_controlled(page)
    for path, html in kept(page).items():  # Clear-Site-Data "storage" empties it; never a name in any case
        assert "Mai Hương" not in html, path


def test_only_the_last_twenty_articles_are_kept(page: Page, live_server, session):
    item = make_item(session, title="Tin mới đọc")
    session.commit()
    page.goto(live_server + "/")
    wait_until_controlled(page)
    page.goto(live_server + "/tin-tuc")
    # Twenty older copies, as the worker would have kept them over the last days.
    page.evaluate("""caches.open(%r).then(cache => Promise.all(Array.from({length: 20}, (_, i) =>
        cache.put('/tin-tuc/' + (9000 + i) + '/cu', new Response('<p>cũ</p>', {headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'X-VssID-Saved-At': new Date(Date.UTC(2026, 0, 1 + i)).toISOString()}})))))""" % NEWS_CACHE)
    page.goto(live_server + path_of(item))  # a visitor: the page just loaded is the one kept
    expect(page.get_by_role("heading", level=1, name="Tin mới đọc")).to_be_visible()

    def articles() -> list[str]:
        return [path for path in kept(page) if path != "/tin-tuc"]

    wait_until(page, lambda: path_of(item) in articles() and len(articles()) == 20, "the oldest copy evicted")
    assert "/tin-tuc/9000/cu" not in articles() and "/tin-tuc/9001/cu" in articles()
    assert "/tin-tuc" in kept(page)  # the list is kept besides the twenty
