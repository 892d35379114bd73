"""`flask news import URL...` against feeds served on loopback: idempotent, sanitised,
whole-or-nothing per feed, and bounded (timeout, size, schemes)."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.news import FEEDS, feed_server
from vssid.core.db import utcnow
from vssid.news import feeds, services
from vssid.news.models import NewsItem


def run_import(app, *args):
    """The command as an operator runs it; .output holds what it printed (errors included)."""
    return app.test_cli_runner().invoke(args=["news", "import", *args])


def rows(session) -> list[NewsItem]:
    session.expire_all()
    return session.scalars(select(NewsItem).order_by(NewsItem.publish_at.desc())).all()


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(NewsItem))


def test_import_stores_each_item_once_and_keeps_the_source_link(app, session):
    with feed_server() as (base, seen):
        first = run_import(app, f"{base}/portal.rss", f"{base}/portal.atom")
        assert first.exit_code == 0, first.output
        assert f"{base}/portal.rss: 3 tin mới, 0 tin đã có." in first.output
        assert f"{base}/portal.atom: 2 tin mới, 0 tin đã có." in first.output
        stored = rows(session)
        assert len(stored) == 5

        again = run_import(app, f"{base}/portal.rss", f"{base}/portal.atom")
        assert again.exit_code == 0, again.output
        assert "0 tin mới, 3 tin đã có." in again.output and "0 tin mới, 2 tin đã có." in again.output
        assert count(session) == 5
        # Only the feeds were fetched: no image, no linked page.
        assert sorted(set(seen)) == ["/portal.atom", "/portal.rss"]

    by_title = {item.title: item for item in stored}
    news = by_title["BHXH Việt Nam triển khai giao dịch điện tử trên toàn quốc"]
    assert news.source_url == "https://baohiemxahoi.gov.vn/tintuc/Pages/linh-vuc-thu.aspx?ItemID=1001"
    assert news.kind == "article" and news.origin == "import" and news.status == "published"
    assert news.thumbnail_url == "https://baohiemxahoi.gov.vn/images/giao-dich-thumb.jpg"
    assert news.publish_at.isoformat() == "2026-11-23T02:30:00+00:00"
    assert 'src="https://baohiemxahoi.gov.vn/images/giao-dich.jpg"' in news.body_html
    assert by_title["Mức đóng BHYT hộ gia đình từ 01/7/2026"].thumbnail_url.endswith("/bhyt-hgd.png")
    video = by_title["Video: Hướng dẫn đăng ký tài khoản VssID"]
    assert video.kind == "video" and video.video_url == "https://www.youtube.com/watch?v=AbCdEfGhIj0"
    # An Atom title of type html becomes plain text.
    assert "Lương hưu tăng từ 01/7/2026" in by_title
    # A date in the future does not hide the item: it is published at the import time.
    future = by_title["Ngày mai mới đăng"]
    assert future.publish_at <= utcnow()


def test_the_same_guid_in_another_feed_is_not_stored_twice(app, session):
    with feed_server() as (base, _):
        assert run_import(app, f"{base}/portal.rss").exit_code == 0
        # The same document under another address: the guids decide.
        assert run_import(app, f"{base}/portal.rss?lan=2").exit_code == 0
    assert count(session) == 3


def test_a_malformed_feed_stores_nothing_and_says_where(app, session):
    with feed_server() as (base, _):
        result = run_import(app, f"{base}/malformed.rss")
    assert result.exit_code == 1
    message = result.output
    assert "không đúng định dạng RSS/Atom (dòng 22)" in message
    assert "Không nhập mục nào." in message
    # Its first two items were well formed, yet none is kept: the feed is one transaction.
    assert count(session) == 0


def test_one_bad_feed_does_not_block_the_others(app, session):
    with feed_server() as (base, _):
        result = run_import(app, f"{base}/malformed.rss", f"{base}/portal.rss")
    assert result.exit_code == 1
    assert f"{base}/portal.rss: 3 tin mới" in result.output
    assert {item.source_url.rsplit("=", 1)[-1] for item in rows(session) if "ItemID" in item.source_url} == {"1001", "1002"}


def test_an_item_with_a_javascript_link_rejects_the_whole_feed(app, session):
    with feed_server() as (base, _):
        result = run_import(app, f"{base}/no_link.rss")
    assert result.exit_code == 1
    message = result.output
    assert "Mục thứ 2 (“Tin trỏ tới javascript”) không có đường dẫn http(s) hợp lệ" in message
    assert count(session) == 0


def test_hostile_html_is_sanitised_when_stored_and_when_shown(app, session, client):
    with feed_server() as (base, _):
        assert run_import(app, f"{base}/hostile.rss").exit_code == 0
    (item,) = rows(session)
    assert item.title == "Thông báo quan trọng"
    assert item.summary == "Tóm tắt an toàn."
    body = item.body_html
    for forbidden in ("<script", "onerror", "onclick", "onmouseover", "onload", "javascript:", "style=", "<style",
                      "<iframe", "<form", "<input", "<svg", "<object", "data:text", "evil.example", "class=", "id=",
                      "http://baohiemxahoi.gov.vn/insecure.jpg", 'src="x"'):
        assert forbidden.lower() not in body.lower(), forbidden
    assert "Nội dung <strong>chính</strong>." in body
    assert '<a href="https://baohiemxahoi.gov.vn/van-ban" rel="noopener noreferrer nofollow">Văn bản</a>' in body
    # Refused links keep their text, not their target.
    assert re.search(r"<a rel=\"noopener noreferrer nofollow\">liên kết javascript</a>", body)

    page = client.get(f"/tin-tuc/{item.id}/{item.slug}").get_data(as_text=True)
    article = page[page.index('<article class="news-article"'):page.index("</article>")]
    assert "https://baohiemxahoi.gov.vn/images/hop.jpg" in article  # an allowed host
    assert "tracker.example" not in article  # stored (any https host), never shown: not in VSSID_NEWS_IMAGE_HOSTS
    assert "<script" not in article.lower() and "javascript:" not in article.lower()


@pytest.mark.parametrize(("path", "options", "expected"), [
    ("/lon", ["--max-bytes", "10000"], "Nguồn tin lớn hơn giới hạn 10.000 byte; không nhập."),
    ("/cham", ["--timeout", "1"], "Quá thời gian chờ (1 giây)"),
    ("/khong-co.rss", [], "Máy chủ nguồn tin trả lời lỗi 404"),
    ("/chuyen-huong", [], "chuyển hướng tới địa chỉ không được phép: file:///etc/passwd"),
    ("/not_a_feed.html", [], "không đúng định dạng RSS/Atom"),
])
def test_fetch_limits_and_bad_answers(app, session, path, options, expected):
    with feed_server() as (base, _):
        result = run_import(app, *options, f"{base}{path}")
    assert result.exit_code == 1
    message = result.output
    assert expected in message
    assert count(session) == 0


def test_only_http_and_https_addresses_are_read(app, session):
    for url in ("file:///etc/passwd", f"file://{FEEDS / 'portal.rss'}", "ftp://example.vn/feed.rss", "portal.rss"):
        result = run_import(app, url)
        assert result.exit_code == 1
        message = result.output
        assert "phải bắt đầu bằng http:// hoặc https://" in message
    assert count(session) == 0


def test_an_unreachable_host_is_a_clear_error(app, session):
    with feed_server() as (base, _):
        pass  # the port is closed again
    result = run_import(app, "--timeout", "2", f"{base}/portal.rss")
    assert result.exit_code == 1
    message = result.output
    assert "Không kết nối được tới nguồn tin" in message


def test_relative_images_are_resolved_against_the_feed_and_kept_only_over_https():
    data = (FEEDS / "portal.atom").read_bytes()
    over_https = feeds.parse(data, url="https://baohiemxahoi.gov.vn/rss/chinh-sach.atom")
    assert 'src="https://baohiemxahoi.gov.vn/images/luong-huu.jpg"' in over_https[0].body_html
    over_http = feeds.parse(data, url="http://baohiemxahoi.gov.vn/rss/chinh-sach.atom")
    assert "<img" not in over_http[0].body_html


@pytest.mark.postgres_only
def test_concurrent_imports_of_the_same_feed_store_each_item_once(app):
    items = feeds.parse((FEEDS / "portal.rss").read_bytes(), url="https://baohiemxahoi.gov.vn/rss")
    engine = app.extensions["vssid.db"][0]
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        try:
            with Session(engine) as own:
                barrier.wait()
                results.append(services.import_items(own, items=items, now=utcnow()))
                own.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(len(result.added) for result in results) == 3
    with Session(engine) as check:
        assert check.scalar(select(func.count()).select_from(NewsItem)) == 3
