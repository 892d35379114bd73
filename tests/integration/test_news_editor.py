"""Editors write, preview, publish, schedule and take down news in the staff console
(/can-bo/tin-tuc). Access is the console's login with the "editor" role; everything an
editor writes goes through the same sanitiser as imported news, and is audited."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account
from tests.support.news import make_item
from tests.support.staff import staff_client
from tests.support.web import csrf_token, logged_in_client
from vssid.accounts.models import AuditEvent
from vssid.core.dates import VN_TZ
from vssid.core.db import utcnow
from vssid.news.models import NewsItem

@pytest.fixture
def editor_and_member(app, session):
    return staff_client(app, session, "editor")


@pytest.fixture
def editor(editor_and_member):
    return editor_and_member[0]


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/can-bo/tin-tuc/moi")})


ARTICLE = {"kind": "article", "title": "Thông báo lịch tiếp công dân tháng 12",
           "summary": "Lịch tiếp công dân của BHXH tỉnh.", "body": "<p>Thứ Năm hằng tuần, <b>8h–11h</b>.</p>",
           "thumbnail_url": "", "video_url": "", "source_url": "https://baohiemxahoi.gov.vn/tiep-cong-dan",
           "publish_at": ""}


def items(session):
    session.expire_all()
    return session.scalars(select(NewsItem).order_by(NewsItem.id)).all()


def test_visitors_and_citizens_go_to_the_staff_login_and_other_roles_are_refused(app, client, session):
    response = client.get("/can-bo/tin-tuc")
    assert response.status_code in (302, 303) and response.headers["Location"].startswith("/can-bo/dang-nhap")
    account = make_account(session)
    session.commit()
    citizen = logged_in_client(app, session, account, PASSWORD)
    agent, _ = staff_client(app, session, "support_agent")
    for method, path in (("get", "/can-bo/tin-tuc"), ("get", "/can-bo/tin-tuc/moi"), ("post", "/can-bo/tin-tuc/moi")):
        data = {**ARTICLE, "action": "publish", "csrf_token": csrf_token(citizen, "/tin-tuc")} if method == "post" else None
        response = getattr(citizen, method)(path, data=data)
        assert response.status_code in (302, 303) and "/can-bo/dang-nhap" in response.headers["Location"], path
        if method == "post":
            data["csrf_token"] = csrf_token(agent, "/can-bo/")
        assert getattr(agent, method)(path, data=data).status_code == 403, path
    assert items(session) == []


def test_write_preview_then_publish(editor_and_member, client, session):
    editor, member = editor_and_member
    page = editor.get("/can-bo/tin-tuc/moi")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in page.get_data(as_text=True)

    preview = post(editor, "/can-bo/tin-tuc/moi", {**ARTICLE, "action": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Bản xem trước – chưa lưu" in html
    assert "Thứ Năm hằng tuần, <b>8h–11h</b>." in html
    assert 'value="Thông báo lịch tiếp công dân tháng 12"' in html  # the form keeps what was typed
    assert items(session) == []  # a preview saves nothing

    saved = post(editor, "/can-bo/tin-tuc/moi", {**ARTICLE, "action": "publish"})
    assert saved.status_code == 303
    (item,) = items(session)
    assert saved.headers["Location"] == f"/can-bo/tin-tuc/{item.id}"
    assert item.status == "published" and item.origin == "editor" and item.updated_by == member.full_name
    assert abs((item.publish_at - utcnow()).total_seconds()) < 60
    assert "Thông báo lịch tiếp công dân tháng 12" in client.get("/tin-tuc").get_data(as_text=True)
    events = session.scalars(select(AuditEvent).where(AuditEvent.subject == f"news_item:{item.id}")).all()
    assert [event.event for event in events] == ["news_published"]
    assert f'"staff_id": {member.id}' in events[0].detail


def test_a_draft_is_not_public_and_a_scheduled_article_waits_for_its_time(editor, client, session):
    post(editor, "/can-bo/tin-tuc/moi", {**ARTICLE, "action": "draft"})
    (draft,) = items(session)
    assert draft.status == "draft" and draft.publish_at is None
    assert client.get(f"/tin-tuc/{draft.id}/{draft.slug}").status_code == 404

    later = (utcnow() + dt.timedelta(days=2)).astimezone(VN_TZ).replace(second=0, microsecond=0)
    response = post(editor, f"/can-bo/tin-tuc/{draft.id}",
                    {**ARTICLE, "version": draft.version, "publish_at": later.strftime("%Y-%m-%dT%H:%M"),
                     "action": "publish"})
    assert response.status_code == 303
    edit_page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Đã lên lịch đăng lúc {later.strftime('%H:%M %d/%m/%Y')}." in edit_page
    (item,) = items(session)
    assert item.state(utcnow()) == "scheduled" and item.publish_at == later.astimezone(dt.timezone.utc)
    assert client.get(f"/tin-tuc/{item.id}/{item.slug}").status_code == 404
    assert ARTICLE["title"] not in client.get("/tin-tuc").get_data(as_text=True)
    # The editor can still look at it as readers will.
    preview = editor.get(f"/can-bo/tin-tuc/{item.id}/xem-truoc")
    assert preview.status_code == 200 and "trạng thái: Đã lên lịch" in preview.get_data(as_text=True)
    assert preview.headers["Cache-Control"] == "no-store"

    # Its time comes.
    item.publish_at = utcnow() - dt.timedelta(minutes=1)
    session.commit()
    assert client.get(f"/tin-tuc/{item.id}/{item.slug}").status_code == 200


def test_unpublish_takes_it_down_at_once_and_it_can_come_back(editor, client, session):
    item = make_item(session, title="Tin sẽ gỡ")
    session.commit()
    path = f"/tin-tuc/{item.id}/{item.slug}"
    assert client.get(path).status_code == 200
    response = editor.post(f"/can-bo/tin-tuc/{item.id}/go-bai",
                           data={"csrf_token": csrf_token(editor, f"/can-bo/tin-tuc/{item.id}")})
    assert response.status_code == 303
    assert client.get(path).status_code == 404
    assert "Tin sẽ gỡ" not in client.get("/tin-tuc").get_data(as_text=True)
    (stored,) = items(session)
    assert stored.status == "withdrawn"
    # Again: nothing to take down.
    again = editor.post(f"/can-bo/tin-tuc/{item.id}/go-bai",
                        data={"csrf_token": csrf_token(editor, f"/can-bo/tin-tuc/{item.id}")}, follow_redirects=True)
    assert "Bài này chưa đăng nên không cần gỡ." in again.get_data(as_text=True)
    republish = post(editor, f"/can-bo/tin-tuc/{item.id}",
                     {**ARTICLE, "title": "Tin sẽ gỡ", "version": stored.version, "action": "publish"})
    assert republish.status_code == 303
    assert client.get(f"/tin-tuc/{item.id}/tin-se-go").status_code == 200


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": "Tin"}, "title", "Nhập tiêu đề (ít nhất 5 ký tự)."),
    ({"body": "<script>alert(1)</script>"}, "body", "Nhập nội dung bài viết."),
    ({"kind": "podcast"}, "kind", "Chọn loại: bài viết hoặc video."),
    ({"kind": "video", "video_url": ""}, "video_url", "Nhập đường dẫn video YouTube"),
    ({"kind": "video", "video_url": "https://vimeo.com/12345"}, "video_url", "phải là video YouTube hoặc tệp"),
    ({"thumbnail_url": "javascript:alert(1)"}, "thumbnail_url", "Ảnh đại diện phải là địa chỉ https://"),
    ({"thumbnail_url": "//evil.example/a.png"}, "thumbnail_url", "Ảnh đại diện phải là địa chỉ https://"),
    ({"source_url": "ftp://baohiemxahoi.gov.vn"}, "source_url", "Nguồn phải là địa chỉ http:// hoặc https://."),
    ({"publish_at": "31/12/2026 08:00"}, "publish_at", "Thời điểm đăng không hợp lệ"),
    ({"publish_at": "2026-02-30T08:00"}, "publish_at", "Thời điểm đăng không hợp lệ"),
])
def test_bad_input_is_refused_in_place_with_the_input_kept(editor, session, change, field, message):
    response = post(editor, "/can-bo/tin-tuc/moi", {**ARTICLE, **change, "action": "publish"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="f-{field}-error"' in html or field == "kind"
    assert "Thông báo lịch tiếp công dân" in html or field == "title"
    assert items(session) == []


def test_editor_html_goes_through_the_same_sanitiser(editor, client, session):
    body = ('<p style="color:red" onclick="steal()">Chào</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">x</a><a href="https://baohiemxahoi.gov.vn">Cổng</a><iframe src="https://e.x"></iframe>'
            '<img src="https://baohiemxahoi.gov.vn/a.jpg" onerror="alert(1)" alt="Ảnh">')
    post(editor, "/can-bo/tin-tuc/moi", {**ARTICLE, "body": body, "action": "publish"})
    (item,) = items(session)
    for bad in ("style=", "onclick", "<script", "javascript:", "<iframe", "onerror"):
        assert bad not in item.body_html
    assert '<a href="https://baohiemxahoi.gov.vn" rel="noopener noreferrer nofollow">Cổng</a>' in item.body_html
    assert 'src="https://baohiemxahoi.gov.vn/a.jpg"' in item.body_html


def test_a_stale_form_does_not_overwrite_another_editors_change(editor, session):
    item = make_item(session, title="Bản gốc của bài")
    session.commit()
    version = item.version
    first = post(editor, f"/can-bo/tin-tuc/{item.id}", {**ARTICLE, "title": "Sửa lần một", "version": version,
                                                           "action": "draft"})
    assert first.status_code == 303
    second = post(editor, f"/can-bo/tin-tuc/{item.id}", {**ARTICLE, "title": "Sửa lần hai", "version": version,
                                                            "action": "draft"})
    assert second.status_code == 422
    html = second.get_data(as_text=True)
    assert "Bài này vừa được người khác sửa." in html and 'value="Sửa lần hai"' in html
    (stored,) = items(session)
    assert stored.title == "Sửa lần một"


def test_editor_list_shows_every_state(editor, session):
    make_item(session, title="Bài đã đăng")
    make_item(session, title="Bài nháp", status="draft")
    make_item(session, title="Bài hẹn giờ", ago=-dt.timedelta(days=1))
    make_item(session, title="Bài đã gỡ", status="withdrawn")
    session.commit()
    html = editor.get("/can-bo/tin-tuc").get_data(as_text=True)
    states = dict(re.findall(r'class="result-title"[^>]*>([^<]+)</a>\s*<p class="result-pills"><span class="pill [\w-]+">([^<]+)<', html))
    assert states == {"Bài đã đăng": "Đã đăng", "Bài nháp": "Nháp", "Bài hẹn giờ": "Đã lên lịch", "Bài đã gỡ": "Đã gỡ"}
