"""Feedback and petitions through Flask's test client: filing with attachments (checked by
content, their bytes stored in the database with the request), bad files refused with nothing
stored, owner-only access, the agents' queue, answer, notice, SMS, rating.

Source: the support issue (Feedback and petitions section).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.staff import staff_client
from tests.support.support import HTML, JPEG, PDF, petitions_of, png_bytes, upload
from tests.support.web import csrf_token, logged_in_client
from vssid.outbound.models import OutboundMessage
from vssid.support.models import Petition, PetitionAttachment, PetitionAttachmentContent, PetitionMessage
from vssid.support.petitions import add_working_days

CONTENT = "Tôi đi khám ngày 12/11 tại trạm y tế nhưng bị thu tiền dù thẻ còn hạn. Đề nghị BHXH kiểm tra."


@pytest.fixture
def app_config():
    return {"VSSID_PETITION_DAYS": 5}


def stored_files(session) -> int:
    """How many attachments' bytes the database holds."""
    return session.scalar(select(func.count()).select_from(PetitionAttachmentContent))


@pytest.fixture
def citizen(app, session):
    account = make_account(session, make_person(session, full_name="Phạm Văn Bình", phone="0912000111"))
    session.commit()
    return account, logged_in_client(app, session, account, PASSWORD)


@pytest.fixture
def agent(app, session):
    """A support agent logged in to the staff console."""
    client, member = staff_client(app, session, "support_agent")
    return member, client


def file_petition(client, *, topic="kham_chua_benh", content=CONTENT, files=()):
    token = csrf_token(client, "/ho-tro/phan-anh/moi")
    data = {"topic": topic, "content": content, "csrf_token": token}
    if files:
        data["attachments"] = list(files)
    return client.post("/ho-tro/phan-anh/moi", data=data, content_type="multipart/form-data")


def test_a_citizen_files_a_request_with_attachments(session, citizen):
    account, client = citizen
    response = file_petition(client, files=[upload("hoa-don.png", png_bytes(), "image/png"),
                                            upload("giay ra vien.pdf", PDF, "application/pdf")])
    assert response.status_code == 303
    [petition] = petitions_of(session, account.person_id)
    assert response.headers["Location"] == f"/ho-tro/phan-anh/{petition.id}"
    assert (petition.status, petition.topic, petition.content) == ("received", "kham_chua_benh", CONTENT)
    assert petition.due_on == add_working_days(dt.date.today(), 5) or petition.due_on > dt.date.today()
    assert {(a.file_name, a.content_type, a.size) for a in petition.attachments} == {
        ("hoa-don.png", "image/png", len(png_bytes())), ("giay ra vien.pdf", "application/pdf", len(PDF))}
    stored = dict(session.execute(select(PetitionAttachmentContent.attachment_id, PetitionAttachmentContent.data)).all())
    assert stored == {a.id: png_bytes() if a.content_type == "image/png" else PDF for a in petition.attachments}
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã gửi phản ánh PA" in html and "Đã tiếp nhận" in html and "hoa-don.png" in html
    assert f"Hạn trả lời</dt><dd>{petition.due_on:%d/%m/%Y}" in html


@pytest.mark.parametrize("files, message", [
    ([upload("anh.jpg", HTML, "image/jpeg")], "Tệp “anh.jpg” không phải ảnh JPEG, PNG hoặc tệp PDF."),
    ([upload("to.jpg", JPEG + b"\0" * (5 * 1024 * 1024), "image/jpeg")], "Tệp “to.jpg” lớn hơn 5 MB."),
    ([upload(f"a{n}.png", png_bytes(), "image/png") for n in range(6)],
     "Chỉ được đính kèm tối đa 5 tệp (bạn đã chọn 6 tệp)."),
    ([upload("ok.png", png_bytes(), "image/png"), upload("virus.pdf", b"MZ\x90\x00", "application/pdf")],
     "Tệp “virus.pdf” không phải ảnh JPEG, PNG hoặc tệp PDF."),
])
def test_bad_attachments_are_refused_clearly_and_nothing_is_stored(session, citizen, files, message):
    account, client = citizen
    response = file_petition(client, files=files)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert CONTENT in html and 'value="kham_chua_benh" selected' in html  # the input is kept
    assert 'aria-invalid="true"' in html and 'aria-describedby="f-attachments-hint f-attachments-error"' in html
    assert petitions_of(session, account.person_id) == []
    assert session.scalar(select(func.count()).select_from(PetitionAttachment)) == 0
    assert stored_files(session) == 0


