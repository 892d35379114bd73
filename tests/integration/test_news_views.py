"""The public news pages: newest first, paged ("Xem thêm" with htmx, "Trang sau" without),
only what is published and due, cacheable for everyone, and each page's own CSP (portal
images; a YouTube-nocookie frame on the video pages only, never loaded before a tap)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import event

from tests.support.factories import PASSWORD, make_account
from tests.support.news import make_item
from tests.support.web import logged_in_client
from vssid import create_app
from vssid.config import ConfigError
from vssid.core.db import utcnow
from vssid.news.demo import seed_demo_news
from vssid.web.headers import CONTENT_SECURITY_POLICY

HX = {"HX-Request": "true"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="news-card-title" id="news-\d+"><a[^>]*>([^<]+)</a>', html)


def returning(client):
    """A browser that has been here before (holds its device and session cookies, settled)."""
    for path in ("/", "/tin-tuc"):
        response = client.get(path)
        assert not ("public" in response.headers.get("Cache-Control", "") and "Set-Cookie" in response.headers)
    return client


def directive(policy: str, name: str) -> str | None:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return " ".join(words[1:])
    return None


def test_list_shows_published_articles_newest_first_and_nothing_else(client, session):
    make_item(session, title="Tin hôm qua", ago=dt.timedelta(days=1))
    make_item(session, title="Tin sáng nay", ago=dt.timedelta(hours=2))
    make_item(session, title="Tin tuần trước", ago=dt.timedelta(days=7))
    make_item(session, title="Bản nháp chưa đăng", status="draft")
    make_item(session, title="Tin hẹn giờ ngày mai", ago=-dt.timedelta(days=1))
    make_item(session, title="Tin đã gỡ", status="withdrawn", ago=dt.timedelta(hours=1))
    make_item(session, title="Video mới nhất", kind="video", ago=dt.timedelta(minutes=5))
    session.commit()

    html = client.get("/tin-tuc").get_data(as_text=True)
    assert titles(html) == ["Tin sáng nay", "Tin hôm qua", "Tin tuần trước"]
    videos = client.get("/tin-tuc/video").get_data(as_text=True)
    assert titles(videos) == ["Video mới nhất"]


def test_paging_without_script_and_load_more_with_htmx(client, session):
    for n in range(1, 24):
        make_item(session, title=f"Tin số {n:02d}", ago=dt.timedelta(hours=n))
    session.commit()

    first = client.get("/tin-tuc").get_data(as_text=True)
    assert titles(first) == [f"Tin số {n:02d}" for n in range(1, 11)]
    more = re.search(r'<div class="news-more">\s*<a ([^>]*)>([^<]*)</a>', first)
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', more.group(1)))
    assert more.group(2) == "Trang sau"  # what a browser without JavaScript shows
    assert attrs["href"] == attrs["hx-get"] == "/tin-tuc?trang=2"
    assert attrs["hx-swap"] == "outerHTML" and attrs["hx-target"] == "closest .news-more"
    assert attrs["data-more-label"] == "Xem thêm"
    for img in re.findall(r'<img class="news-thumb"[^>]*>', first):
        assert 'loading="lazy"' in img and 'width="112"' in img and 'height="84"' in img

    # htmx: only the next items and the next button row, in place of the old row.
    fragment = client.get("/tin-tuc?trang=2", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and "<nav" not in fragment
    assert titles(fragment) == [f"Tin số {n:02d}" for n in range(11, 21)]
    assert fragment.count('class="news-more"') == 1 and "/tin-tuc?trang=3" in fragment
    assert "data-page-start" in fragment.split("</article>")[0]  # focus lands on the first new item
    last = client.get("/tin-tuc?trang=3", headers=HX).get_data(as_text=True)
    assert titles(last) == ["Tin số 21", "Tin số 22", "Tin số 23"]
    assert "news-more" not in last

    # Without script: a whole page 2 with a way back.
    second = client.get("/tin-tuc?trang=2").get_data(as_text=True)
    assert "<html" in second and titles(second)[0] == "Tin số 11"
    assert re.search(r'<a class="btn btn-link" rel="prev" href="/tin-tuc">', second)
    assert "<title>Tin tức – trang 2 – VssID</title>" in second


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "2.5", "9" * 30])
def test_odd_page_numbers_are_not_errors(client, session, raw):
    make_item(session, title="Tin duy nhất")
    session.commit()
    response = client.get(f"/tin-tuc?trang={raw}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert titles(html) == ["Tin duy nhất"] or "Chưa có tin nào." in html


def test_the_list_costs_one_query_however_long_it_is(app, client, session):
    def queries_for(path: str) -> int:
        seen = []
        engine = app.extensions["vssid.db"][0]
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len([s for s in seen if "news_item" in s])

    make_item(session)
    session.commit()
    short = queries_for("/tin-tuc")
    for _ in range(30):
        make_item(session)
    session.commit()
    assert queries_for("/tin-tuc") == short == 1


def test_article_page_shows_the_sanitised_body_and_the_source(client, session):
    item = make_item(session, title="Lương hưu tăng từ 01/7/2026", summary="Điều chỉnh lương hưu.",
                     body_html='<p>Nội dung <strong>chính</strong>.</p><img src="https://tracker.example/p.gif" alt="t">'
                               '<p onclick="x()">bấm</p>',
                     source_url="https://baohiemxahoi.gov.vn/tintuc/Pages/a.aspx?ItemID=9")
    session.commit()
    response = client.get(f"/tin-tuc/{item.id}/{item.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 id="news-title">Lương hưu tăng từ 01/7/2026</h1>' in html
    assert "Nội dung <strong>chính</strong>." in html
    # Sanitised again when shown (rows written by hand or by an older sanitiser are safe too).
    assert "onclick" not in html and "tracker.example" not in html
    assert ('<a href="https://baohiemxahoi.gov.vn/tintuc/Pages/a.aspx?ItemID=9" rel="noopener noreferrer nofollow">'
            "baohiemxahoi.gov.vn</a>") in html


def test_old_or_missing_slug_redirects_to_the_canonical_address(client, session):
    item = make_item(session, title="Đổi nơi khám chữa bệnh ban đầu")
    session.commit()
    for path in (f"/tin-tuc/{item.id}", f"/tin-tuc/{item.id}/ten-cu"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.headers["Location"] == f"/tin-tuc/{item.id}/doi-noi-kham-chua-benh-ban-dau"


def test_unpublished_scheduled_and_wrong_kind_items_do_not_exist_for_readers(client, session):
    draft = make_item(session, status="draft")
    scheduled = make_item(session, ago=-dt.timedelta(hours=1))
    withdrawn = make_item(session, status="withdrawn")
    video = make_item(session, kind="video")
    session.commit()
    for item in (draft, scheduled, withdrawn):
        response = client.get(f"/tin-tuc/{item.id}/{item.slug}")
        assert response.status_code == 404
        assert "Không tìm thấy bài viết này, hoặc bài đã được gỡ." in response.get_data(as_text=True)
    assert client.get(f"/tin-tuc/{video.id}/{video.slug}").status_code == 404
    assert client.get(f"/tin-tuc/video/{video.id}/{video.slug}").status_code == 200
    assert client.get("/tin-tuc/999999").status_code == 404


def test_public_pages_are_cacheable_for_everyone_and_hold_nothing_personal(client, session):
    item = make_item(session)
    session.commit()
    returning(client)
    for path in ("/tin-tuc", "/tin-tuc/video", f"/tin-tuc/{item.id}/{item.slug}", "/tin-tuc?trang=1"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "public, max-age=300", path
        assert "Set-Cookie" not in response.headers, path
        assert {"Cookie", "HX-Request"} <= set(response.vary), path
        html = response.get_data(as_text=True)
        assert "csrf" not in html.lower(), path  # the shared shell: no token a cache could hand to others
        assert response.headers["X-VssID-Shell"] == "shared", path  # the service worker may keep it


def test_a_first_visit_that_sets_the_device_cookie_is_not_cached_by_shared_caches(client):
    response = client.get("/tin-tuc")
    assert "Set-Cookie" in response.headers
    assert response.headers["Cache-Control"] == "private, max-age=300"


def test_a_signed_in_person_gets_their_own_shell_and_a_private_copy(app, session):
    make_item(session)
    account = make_account(session)
    session.commit()
    client = logged_in_client(app, session, account, PASSWORD)
    response = client.get("/tin-tuc")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert account.person.full_name in html and "Đăng xuất" in html
    assert "X-VssID-Shell" not in response.headers  # never kept by the service worker


def _sw_marker(body: str, name: str) -> str:
    return json.loads(re.search(rf"var {name} = (\"[^\n]*\");", body).group(1))


def test_every_news_page_carries_the_hidden_note_the_worker_shows_in_its_copy(client, session):
    """static/sw.js keeps a news page only where it finds its two markers, and turns them into
    the visible "saved copy" note with the time; players then give way to a note (app.css)."""
    article = make_item(session)
    video = make_item(session, kind="video")
    session.commit()
    worker = client.get("/sw.js").get_data(as_text=True)
    note, stamp = _sw_marker(worker, "SAVED_NOTE"), _sw_marker(worker, "SAVED_TIME")
    for path in ("/tin-tuc", "/tin-tuc/video", f"/tin-tuc/{article.id}/{article.slug}",
                 f"/tin-tuc/video/{video.id}/{video.slug}"):
        html = client.get(path).get_data(as_text=True)
        assert html.count(note) == 1 and html.count(stamp) == 1, path
        saved = re.search(r'<p class="offline-banner news-saved"[^>]*>(.*?)</p>', html, re.S).group(1)
        assert "Bản lưu trên thiết bị này lúc <time data-saved-at></time>" in saved, path
        # The note comes before the content it follows in the kept copy's styles.
        assert html.index(note) < html.index("<h1"), path
    for path in ("/tin-tuc/video", f"/tin-tuc/video/{video.id}/{video.slug}"):
        html = client.get(path).get_data(as_text=True)
        assert "Video không xem được khi không có mạng." in html, path


def test_frames_are_allowed_on_the_video_pages_only(client, session):
    article = make_item(session)
    video = make_item(session, kind="video")
    session.commit()
    for path in ("/tin-tuc", f"/tin-tuc/{article.id}/{article.slug}", "/", "/tra-cuu"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert directive(policy, "frame-src") is None, path
        assert directive(policy, "default-src") == "'self'"
    for path in ("/tin-tuc/video", f"/tin-tuc/video/{video.id}/{video.slug}"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert directive(policy, "frame-src") == "'self' https://www.youtube-nocookie.com", path
        assert directive(policy, "script-src") == "'self'"
    # Portal photos on news pages only.
    assert directive(client.get("/tin-tuc").headers["Content-Security-Policy"], "img-src") == \
        "'self' data: https://baohiemxahoi.gov.vn"
    assert directive(client.get("/").headers["Content-Security-Policy"], "img-src") == "'self' data:"


def test_nothing_from_youtube_loads_before_a_tap(client, session):
    video = make_item(session, kind="video", title="Hướng dẫn cài VssID",
                      video_url="https://youtu.be/AbCdEfGhIj0", thumbnail_url="https://i.ytimg.com/vi/x/hq.jpg")
    session.commit()
    for path in ("/tin-tuc/video", f"/tin-tuc/video/{video.id}/{video.slug}"):
        html = client.get(path).get_data(as_text=True)
        assert "<iframe" not in html
        urls = re.findall(r'\s(?:src|href|poster)="([^"]+)"', html)
        assert not [u for u in urls if "youtube-nocookie" in u or "ytimg" in u], urls
        assert 'href="https://www.youtube.com/watch?v=AbCdEfGhIj0"' in html  # the link without JavaScript
        assert 'data-youtube-embed="https://www.youtube-nocookie.com/embed/AbCdEfGhIj0?autoplay=1&amp;rel=0"' in html
        assert 'src="/static/img/news/video-poster.svg' in html  # a local poster, not YouTube's


def test_video_files_wait_for_play_and_unknown_hosts_are_links(client, session):
    local = make_item(session, kind="video", title="Video tệp trong trang", video_url="/static/video/huong-dan.mp4")
    portal = make_item(session, kind="video", title="Video tệp của cổng",
                       video_url="https://baohiemxahoi.gov.vn/video/hop-bao.webm")
    elsewhere = make_item(session, kind="video", title="Video ở máy chủ khác",
                          video_url="https://cdn.example.com/video/a.mp4")
    session.commit()
    html = client.get(f"/tin-tuc/video/{local.id}/{local.slug}").get_data(as_text=True)
    assert re.search(r'<video controls preload="none"[^>]*src="/static/video/huong-dan.mp4"', html)
    html = client.get(f"/tin-tuc/video/{portal.id}/{portal.slug}").get_data(as_text=True)
    assert 'src="https://baohiemxahoi.gov.vn/video/hop-bao.webm"' in html
    html = client.get(f"/tin-tuc/video/{elsewhere.id}/{elsewhere.slug}").get_data(as_text=True)
    assert "<video" not in html and 'href="https://cdn.example.com/video/a.mp4"' in html


def test_a_boosted_navigation_into_a_page_with_its_own_policy_is_loaded_in_full(client, session):
    item = make_item(session)
    session.commit()
    for path in ("/tin-tuc", "/tin-tuc/video", f"/tin-tuc/{item.id}/{item.slug}"):
        response = client.get(path, headers=BOOSTED)
        assert response.headers["HX-Redirect"] == path
    # "Xem thêm" is not boosted: it stays a fragment.
    assert "HX-Redirect" not in client.get("/tin-tuc?trang=1", headers=HX).headers


class TestWithoutRemoteImages:
    @pytest.fixture
    def app_config(self):
        return {"VSSID_NEWS_IMAGE_HOSTS": ""}

    def test_remote_images_are_skipped_and_the_policy_is_the_default(self, client, session):
        item = make_item(session, thumbnail_url="https://baohiemxahoi.gov.vn/images/a.jpg",
                         body_html='<p>Chữ</p><img src="https://baohiemxahoi.gov.vn/images/b.jpg" alt="b">')
        session.commit()
        response = client.get("/tin-tuc")
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        html = response.get_data(as_text=True)
        assert "baohiemxahoi.gov.vn/images" not in html and "/static/img/news/article.svg" in html
        article = client.get(f"/tin-tuc/{item.id}/{item.slug}")
        assert "baohiemxahoi.gov.vn/images" not in article.get_data(as_text=True)
        # The article page now needs nothing special: boosted navigation stays boosted.
        assert "HX-Redirect" not in client.get(f"/tin-tuc/{item.id}/{item.slug}", headers=BOOSTED).headers


@pytest.mark.parametrize("bad", ["https://baohiemxahoi.gov.vn", "*.gov.vn", "baohiemxahoi.gov.vn/anh", "localhost:8080"])
def test_a_bad_image_host_setting_stops_the_app_with_its_name(database_url, bad):
    with pytest.raises(ConfigError, match="VSSID_NEWS_IMAGE_HOSTS"):
        create_app({"TESTING": True, "VSSID_DATABASE_URL": database_url, "VSSID_STARTUP_CHECK": False,
                    "VSSID_NEWS_IMAGE_HOSTS": bad})


def test_demo_news_fill_both_tabs_once(client, session):
    assert seed_demo_news(session, now=utcnow()) == 12
    assert seed_demo_news(session, now=utcnow()) == 0
    session.commit()
    html = client.get("/tin-tuc").get_data(as_text=True)
    assert len(titles(html)) == 8  # the ninth is scheduled for later
    assert "Giao dịch BHXH điện tử vẫn hoạt động 24/7" not in html
    assert "Tin minh họa cho bản trình diễn" in client.get(re.search(r'href="(/tin-tuc/\d+/[^"]+)"', html).group(1)) \
        .get_data(as_text=True)
    assert len(titles(client.get("/tin-tuc/video").get_data(as_text=True))) == 3
