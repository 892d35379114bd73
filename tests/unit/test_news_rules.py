"""Pure rules of the news area: the sanitiser, video links, image hosts, the CSP additions."""
from __future__ import annotations

import pytest

from vssid.news.media import image_allowed, parse_hosts, parse_video, youtube_id
from vssid.news.policy import news_policy
from vssid.news.sanitize import clean_html, plain_text
from vssid.news.services import slugify
from vssid.web.headers import CONTENT_SECURITY_POLICY

HOSTS = ("baohiemxahoi.gov.vn",)


@pytest.mark.parametrize("hostile", [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form action="https://evil.example"><input name=p></form>',
    '<div onmouseover="alert(1)">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<!--<img src=x onerror=alert(1)>-->',
])
def test_nothing_executable_survives(hostile):
    cleaned = clean_html(hostile).lower()
    for marker in ("<script", "onerror", "onmouseover", "javascript:", "vbscript:", "data:text", "style=", "<iframe",
                   "<form", "<object", "<base", "<meta", "<link", "srcdoc", "evil.example"):
        assert marker not in cleaned, (hostile, cleaned)


def test_safe_markup_is_kept_and_links_are_marked():
    html = ('<h2>Mức đóng</h2><p>Từ <strong>01/7/2026</strong>, <em>người thứ nhất</em>:</p>'
            '<ul><li>1.366.200 đồng</li></ul><table><tr><th scope="col">A</th></tr><tr><td colspan="2">1</td></tr></table>'
            '<a href="https://baohiemxahoi.gov.vn/x" target="_blank" rel="opener">Cổng</a> <a href="tel:19009068">1900 9068</a>')
    cleaned = clean_html(html)
    assert "<h2>Mức đóng</h2>" in cleaned and "<strong>01/7/2026</strong>" in cleaned and "<li>1.366.200 đồng</li>" in cleaned
    assert '<th scope="col">A</th>' in cleaned and '<td colspan="2">1</td>' in cleaned
    assert '<a href="https://baohiemxahoi.gov.vn/x" rel="noopener noreferrer nofollow">Cổng</a>' in cleaned
    assert '<a href="tel:19009068" rel="noopener noreferrer nofollow">1900 9068</a>' in cleaned


def test_images_only_over_https_or_same_site_and_from_allowed_hosts_when_shown():
    html = ('<img src="https://baohiemxahoi.gov.vn/a.jpg" alt="A"><img src="http://baohiemxahoi.gov.vn/b.jpg" alt="B">'
            '<img src="//cdn.example/c.jpg" alt="C"><img src="/static/img/news/article.svg" alt="D">'
            '<img src="https://tracker.example/p.gif" alt="E"><img src="data:image/png;base64,AAAA" alt="F">'
            '<img alt="G">')
    stored = clean_html(html)
    assert [alt for alt in "ABCDEFG" if f'alt="{alt}"' in stored] == ["A", "D", "E"]
    shown = clean_html(stored, image_hosts=HOSTS)
    assert [alt for alt in "ABCDEFG" if f'alt="{alt}"' in shown] == ["A", "D"]
    assert 'loading="lazy"' in shown and 'referrerpolicy="no-referrer"' in shown
    assert clean_html(stored, image_hosts=()).count("<img") == 1  # only the same-site one


