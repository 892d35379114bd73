"""Hỗ trợ 24/7 in a phone-sized Chromium (390 × 844), used as people would: a visitor finds an
FAQ answer typing without diacritics; the assistant answers a known question and hands an
unknown one over; a citizen files a request with an attachment, an agent answers it, the
citizen reads the answer; too many or too large files are caught before sending.
Screenshots go to /tmp/support-*.png for a person to look at.

Source: the support issue ("Done means").
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.factories import PASSWORD, make_account, make_person
from tests.support.staff import browser_login, make_staff
from tests.support.support import png_bytes, seed_faq
from tests.support.web import field
from vssid.outbound.models import OutboundMessage
from vssid.support.models import Petition

SHOTS = "/tmp/support-{}.png"


@pytest.fixture(autouse=True)
def seeded(session):
    seed_faq(session)


def login(page: Page, base: str, ma_so: str, next_path: str = "") -> None:
    page.goto(base + "/dang-nhap" + (f"?next={next_path}" if next_path else ""))
    field(page, "Mã số BHXH").fill(ma_so)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_a_visitor_finds_an_faq_answer_typing_without_diacritics(page: Page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hỗ trợ").click()
    expect(page.get_by_role("heading", name="Hỗ trợ 24/7", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Gọi 1900 9068")).to_have_attribute("href", "tel:19009068")
    expect(page.get_by_role("link", name="hotro@vss.gov.vn")).to_have_attribute("href", "mailto:hotro@vss.gov.vn")
    page.screenshot(path=SHOTS.format("hub"), full_page=True)

    page.locator(".tiles").get_by_role("link", name="Câu hỏi thường gặp").click()
    box = page.get_by_role("searchbox", name="Tìm câu hỏi")
    box.press_sequentially("doi noi kham ban dau", delay=30)
    first = page.locator("#faq-results summary").first
    expect(first).to_have_text("Khi nào được thay đổi nơi đăng ký khám chữa bệnh ban đầu?")
    expect(page).to_have_url(re.compile(r"/ho-tro/cau-hoi-thuong-gap\?q=doi\+noi\+kham\+ban\+dau$"))
    first.click()
    answer = page.locator("#doi-noi-kcb-ban-dau .faq-answer")
    expect(answer).to_contain_text("15 ngày đầu của mỗi quý")
    expect(answer).to_contain_text("Căn cứ: Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15")
    page.screenshot(path=SHOTS.format("faq"), full_page=True)


def test_the_assistant_answers_a_known_question_and_hands_over_an_unknown_one(page: Page, live_server):
    page.goto(live_server + "/ho-tro/tro-ly-ao")
    question = page.get_by_label("Câu hỏi của bạn")
    question.fill("quen mk thi lam sao")
    page.get_by_role("button", name="Gửi", exact=True).click()
    log = page.get_by_role("log", name="Cuộc trò chuyện")
    expect(log.locator(".chat-a").last).to_contain_text("Tôi quên mật khẩu VssID thì lấy lại thế nào?")
    expect(log.locator(".chat-a").last).to_contain_text("Căn cứ:")
    expect(log.locator(".chat-related li")).not_to_have_count(0)
    expect(question).to_have_value("")  # emptied for the next question, the page not reloaded
    expect(question).to_be_focused()

    question.fill("cho toi hoi gia ve tau Thong Nhat")
    page.get_by_role("button", name="Gửi", exact=True).click()
    unknown = log.locator(".chat-a").last
    expect(unknown).to_contain_text("Xin lỗi, tôi chưa có câu trả lời chắc chắn")
    expect(unknown.get_by_role("link", name="1900 9068")).to_have_attribute("href", "tel:19009068")
    expect(log.locator(".chat-turn")).to_have_count(2)
    page.screenshot(path=SHOTS.format("chat"), full_page=True)

    unknown.get_by_role("link", name="Gửi yêu cầu hỗ trợ").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap\?next="))  # requests need an account


def test_my_card_answer_in_the_browser(page: Page, live_server, session):
    from tests.support.factories import make_card

    person = make_person(session)
    card = make_card(session, person)
    make_account(session, person)
    session.commit()
    login(page, live_server, person.ma_so, "/ho-tro/tro-ly-ao")
    page.get_by_role("button", name="Thẻ của tôi còn hạn không?").click()
    expect(page.locator(".chat-a").last).to_contain_text(f"{card.valid_to:%d/%m/%Y}")


def test_a_citizen_files_a_request_an_agent_answers_and_the_citizen_reads_it(page: Page, live_server, session, browser):
    citizen = make_account(session, make_person(session, full_name="Võ Thị Lan", phone="0909111222"))
    member, secret = make_staff(session, role="support_agent")
    session.commit()

    login(page, live_server, citizen.person.ma_so, "/ho-tro/phan-anh")
    expect(page.get_by_role("heading", name="Phản ánh, kiến nghị", level=1)).to_be_visible()
    page.get_by_role("link", name="Gửi phản ánh mới").click()
    page.get_by_label("Chủ đề").select_option(label="Khám chữa bệnh BHYT")
    page.get_by_label("Nội dung").fill("Ngày 10/11 tôi khám ở trạm y tế phường nhưng bị thu 120.000 đ dù thẻ còn hạn.")
    files = page.get_by_label("Tệp đính kèm (không bắt buộc)")
    page.wait_for_function("window.vssidSupportReady === true")  # the page's script, loaded after the swap

    # Too many files: said at once, nothing sent.
    files.set_input_files([{"name": f"anh{n}.png", "mimeType": "image/png", "buffer": png_bytes()} for n in range(6)])
    expect(page.locator("#f-attachments-error")).to_contain_text("Chỉ được đính kèm tối đa 5 tệp (bạn đã chọn 6 tệp).")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page).to_have_url(re.compile(r"/ho-tro/phan-anh/moi$"))
    page.screenshot(path=SHOTS.format("petition-errors"), full_page=True)

    # A file that says it is a photo but is not: the server refuses it, the text is kept.
    files.set_input_files([{"name": "hoa-don.jpg", "mimeType": "image/jpeg", "buffer": b"<html>not a photo</html>"}])
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("alert")).to_contain_text("Tệp “hoa-don.jpg” không phải ảnh JPEG, PNG hoặc tệp PDF.")
    expect(page.get_by_label("Nội dung")).to_have_value(re.compile("bị thu 120.000 đ"))
    session.expire_all()
    assert session.scalars(select(Petition)).all() == []

    page.get_by_label("Chủ đề").select_option(label="Khám chữa bệnh BHYT")
    page.get_by_label("Tệp đính kèm (không bắt buộc)").set_input_files(
        [{"name": "hoa-don.png", "mimeType": "image/png", "buffer": png_bytes()}])
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Yêu cầu PA\d{6}$"))).to_be_visible()
    expect(page.locator(".petition-facts")).to_contain_text("Đã tiếp nhận")
    expect(page.get_by_role("link", name="hoa-don.png")).to_be_visible()
    code = page.get_by_role("heading", level=1).inner_text().split()[-1]
    page.screenshot(path=SHOTS.format("petition"), full_page=True)

    # The agent, on another device.
    desk = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    agent = desk.new_page()
    browser_login(agent, live_server, member, secret)
    agent.get_by_role("navigation", name="Chức năng cán bộ").get_by_role("link", name="Phản ánh, kiến nghị").click()
    expect(agent.get_by_role("heading", name="Hàng đợi phản ánh, kiến nghị")).to_be_visible()
    agent.screenshot(path=SHOTS.format("queue"), full_page=True)
    agent.get_by_role("link", name=code).click()
    expect(agent.locator(".thread")).to_contain_text("bị thu 120.000 đ")
    agent.get_by_label("Trả lời người gửi").fill("Trạm y tế đã xác nhận thu nhầm và sẽ hoàn lại 120.000 đ cho bà.")
    agent.get_by_role("button", name="Gửi trả lời").click()
    expect(agent.get_by_text("Đã gửi trả lời")).to_be_visible()
    expect(agent.locator(".petition-facts")).to_contain_text("Đã trả lời")
    desk.close()

    session.expire_all()
    sms = session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == "0909111222")).all()
    assert [code in m.body for m in sms] == [True]

    # The citizen sees the notice, then reads the answer.
    page.goto(live_server + "/ho-tro/phan-anh")
    expect(page.get_by_role("status")).to_have_text("Bạn có 1 yêu cầu có trả lời mới.")
    page.get_by_role("link", name=re.compile(code)).click()
    expect(page.locator(".thread-staff")).to_contain_text("sẽ hoàn lại 120.000 đ cho bà")
    expect(page.locator(".petition-facts")).to_contain_text("Đã trả lời")
    page.get_by_role("radio", name="4 trên 5").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()
    page.screenshot(path=SHOTS.format("answered"), full_page=True)
