"""The virtual assistant through Flask's test client: answers with source and related
questions, hands over when it does not know, answers "my card" from the card service for the
logged-in holder only, keeps turns without personal data, works with and without htmx.

Source: the support issue (Chatbot section).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account, make_card, make_facility, make_person
from tests.support.lookups import make_facility as make_directory_facility
from tests.support.support import seed_faq
from tests.support.web import csrf_token, logged_in_client
from vssid.support import services
from vssid.support.models import ChatTurn

HTMX = {"HX-Request": "true", "HX-Target": "chat-log", "HX-Current-URL": "http://localhost/ho-tro/tro-ly-ao"}


@pytest.fixture(autouse=True)
def seeded(session):
    seed_faq(session)


def ask(client, question: str, **kwargs):
    token = csrf_token(client, "/ho-tro/tro-ly-ao")
    return client.post("/ho-tro/tro-ly-ao", data={"question": question, "csrf_token": token}, **kwargs)


def page(client) -> str:
    return client.get("/ho-tro/tro-ly-ao").get_data(as_text=True)


def turns(session) -> list[ChatTurn]:
    session.expire_all()
    return list(session.scalars(select(ChatTurn).order_by(ChatTurn.id)))


def test_a_known_question_without_diacritics_gets_the_answer_its_source_and_related_questions(client, session):
    response = ask(client, "doi noi kham ban dau")
    assert response.status_code == 303 and response.headers["Location"].endswith("/ho-tro/tro-ly-ao#chat-end")
    html = page(client)
    assert "Khi nào được thay đổi nơi đăng ký khám chữa bệnh ban đầu?" in html
    assert "15 ngày đầu của mỗi quý" in html and "Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15" in html
    related = re.search(r'class="chat-related">(.*?)</div>', html, re.S).group(1)
    assert 2 <= related.count("<li>") <= 3 and "doi-noi-kcb-ban-dau" not in related
    [turn] = turns(session)
    assert (turn.intent, turn.faq.slug, turn.account_hash) == ("faq", "doi-noi-kcb-ban-dau", None)
    assert turn.confidence >= 50


def test_an_unknown_question_is_handed_over_with_the_hotline_and_a_request_button(client, session):
    ask(client, "thời tiết Hà Nội hôm nay thế nào")
    html = page(client)
    assert "Xin lỗi, tôi chưa có câu trả lời chắc chắn" in html
    assert 'href="tel:19009068"' in html and 'href="/ho-tro/phan-anh/moi?tu_tro_ly=1"' in html
    [turn] = turns(session)
    assert turn.intent == "unknown" and turn.faq_id is None


def test_the_hand_over_starts_the_request_from_the_question(app, session, client):
    account = make_account(session)
    session.commit()
    citizen = logged_in_client(app, session, account, PASSWORD)
    ask(citizen, "con toi bi tu choi cap giay chung sinh o benh vien")
    html = citizen.get("/ho-tro/phan-anh/moi?tu_tro_ly=1").get_data(as_text=True)
    assert "con toi bi tu choi cap giay chung sinh o benh vien</textarea>" in html
    assert "</textarea>" in citizen.get("/ho-tro/phan-anh/moi").get_data(as_text=True).split("con toi")[0]


def test_htmx_appends_only_the_new_turn(client):
    token = csrf_token(client, "/ho-tro/tro-ly-ao")
    response = client.post("/ho-tro/tro-ly-ao", data={"question": "quen mk"}, headers={**HTMX, "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="chat-form"' not in html
    assert html.strip().startswith('<article class="chat-turn" data-new-turn>')
    assert "Tôi quên mật khẩu VssID thì lấy lại thế nào?" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_an_empty_or_too_long_question_is_refused_in_place(client, session):
    response = ask(client, "   ")
    assert response.status_code == 422 and "Vui lòng nhập câu hỏi." in response.get_data(as_text=True)
    long = "a" * 501
    response = ask(client, long)
    assert response.status_code == 422 and "tối đa 500 ký tự" in response.get_data(as_text=True)
    assert f'value="{long}"' in response.get_data(as_text=True)
    token = csrf_token(client, "/ho-tro/tro-ly-ao")
    htmx = client.post("/ho-tro/tro-ly-ao", data={"question": ""}, headers={**HTMX, "X-CSRFToken": token})
    assert htmx.headers["HX-Retarget"] == "#chat-form" and "Vui lòng nhập câu hỏi." in htmx.get_data(as_text=True)
    assert turns(session) == []


def test_the_conversation_is_kept_per_browser_and_can_be_restarted(app, client):
    ask(client, "quen mat khau")
    ask(client, "the het han")
    html = page(client)
    assert html.index("Tôi quên mật khẩu VssID") < html.index("Thẻ BHYT hết hạn thì phải làm gì?")
    other = app.test_client()
    assert "Tôi quên mật khẩu VssID" not in page(other)
    client.post("/ho-tro/tro-ly-ao/moi", data={"csrf_token": csrf_token(client, "/ho-tro/tro-ly-ao")})
    assert "Tôi quên mật khẩu VssID" not in page(client)


def test_kept_questions_hold_no_identifiers(client, session):
    ask(client, "BH THE 7912345678 gui 8079 duoc khong")
    [turn] = turns(session)
    assert "7912345678" not in turn.question and "[số]" in turn.question


@pytest.fixture
def holder(session):
    person = make_person(session, full_name="Lê Thị Hoa")
    facility = make_facility(session, name="Bệnh viện Quận Gò Vấp", code="79777")
    today = dt.date.today()
    make_card(session, person, facility=facility, valid_from=today - dt.timedelta(days=100),
              valid_to=today + dt.timedelta(days=200), benefit_level=4)
    account = make_account(session, person)
    session.commit()
    return account, today + dt.timedelta(days=200)


def test_my_card_is_answered_from_the_holders_own_card(app, session, holder):
    account, valid_to = holder
    citizen = logged_in_client(app, session, account, PASSWORD)
    ask(citizen, "thẻ của tôi còn hạn không?")
    ask(citizen, "noi kham ban dau cua toi o dau")
    ask(citizen, "muc huong cua toi la bao nhieu")
    response = citizen.get("/ho-tro/tro-ly-ao")
    html = response.get_data(as_text=True)
    assert f"Thẻ BHYT của bạn còn hạn</strong> đến hết ngày {valid_to:%d/%m/%Y}." in html
    assert "Bệnh viện Quận Gò Vấp</strong> (mã 79777)" in html
    assert "Mức hưởng trên thẻ của bạn: <strong>4</strong> – Được thanh toán 80%" in html
    assert response.headers["Cache-Control"] == "no-store" and 'hx-history="false"' in html
    kept = turns(session)
    assert [t.intent for t in kept] == ["my_card"] * 3
    assert all(t.account_hash and str(account.id) != t.account_hash and len(t.account_hash) == 32 for t in kept)
    assert len({t.account_hash for t in kept}) == 1


def test_an_expired_card_is_said_to_be_expired(app, session):
    person = make_person(session)
    make_card(session, person, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31))
    account = make_account(session, person)
    session.commit()
    citizen = logged_in_client(app, session, account, PASSWORD)
    ask(citizen, "the bhyt cua toi het han chua")
    html = page(citizen)
    assert "Thẻ BHYT của bạn đã hết hạn</strong> từ sau ngày 31/12/2024." in html


def test_my_card_without_logging_in_gets_the_general_answer_and_a_login_link(client):
    ask(client, "thẻ của tôi còn hạn không?")
    html = page(client)
    assert "Làm sao biết thẻ BHYT của tôi còn hạn hay không?" in html
    assert "/dang-nhap?next=/ho-tro/tro-ly-ao" in html and "để trợ lý trả lời theo thẻ BHYT của chính bạn" in html


def test_a_personal_answer_is_shown_only_to_the_account_that_asked(app, session, holder):
    account, valid_to = holder
    citizen = logged_in_client(app, session, account, PASSWORD)
    ask(citizen, "thẻ của tôi còn hạn không?")
    conversation = turns(session)[0].conversation
    other = make_account(session)
    session.commit()
    # The same browser's conversation read for someone else: the card is not there.
    replies = services.conversation(session, conversation=conversation, person_id=other.person_id,
                                    owner_hash=services.account_hash(secret="test-secret", account_id=other.id),
                                    today=dt.date.today())
    assert replies[0].card is None and replies[0].card_hidden
    mine = services.conversation(session, conversation=conversation, person_id=account.person_id,
                                 owner_hash=services.account_hash(secret="test-secret", account_id=account.id),
                                 today=dt.date.today())
    assert mine[0].card.card.valid_to == valid_to and not mine[0].card_hidden
    # Logging out forgets the conversation in this browser altogether.
    citizen.post("/dang-xuat", data={"csrf_token": csrf_token(citizen, "/ho-tro/tro-ly-ao")})
    html = page(citizen)
    assert f"{valid_to:%d/%m/%Y}" not in html and "thẻ của tôi còn hạn không?</p>" not in html


def test_a_place_is_answered_from_the_directory(client, session):
    make_directory_facility(session, name="Bệnh viện Chợ Rẫy", code="79001", address="201B Nguyễn Chí Thanh",
                            phone="028 3855 4137")
    session.commit()
    ask(client, "benh vien cho ray o dau")
    html = page(client)
    assert "Tôi tìm thấy trong danh bạ:" in html and "201B Nguyễn Chí Thanh" in html
    assert 'href="tel:02838554137"' in html and "/tra-cuu/co-so-kcb?q=benh+vien+cho+ray" in html
    assert turns(session)[0].directory == "facilities"