def test_plain_text_for_titles_and_summaries():
    assert plain_text("<b>Lương hưu</b> &amp; <script>x()</script>trợ cấp") == "Lương hưu & trợ cấp"
    assert plain_text("  nhiều   khoảng\n trắng ") == "nhiều khoảng trắng"
    cut = plain_text("Người tham gia BHXH tự nguyện được hỗ trợ tiền đóng", limit=25)
    assert len(cut) <= 25 and cut.endswith("…") and cut.startswith("Người tham gia BHXH")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.youtube.com/watch?v=AbCdEfGhIj0", "AbCdEfGhIj0"),
    ("https://m.youtube.com/watch?feature=share&v=AbCdEfGhIj0", "AbCdEfGhIj0"),
    ("https://youtu.be/AbCdEfGhIj0?t=30", "AbCdEfGhIj0"),
    ("https://www.youtube.com/shorts/AbCdEfGhIj0", "AbCdEfGhIj0"),
    ("https://www.youtube-nocookie.com/embed/AbCdEfGhIj0", "AbCdEfGhIj0"),
    ("https://www.youtube.com/watch?v=short", None),
    ("https://www.youtube.com/watch?v=AbCdEfGhIj0%22onload", None),
    ("https://evil.example/watch?v=AbCdEfGhIj0", None),
    ("https://youtube.com.evil.example/watch?v=AbCdEfGhIj0", None),
    ("javascript:alert('youtu.be/AbCdEfGhIj0')", None),
])
def test_youtube_ids(url, expected):
    assert youtube_id(url) == expected


def test_video_links():
    youtube = parse_video("https://youtu.be/AbCdEfGhIj0")
    assert youtube.watch_url == "https://www.youtube.com/watch?v=AbCdEfGhIj0"
    assert youtube.embed_url == "https://www.youtube-nocookie.com/embed/AbCdEfGhIj0?autoplay=1&rel=0"
    assert parse_video("https://baohiemxahoi.gov.vn/v/hop-bao.MP4").file_url.endswith(".MP4")
    assert parse_video("/static/video/a.webm").file_url == "/static/video/a.webm"
    for refused in ("http://baohiemxahoi.gov.vn/v/a.mp4", "https://baohiemxahoi.gov.vn/v/a.exe", "//x.example/a.mp4",
                    "ftp://x.example/a.mp4", "", None):
        assert parse_video(refused) is None, refused


def test_image_host_setting():
    assert parse_hosts("baohiemxahoi.gov.vn, Media.BaoHiemXaHoi.gov.vn  baohiemxahoi.gov.vn") == (
        "baohiemxahoi.gov.vn", "media.baohiemxahoi.gov.vn")
    assert parse_hosts("") == () and parse_hosts(None) == ()
    for bad in ("https://baohiemxahoi.gov.vn", "*.gov.vn", "baohiemxahoi.gov.vn:443", "a b/c", "localhost"):
        with pytest.raises(ValueError, match="VSSID_NEWS_IMAGE_HOSTS"):
            parse_hosts(bad)
    assert image_allowed("https://baohiemxahoi.gov.vn/a.jpg", HOSTS)
    assert not image_allowed("https://baohiemxahoi.gov.vn.evil.example/a.jpg", HOSTS)
    assert not image_allowed("https://evil.example/a.jpg?baohiemxahoi.gov.vn", HOSTS)


def test_policy_additions_are_narrow():
    article = news_policy(CONTENT_SECURITY_POLICY, image_hosts=HOSTS, video=False)
    video = news_policy(CONTENT_SECURITY_POLICY, image_hosts=HOSTS, video=True)
    assert "img-src 'self' data: https://baohiemxahoi.gov.vn;" in article
    assert "frame-src" not in article and "media-src" not in article
    assert video.endswith("media-src 'self' https://baohiemxahoi.gov.vn; frame-src 'self' https://www.youtube-nocookie.com")
    # Nothing else moves: scripts, styles, objects, framing of this site.
    for policy in (article, video):
        for kept in ("script-src 'self';", "style-src 'self';", "object-src 'none';", "frame-ancestors 'none';"):
            assert kept in policy
    assert news_policy(CONTENT_SECURITY_POLICY, image_hosts=(), video=False) == CONTENT_SECURITY_POLICY


def test_slugs():
    assert slugify("Từ 01/7/2026, lương cơ sở 2.530.000 đồng") == "tu-01-7-2026-luong-co-so-2-530-000-dong"
    assert slugify("Đắk Lắk: BHYT học sinh") == "dak-lak-bhyt-hoc-sinh"
    assert slugify("!!!") == "tin"
    assert len(slugify("dài " * 100)) <= 80