def test_a_body_larger_than_five_full_files_is_refused_with_a_message(session, citizen):
    account, client = citizen
    files = [upload(f"a{n}.jpg", JPEG + b"\0" * (5 * 1024 * 1024 - 200), "image/jpeg") for n in range(6)]
    response = file_petition(client, files=files)
    assert response.status_code == 422
    assert "Tổng dung lượng tệp quá lớn" in response.get_data(as_text=True)
    assert petitions_of(session, account.person_id) == [] and stored_files(session) == 0


def test_topic_and_content_are_required(session, citizen):
    account, client = citizen
    response = file_petition(client, topic="", content="ngắn")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng chọn chủ đề." in html and "Vui lòng mô tả nội dung (ít nhất 20 ký tự)." in html
    assert ">ngắn</textarea>" in html
    assert file_petition(client, topic="hack", content=CONTENT).status_code == 422
    assert petitions_of(session, account.person_id) == []


def test_citizens_see_only_their_own_requests(app, session, citizen):
    account, client = citizen
    file_petition(client, files=[upload("x.png", png_bytes(), "image/png")])
    [petition] = petitions_of(session, account.person_id)
    attachment = petition.attachments[0]
    other = make_account(session)
    session.commit()
    stranger = logged_in_client(app, session, other, PASSWORD)
    assert stranger.get(f"/ho-tro/phan-anh/{petition.id}").status_code == 404
    assert stranger.get(f"/ho-tro/phan-anh/{petition.id}/tep/{attachment.id}").status_code == 404
    token = csrf_token(stranger, "/ho-tro/phan-anh")
    assert stranger.post(f"/ho-tro/phan-anh/{petition.id}/tra-loi", data={"body": "xin chao ban", "csrf_token": token}).status_code == 404
    assert "PA" not in stranger.get("/ho-tro/phan-anh").get_data(as_text=True).split("Phản ánh, kiến nghị</h1>")[1].split("<footer")[0]
    assert app.test_client().get(f"/ho-tro/phan-anh/{petition.id}").status_code in (302, 303)


def test_attachments_are_served_to_the_owner_as_downloads(session, citizen):
    account, client = citizen
    file_petition(client, files=[upload("Ảnh hóa đơn.png", png_bytes(), "image/png")])
    [petition] = petitions_of(session, account.person_id)
    response = client.get(f"/ho-tro/phan-anh/{petition.id}/tep/{petition.attachments[0].id}")
    assert response.status_code == 200 and response.data == png_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E1%BA%A2nh%20h%C3%B3a%20%C4%91%C6%A1n.png" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/ho-tro/phan-anh/{petition.id}/tep/999999").status_code == 404


def test_support_staff_may_download_a_citizens_attachment(session, citizen, agent):
    account, client = citizen
    _, desk = agent
    file_petition(client, files=[upload("giay.pdf", PDF, "application/pdf")])
    [petition] = petitions_of(session, account.person_id)
    url = f"/can-bo/phan-anh/{petition.id}/tep/{petition.attachments[0].id}"
    assert url in desk.get(f"/can-bo/phan-anh/{petition.id}").get_data(as_text=True)
    response = desk.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert desk.get(f"/can-bo/phan-anh/{petition.id}/tep/999999").status_code == 404
    # The agent's route is the staff console's: a citizen (even the owner) is sent to its login.
    assert client.get(url).status_code in (302, 303)


