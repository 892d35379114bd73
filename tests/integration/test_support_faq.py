"""The FAQ: seeded by migration 0005 on this engine, searched accent-insensitively with the
look-ups' full-text index, full pages without script and fragments for htmx, and the hub.

Source: the support issue (FAQ section, hotline and email) and DOMAIN.md §7.
"""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.support.migrate import migrate_to_head
from tests.support.support import faq, seed_faq
from vssid.support import services
from vssid.support.faq_data import ENTRIES
from vssid.support.models import FaqCategory, FaqEntry

HTMX = {"HX-Request": "true", "HX-Target": "faq-results", "HX-Current-URL": "http://localhost/ho-tro/cau-hoi-thuong-gap"}


@pytest.fixture(autouse=True)
def seeded(session):
    seed_faq(session)


def questions(html: str) -> list[str]:
    return re.findall(r"<summary>([^<]+)</summary>", html)


@pytest.fixture
def fresh_url(database_url, tmp_path, on_postgres):
    """A new empty database on the engine under test."""
    if not on_postgres:
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"vssid_fresh_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_migration_seeds_the_faq_and_its_search_index(fresh_url):
    migrate_to_head(fresh_url)
    engine = create_engine(fresh_url)
    with Session(engine) as own:
        assert own.scalar(select(func.count()).select_from(FaqEntry)) == len(ENTRIES) >= 40
        assert own.scalar(select(func.count()).select_from(FaqCategory)) == 8
        found = services.search_faq(own, text="doi noi kham ban dau")
        assert [e.slug for e in found.entries][:1] == ["doi-noi-kcb-ban-dau"] and not found.nearest
    engine.dispose()


def test_search_without_diacritics_finds_the_entry_and_the_page_works_without_script(client):
    response = client.get("/ho-tro/cau-hoi-thuong-gap?q=doi+noi+kham+ban+dau")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html
    assert questions(html)[0] == "Khi nào được thay đổi nơi đăng ký khám chữa bệnh ban đầu?"
    assert "15 ngày đầu của mỗi quý" in html and "Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15" in html
    assert 'value="doi noi kham ban dau"' in html


def test_typing_with_htmx_gets_only_the_results_and_a_shareable_url(client):
    response = client.get("/ho-tro/cau-hoi-thuong-gap?q=quen+mat+kh", headers=HTMX)  # last word unfinished
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<form" not in html
    assert "Tôi quên mật khẩu VssID thì lấy lại thế nào?" in questions(html)
    assert response.headers["HX-Push-Url"] == "/ho-tro/cau-hoi-thuong-gap?q=quen+mat+kh"
    assert "HX-Request" in response.headers["Vary"]


def test_a_question_in_other_words_gets_the_nearest_entries(client):
    html = client.get("/ho-tro/cau-hoi-thuong-gap?q=tôi+muốn+chuyển+bệnh+viện+khám+ban+đầu").get_data(as_text=True)
    assert "Không có câu hỏi chứa đủ các từ đã gõ" in html
    assert questions(html)[0] == "Khi nào được thay đổi nơi đăng ký khám chữa bệnh ban đầu?"


def test_nothing_found_says_so_and_offers_the_other_ways(client):
    html = client.get("/ho-tro/cau-hoi-thuong-gap?q=xyzzy+plugh").get_data(as_text=True)
    assert "Không tìm thấy câu hỏi phù hợp." in html and questions(html) == []
    assert 'href="tel:19009068"' in html and 'href="/ho-tro/tro-ly-ao"' in html


def test_categories_list_and_filter(client):
    html = client.get("/ho-tro/cau-hoi-thuong-gap").get_data(as_text=True)
    assert len(questions(html)) == len(ENTRIES)
    assert "Thẻ BHYT" in html and "Bảo vệ dữ liệu cá nhân" in html
    only = client.get("/ho-tro/cau-hoi-thuong-gap?muc=bhxh-tu-nguyen").get_data(as_text=True)
    assert len(questions(only)) == 4 and 'aria-current="page">BHXH tự nguyện' in only
    searched = client.get("/ho-tro/cau-hoi-thuong-gap?muc=bhxh-tu-nguyen&q=the+bhyt").get_data(as_text=True)
    assert all("thẻ" not in q.lower() for q in questions(searched))
    unknown = client.get("/ho-tro/cau-hoi-thuong-gap?muc=khong-co").get_data(as_text=True)
    assert len(questions(unknown)) == len(ENTRIES)  # an unknown category is ignored


def test_an_entry_has_its_own_page_with_its_source(client):
    html = client.get("/ho-tro/cau-hoi-thuong-gap/ngung-cap-the-giay").get_data(as_text=True)
    assert "<h1>Từ ngày 01/06/2025 có còn được cấp thẻ BHYT giấy không?</h1>" in html
    assert "Công văn 168/BHXH-QLT" in html and "Câu hỏi cùng nhóm" in html
    assert client.get("/ho-tro/cau-hoi-thuong-gap/khong-co-cau-nay").status_code == 404
    assert client.get("/ho-tro/cau-hoi-thuong-gap/../../etc").status_code == 404


def test_an_unpublished_entry_is_gone_from_the_page_search_and_address(client, session):
    entry = faq(session, "tin-nhan-8079")
    entry.published = False
    session.commit()
    assert "Tra cứu thẻ BHYT bằng tin nhắn" not in client.get("/ho-tro/cau-hoi-thuong-gap").get_data(as_text=True)
    assert "Tra cứu thẻ BHYT bằng tin nhắn" not in client.get("/ho-tro/cau-hoi-thuong-gap?q=8079").get_data(as_text=True)
    assert client.get("/ho-tro/cau-hoi-thuong-gap/tin-nhan-8079").status_code == 404


def test_the_hub_offers_hotline_email_and_the_three_ways(client, app):
    app.config["VSSID_SUPPORT_EMAIL"] = "hotro@vss.gov.vn"
    html = client.get("/ho-tro").get_data(as_text=True)
    assert 'href="tel:19009068"' in html and "Gọi 1900 9068" in html and "24/7" in html
    assert "Cước gọi theo quy định của nhà mạng" in html
    assert 'href="mailto:hotro@vss.gov.vn"' in html
    assert "BH THE" in html and "8079" in html
    for href in ("/ho-tro/cau-hoi-thuong-gap", "/ho-tro/tro-ly-ao", "/ho-tro/phan-anh"):
        assert f'href="{href}"' in html
