"""Support screens of the staff console: who gets in (staff login and role), the queue's filters
and due dates, assigning and closing (audited), and the FAQ editor feeding the FAQ page and the
assistant.

Source: the support issue (agents' queue; editors manage the FAQ).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account
from tests.support.staff import make_staff, staff_client
from tests.support.support import faq, seed_faq
from tests.support.web import csrf_token, logged_in_client
from vssid.accounts.models import AuditEvent
from vssid.core.db import utcnow
from vssid.outbound.models import OutboundMessage
from vssid.support.models import Petition


@pytest.fixture
def desk(app, session):
    """A support agent at the console."""
    seed_faq(session)
    client, member = staff_client(app, session, "support_agent")
    return member, client


@pytest.fixture
def editor_desk(app, session):
    seed_faq(session)
    client, member = staff_client(app, session, "editor")
    return member, client


def make_petition(session, *, days_ago: int = 0, status: str = "received", topic: str = "the_bhyt", due_on=None):
    account = make_account(session)
    now = utcnow() - dt.timedelta(days=days_ago)
    petition = Petition(person_id=account.person_id, account_id=account.id, topic=topic, status=status,
                        content="Thẻ BHYT của tôi bị sai ngày sinh, đề nghị sửa.", created_at=now, updated_at=now,
                        due_on=due_on or dt.date.today() + dt.timedelta(days=3))
    session.add(petition)
    session.flush()
    return petition


AGENT_URLS = ["/can-bo/phan-anh"]
EDITOR_URLS = ["/can-bo/cau-hoi", "/can-bo/cau-hoi/moi"]


def test_visitors_and_citizens_go_to_the_staff_login(app, session, client):
    citizen = make_account(session)
    session.commit()
    logged_in = logged_in_client(app, session, citizen, PASSWORD)
    for url in AGENT_URLS + EDITOR_URLS:
        for who in (client, logged_in):
            response = who.get(url)
            assert response.status_code in (302, 303) and response.headers["Location"].startswith("/can-bo/dang-nhap")


def test_each_screen_is_for_its_role_only(app, session, desk, editor_desk):
    (_, agent), (_, editor) = desk, editor_desk
    officer, officer_member = staff_client(app, session, "officer")
    assert all(agent.get(url).status_code == 200 for url in AGENT_URLS)
    assert all(editor.get(url).status_code == 200 for url in EDITOR_URLS)
    assert all(agent.get(url).status_code == 403 for url in EDITOR_URLS)
    assert all(editor.get(url).status_code == 403 for url in AGENT_URLS)
    assert all(officer.get(url).status_code == 403 for url in AGENT_URLS + EDITOR_URLS)
    denied = session.scalars(select(AuditEvent).where(AuditEvent.event == "staff_access_denied")).all()
    assert any(f'"staff_id": {officer_member.id}' in event.detail for event in denied)


def test_the_queue_is_ordered_by_due_date_flags_overdue_and_filters(session, desk):
    staff, client = desk
    late = make_petition(session, days_ago=10, due_on=dt.date.today() - dt.timedelta(days=2))
    soon = make_petition(session, topic="tai_khoan")
    done = make_petition(session, status="answered")
    mine = make_petition(session, status="processing")
    mine.assignee_id = staff.id
    session.commit()
    html = client.get("/can-bo/phan-anh").get_data(as_text=True)
    codes = [f"PA{p.id:06d}" for p in (late, soon, mine, done)]
    assert codes[0] in html and codes[1] in html and codes[3] not in html  # open ones only by default
    assert html.index(codes[0]) < html.index(codes[1])
    assert html.count("Quá hạn</span>") == 1 and 'class="row-overdue"' in html
    overdue = client.get("/can-bo/phan-anh?qua_han=1").get_data(as_text=True)
    assert codes[0] in overdue and codes[1] not in overdue
    topic = client.get("/can-bo/phan-anh?chu_de=tai_khoan").get_data(as_text=True)
    assert codes[1] in topic and codes[0] not in topic
    own = client.get("/can-bo/phan-anh?phu_trach=me").get_data(as_text=True)
    assert codes[2] in own and codes[0] not in own
    answered = client.get("/can-bo/phan-anh?trang_thai=answered").get_data(as_text=True)
    assert codes[3] in answered and codes[0] not in answered
    assert "1 yêu cầu" in client.get("/can-bo/phan-anh?trang_thai=bogus&chu_de=the_bhyt&qua_han=1").get_data(as_text=True)


def test_assigning_to_a_staff_member_and_closing(session, desk):
    staff, client = desk
    colleague, _ = make_staff(session, role="support_agent")
    colleague.full_name = "Đỗ Minh Quân"
    editor, _ = make_staff(session, role="editor")
    petition = make_petition(session)
    session.commit()
    url = f"/can-bo/phan-anh/{petition.id}"
    token = csrf_token(client, url)
    assert "Đỗ Minh Quân" in client.get(url).get_data(as_text=True)
    for wrong in (editor.id, 999999, "x"):  # not a support agent, nobody, nonsense
        refused = client.post(url + "/phan-cong", data={"assignee": str(wrong), "csrf_token": token})
        assert refused.status_code == 422 and "Vui lòng chọn cán bộ phụ trách." in refused.get_data(as_text=True)
    assert client.post(url + "/phan-cong", data={"assignee": str(colleague.id), "csrf_token": token}).status_code == 303
    session.expire_all()
    petition = session.get(Petition, petition.id)
    assert (petition.assignee_id, petition.status) == (colleague.id, "processing")
    assert "Đỗ Minh Quân" in client.get(url).get_data(as_text=True)
    assigned = session.scalars(select(AuditEvent).where(AuditEvent.event == "petition_assigned")).one()
    assert assigned.account_id == petition.account_id and f'"staff_id": {staff.id}' in assigned.detail
    assert client.post(url + "/dong", data={"csrf_token": token}).status_code == 303
    session.expire_all()
    petition = session.get(Petition, petition.id)
    assert petition.status == "closed" and petition.unread_update and petition.closed_at is not None
    # Closed without an answer: the citizen hears of it by SMS too.
    phone = petition.account.phone
    assert session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == phone)).first() is not None
    assert client.post(url + "/dong", data={"csrf_token": token}).status_code == 409
    assert session.scalars(select(AuditEvent).where(AuditEvent.event == "petition_closed")).one() is not None


def test_an_empty_answer_is_refused_in_place(session, desk):
    _, client = desk
    petition = make_petition(session)
    session.commit()
    url = f"/can-bo/phan-anh/{petition.id}"
    response = client.post(url + "/tra-loi", data={"body": "  ", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422 and "Vui lòng nhập câu trả lời" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Petition, petition.id).status == "received"


def test_an_editor_adds_an_entry_that_search_and_the_assistant_then_find(app, session, editor_desk):
    _, client = editor_desk
    url = "/can-bo/cau-hoi/moi"
    category = faq(session, "the-het-han").category_id
    data = {"category_id": str(category), "question": "Thẻ BHYT có dùng được khi đi khám ở nước ngoài không?",
            "answer": "Không. Thẻ BHYT chỉ dùng tại cơ sở khám chữa bệnh trong nước có hợp đồng KCB BHYT.",
            "source": "Luật Bảo hiểm y tế", "keywords": "nuoc ngoai, di du lich", "published": "1",
            "csrf_token": csrf_token(client, url)}
    assert client.post(url, data=data).status_code == 303
    html = client.get("/ho-tro/cau-hoi-thuong-gap?q=nuoc+ngoai").get_data(as_text=True)
    assert "Thẻ BHYT có dùng được khi đi khám ở nước ngoài không?" in html
    visitor = app.test_client()
    visitor.post("/ho-tro/tro-ly-ao", data={"question": "di kham o nuoc ngoai co dung the bhyt duoc khong",
                                             "csrf_token": csrf_token(visitor, "/ho-tro/tro-ly-ao")})
    assert "Không. Thẻ BHYT chỉ dùng tại cơ sở" in visitor.get("/ho-tro/tro-ly-ao").get_data(as_text=True)


def test_an_editor_must_name_the_legal_source_and_the_input_is_kept(session, editor_desk):
    _, client = editor_desk
    url = "/can-bo/cau-hoi/moi"
    response = client.post(url, data={"category_id": "", "question": "Ngắn", "answer": "Trả lời đủ dài để qua kiểm tra.",
                                      "source": "", "csrf_token": csrf_token(client, url)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng ghi căn cứ pháp lý" in html and "Vui lòng chọn nhóm câu hỏi." in html and "ít nhất 10 ký tự" in html
    assert "Trả lời đủ dài để qua kiểm tra.</textarea>" in html


def test_editing_refreshes_search_and_unpublishing_hides_from_page_and_assistant(app, session, editor_desk):
    _, client = editor_desk
    entry = faq(session, "tin-nhan-8079")
    edit = f"/can-bo/cau-hoi/{entry.id}/sua"
    token = csrf_token(client, edit)
    assert "BH THE &lt;mã số BHXH&gt;" in client.get(edit).get_data(as_text=True)
    data = {"category_id": str(entry.category_id), "question": entry.question, "source": entry.source,
            "answer": entry.answer + "\n\nDịch vụ hoạt động cả ngày lẫn đêm.", "keywords": entry.keywords,
            "published": "1", "csrf_token": token}
    assert client.post(edit, data=data).status_code == 303
    assert "Tra cứu thẻ BHYT bằng tin nhắn SMS" in client.get("/ho-tro/cau-hoi-thuong-gap?q=ca+ngay+lan+dem").get_data(as_text=True)
    assert client.post(f"/can-bo/cau-hoi/{entry.id}/an", data={"csrf_token": token}).status_code == 303
    assert client.get("/ho-tro/cau-hoi-thuong-gap/tin-nhan-8079").status_code == 404
    visitor = app.test_client()
    visitor.post("/ho-tro/tro-ly-ao", data={"question": "nhan tin 8079 tra cuu the",
                                             "csrf_token": csrf_token(visitor, "/ho-tro/tro-ly-ao")})
    assert "Tra cứu thẻ BHYT bằng tin nhắn SMS như thế nào?" not in visitor.get("/ho-tro/tro-ly-ao").get_data(as_text=True)
    listing = client.get("/can-bo/cau-hoi").get_data(as_text=True)
    assert "Đã ẩn" in listing and "Đăng lại" in listing


def test_the_editor_sees_the_questions_the_assistant_could_not_answer(app, session, editor_desk):
    _, client = editor_desk
    visitor = app.test_client()
    visitor.post("/ho-tro/tro-ly-ao", data={"question": "co duoc mang cho meo vao benh vien khong",
                                             "csrf_token": csrf_token(visitor, "/ho-tro/tro-ly-ao")})
    visitor.post("/ho-tro/tro-ly-ao", data={"question": "quen mat khau",
                                             "csrf_token": csrf_token(visitor, "/ho-tro/tro-ly-ao")})
    listing = client.get("/can-bo/cau-hoi").get_data(as_text=True)
    assert "1 câu hỏi gần đây trợ lý ảo chưa trả lời được" in listing
    assert "co duoc mang cho meo vao benh vien khong" in listing and "quen mat khau" not in listing