def test_the_agent_answers_and_the_citizen_reads_the_answer(app, session, citizen, agent):
    account, client = citizen
    staff, desk = agent
    file_petition(client)
    [petition] = petitions_of(session, account.person_id)

    queue = desk.get("/can-bo/phan-anh").get_data(as_text=True)
    assert f"PA{petition.id:06d}" in queue and "Chưa phân công" in queue
    assert CONTENT in desk.get(f"/can-bo/phan-anh/{petition.id}").get_data(as_text=True)

    token = csrf_token(desk, f"/can-bo/phan-anh/{petition.id}")
    answer = "Trạm y tế đã hoàn lại 150.000 đ cho ông. Cảm ơn ông đã phản ánh."
    response = desk.post(f"/can-bo/phan-anh/{petition.id}/tra-loi", data={"body": answer, "csrf_token": token})
    assert response.status_code == 303
    session.expire_all()
    petition = session.get(Petition, petition.id)
    assert (petition.status, petition.unread_update, petition.assignee_id) == ("answered", True, staff.id)
    sms = session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == "0912000111")).all()
    assert len(sms) == 1 and f"PA{petition.id:06d}" in sms[0].body and "150.000" not in sms[0].body

    listing = client.get("/ho-tro/phan-anh").get_data(as_text=True)
    assert "Bạn có 1 yêu cầu có trả lời mới." in listing and ">Mới<" in listing
    assert "1 trả lời mới" in client.get("/ho-tro").get_data(as_text=True)
    thread = client.get(f"/ho-tro/phan-anh/{petition.id}").get_data(as_text=True)
    shown = answer.replace("150.000 đ", "150.000\u00a0đ")  # an amount never wraps before its "đ"
    assert shown in thread and "Đã trả lời" in thread and "BHXH Việt Nam – cán bộ hỗ trợ" in thread
    assert "Lê Thị Hỗ Trợ" not in thread  # the agent's name stays with staff
    assert "trả lời mới" not in client.get("/ho-tro/phan-anh").get_data(as_text=True)


def test_rating_comes_after_the_answer_and_is_one_to_five(session, citizen, agent):
    account, client = citizen
    _, desk = agent
    file_petition(client)
    [petition] = petitions_of(session, account.person_id)
    url = f"/ho-tro/phan-anh/{petition.id}"
    assert 'name="rating"' not in client.get(url).get_data(as_text=True)
    token = csrf_token(client, url)
    assert client.post(url + "/danh-gia", data={"rating": "5", "csrf_token": token}).status_code == 409
    desk.post(f"/can-bo/phan-anh/{petition.id}/tra-loi",
              data={"body": "Đã kiểm tra và xử lý xong.", "csrf_token": csrf_token(desk, "/can-bo/phan-anh")})
    for bad in ("0", "6", "năm", ""):
        response = client.post(url + "/danh-gia", data={"rating": bad, "csrf_token": token})
        assert response.status_code == 422 and "từ 1 đến 5 sao" in response.get_data(as_text=True)
    assert client.post(url + "/danh-gia", data={"rating": "4", "csrf_token": token}).status_code == 303
    session.expire_all()
    assert session.get(Petition, petition.id).rating == 4


def test_follow_up_reopens_an_answered_request_and_a_closed_one_takes_none(session, citizen, agent):
    account, client = citizen
    _, desk = agent
    file_petition(client)
    [petition] = petitions_of(session, account.person_id)
    desk_token = csrf_token(desk, "/can-bo/phan-anh")
    desk.post(f"/can-bo/phan-anh/{petition.id}/tra-loi", data={"body": "Đã chuyển cơ sở xử lý.", "csrf_token": desk_token})
    token = csrf_token(client, f"/ho-tro/phan-anh/{petition.id}")
    client.post(f"/ho-tro/phan-anh/{petition.id}/tra-loi", data={"body": "Tôi chưa nhận lại tiền.", "csrf_token": token})
    session.expire_all()
    assert session.get(Petition, petition.id).status == "processing"
    desk.post(f"/can-bo/phan-anh/{petition.id}/dong", data={"csrf_token": desk_token})
    response = client.post(f"/ho-tro/phan-anh/{petition.id}/tra-loi", data={"body": "Thêm nữa", "csrf_token": token})
    assert response.status_code == 409
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(PetitionMessage)) == 2
    html = client.get(f"/ho-tro/phan-anh/{petition.id}").get_data(as_text=True)
    assert "Đã đóng" in html and 'name="body"' not in html


def test_the_form_still_needs_its_csrf_token(session, citizen):
    account, client = citizen
    response = client.post("/ho-tro/phan-anh/moi", data={"topic": "khac", "content": CONTENT,
                                                         "attachments": [upload("x.png", png_bytes(), "image/png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "Phiên làm việc của biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert petitions_of(session, account.person_id) == [] and stored_files(session) == 0
