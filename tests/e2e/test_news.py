"""Tin tức – Video in a phone-sized Chromium: read the list, load more, open an article,
and play a video, with nothing loaded from YouTube until the tap (YouTube is stubbed)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.news import make_item

STUB_PLAYER = "<!doctype html><meta charset=utf-8><title>stub</title><p id=stub>Trình phát thử nghiệm</p>"


@pytest.fixture
def news(session):
    for n in range(1, 15):
        make_item(session, title=f"Tin BHXH số {n:02d}", ago=dt.timedelta(hours=n),
                  thumbnail_url="/static/img/news/the-bhyt.svg" if n % 2 else None,
                  body_html=f"<p>Nội dung chi tiết của tin số {n:02d}.</p>")
    make_item(session, kind="video", title="Hướng dẫn cài đặt VssID", video_url="https://youtu.be/AbCdEfGhIj0",
              ago=dt.timedelta(hours=1))
    make_item(session, kind="video", title="Đóng BHYT hộ gia đình", video_url="https://youtu.be/ZyXwVuTsRq9",
              ago=dt.timedelta(hours=2))
    session.commit()


@pytest.fixture
def third_party(page: Page):
    """Every request that leaves the test server, and a stub in place of YouTube's player."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if "localhost" not in request.url else None)
    # The route added last is tried first: the stub, then "nothing else leaves the machine".
    page.route(re.compile(r"^https?://(?!localhost)"), lambda route: route.abort())
    page.route(re.compile(r"^https://www\.youtube-nocookie\.com/"),
               lambda route: route.fulfill(status=200, content_type="text/html", body=STUB_PLAYER))
    return seen


def cards(page: Page):
    return page.locator("#news-feed .news-card")


def test_read_the_list_load_more_and_open_an_article(page: Page, live_server, news, third_party):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin tức").click()
    expect(page).to_have_url(live_server + "/tin-tuc")
    expect(page.get_by_role("heading", level=1, name="Tin tức – Video")).to_be_visible()
    expect(cards(page)).to_have_count(10)
    expect(cards(page).first.get_by_role("heading")).to_have_text("Tin BHXH số 01")
    page.screenshot(path="/tmp/news-list.png")

    more = page.get_by_role("link", name="Xem thêm")
    expect(more).to_be_visible()
    more.click()
    expect(cards(page)).to_have_count(14)
    expect(page.get_by_role("link", name="Xem thêm")).to_have_count(0)
    expect(cards(page).nth(10)).to_be_focused()  # the first new item
    expect(page).to_have_url(live_server + "/tin-tuc")  # loading more is not a new page

    page.get_by_role("link", name="Tin BHXH số 12").click()
    expect(page.get_by_role("heading", level=1, name="Tin BHXH số 12")).to_be_visible()
    expect(page.get_by_text("Nội dung chi tiết của tin số 12.")).to_be_visible()
    page.screenshot(path="/tmp/news-article.png", full_page=True)
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="Tin tức – Video")).to_be_visible()
    assert third_party == []
    assert violations == []


def test_nothing_plays_or_loads_from_youtube_until_asked(page: Page, live_server, news, third_party):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server + "/tin-tuc")
    page.get_by_role("link", name="Video", exact=True).click()
    expect(page).to_have_url(live_server + "/tin-tuc/video")
    players = page.locator(".video-player")
    expect(players).to_have_count(2)
    expect(page.get_by_role("heading", name="Hướng dẫn cài đặt VssID")).to_be_visible()
    expect(page.locator("#news-feed .news-meta").first).to_have_text(re.compile(r"\d{2}/\d{2}/\d{4}"))
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/news-videos.png", full_page=True)
    assert third_party == [], third_party
    expect(page.locator("iframe")).to_have_count(0)

    with page.expect_request(re.compile(r"youtube-nocookie\.com/embed/AbCdEfGhIj0")) as asked:
        page.get_by_role("link", name="Phát video: Hướng dẫn cài đặt VssID").click()
    assert "autoplay=1" in asked.value.url
    frame = page.frame_locator("iframe[title='Hướng dẫn cài đặt VssID']")
    expect(frame.locator("#stub")).to_have_text("Trình phát thử nghiệm")
    expect(page).to_have_url(live_server + "/tin-tuc/video")  # played in place
    # Only the tapped video; the other one still waits.
    assert [url for url in third_party if "ZyXwVuTsRq9" in url] == []
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in third_party), third_party
    page.screenshot(path="/tmp/news-video-playing.png")
    assert violations == []


def test_a_boosted_way_into_a_video_page_still_allows_its_player(page: Page, live_server, news, third_party):
    """The home page's document has the default policy (no frames). A boosted link from it to
    the videos tab is answered with HX-Redirect, so the video page loads in full, with its own
    policy, and its player works."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server + "/")
    page.evaluate("""() => {
        const a = document.createElement("a");
        a.href = "/tin-tuc/video"; a.textContent = "Xem video mới"; a.id = "boosted-video-link";
        document.querySelector("main").appendChild(a);
        htmx.process(a);
    }""")
    with page.expect_response(lambda r: r.url.endswith("/tin-tuc/video") and r.request.headers.get("hx-boosted") == "true") as boosted:
        page.locator("#boosted-video-link").click()
    assert boosted.value.headers["hx-redirect"] == "/tin-tuc/video"
    expect(page).to_have_url(live_server + "/tin-tuc/video")
    expect(page.locator('head meta[name="vssid-news-frames"]')).to_have_count(1)  # a document of its own
    with page.expect_request(re.compile(r"youtube-nocookie\.com/embed/ZyXwVuTsRq9")):
        page.get_by_role("link", name="Phát video: Đóng BHYT hộ gia đình").click()
    expect(page.frame_locator("iframe").locator("#stub")).to_have_text("Trình phát thử nghiệm")
    assert violations == []


def test_without_javascript_pages_and_links_still_work(browser, live_server, news):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server + "/tin-tuc")
    expect(cards(page)).to_have_count(10)
    page.get_by_role("link", name="Trang sau").click()
    expect(page).to_have_url(live_server + "/tin-tuc?trang=2")
    expect(cards(page)).to_have_count(4)
    expect(page.get_by_role("link", name="‹ Trang trước")).to_be_visible()
    page.goto(live_server + "/tin-tuc/video")
    expect(page.get_by_role("link", name="Phát video: Hướng dẫn cài đặt VssID")).to_have_attribute(
        "href", "https://www.youtube.com/watch?v=AbCdEfGhIj0")
    page.screenshot(path="/tmp/news-nojs-videos.png")
    context.close()
