"""A clinic clerk checks a patient's card on the public page /kiem-tra-the (Chromium).

Source: the issue "Clinic check (Kiểm tra thẻ BHYT)": the clerk enters mã số, name and
date of birth, or pastes the card's QR text; the answer is validity, benefit level and
initial facility; "Không tìm thấy thẻ khớp với thông tin đã nhập" otherwise.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support.card import make_family, vn_today
from tests.support.web import field
from vssid.card.qr import encode
from vssid.card.services import card_qr


def test_clerk_checks_a_card_by_its_details_and_by_its_qr(page: Page, live_server, session):
    family = make_family(session)
    page.goto(live_server + "/kiem-tra-the")
    field(page, "Mã số thẻ BHYT").fill(family.parent.ma_so)
    field(page, "Họ và tên").fill("le thi thu hang")  # no diacritics: not the name on the card
    field(page, "Ngày sinh").fill("09/03/1988")
    page.get_by_role("button", name="Kiểm tra thẻ", exact=True).click()
    answer = page.get_by_role("region", name="Không tìm thấy thẻ khớp với thông tin đã nhập.")
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()

    field(page, "Họ và tên").fill("LÊ THỊ THU HẰNG")
    page.get_by_role("button", name="Kiểm tra thẻ", exact=True).click()
    answer = page.get_by_role("region", name="Thẻ còn giá trị sử dụng")
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()
    expect(answer).to_contain_text("Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT")
    expect(answer).to_contain_text(f"Bệnh viện Quận Phú Nhuận ({family.facility.code})")
    expect(answer).not_to_contain_text("Nữ")
    page.screenshot(path="/tmp/card-check-answer.png", full_page=True)

    qr = encode(card_qr(family.child, family.child_card, today=vn_today()))
    field(page, "Nội dung mã QR").fill(qr)
    page.get_by_role("button", name="Kiểm tra mã QR").click()
    answer = page.get_by_role("region", name="Thẻ còn giá trị sử dụng")
    expect(answer).to_contain_text("Được thanh toán 100% chi phí KCB trong phạm vi hưởng BHYT, không giới hạn")


def test_clerk_sees_what_to_fix_in_place(page: Page, live_server):
    page.goto(live_server + "/kiem-tra-the")
    field(page, "Mã số thẻ BHYT").fill("12345")
    page.get_by_role("button", name="Kiểm tra thẻ", exact=True).click()
    expect(page.get_by_text("Mã thẻ BHYT gồm 10 chữ số (thẻ mới) hoặc 15 ký tự (thẻ cũ).").first).to_be_visible()
    expect(field(page, "Mã số thẻ BHYT")).to_have_value("12345")
    expect(field(page, "Mã số thẻ BHYT")).to_have_attribute("aria-invalid", "true")
