"""The staff console in Chromium: first login with an authenticator app, approving a
registration the citizen then uses, roles, and an import with one bad record."""
from __future__ import annotations

import json
import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from tests.support.factories import make_facility, make_office, make_person
from tests.support.lookups import make_employer
from tests.support.staff import (
    STAFF_PASSWORD, browser_login, code, export_document, make_registration, make_staff, password_step, sms_password,
)
from tests.support.web import field
from vssid.outbound.models import OutboundMessage
from vssid.registry.models import HealthCard, MedicalVisit, Person

NEW_STAFF_PASSWORD = "chieu thu sau hop giao ban o tang ba"
CITIZEN_PASSWORD = "vuon nha ba ngoai co cay xoai"
DESKTOP = {"width": 1280, "height": 800}


def _desktop(browser: Browser) -> Page:
    return browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()


def test_officer_enrols_totp_approves_and_the_citizen_logs_in(browser: Browser, live_server, session):
    officer, _ = make_staff(session, role="officer", enrolled=False, must_change_password=True,
                            email="nghiep.vu@vss.gov.vn")
    person = make_person(session, full_name="Bùi Thị Thanh Hương")
    registration = make_registration(session, person, cccd="079555555555")
    session.commit()
    page = _desktop(browser)

    password_step(page, live_server, officer.email, STAFF_PASSWORD)
    expect(page.get_by_role("heading", name="Cài đặt ứng dụng xác thực")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR cài đặt ứng dụng xác thực")).to_be_visible()
    secret = page.locator("#totp-secret code").inner_text().replace(" ", "")
    field(page, "Mã từ ứng dụng").fill(code(secret))
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()

    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    field(page, "Mật khẩu hiện tại").fill(STAFF_PASSWORD)
    field(page, "Mật khẩu mới").fill(NEW_STAFF_PASSWORD)
    field(page, "Nhập lại mật khẩu mới").fill(NEW_STAFF_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()

    page.get_by_role("navigation", name="Chức năng cán bộ").get_by_role("link", name="Duyệt đăng ký").click()
    expect(page.get_by_role("heading", name="Duyệt đăng ký tài khoản")).to_be_visible()
    page.get_by_role("link", name=f"Xem xét {person.full_name}").click()
    compare = page.get_by_role("table", name=re.compile("Đối chiếu"))
    expect(compare.get_by_role("row", name=re.compile("Số CCCD"))).to_contain_text("Khác")
    expect(compare.get_by_role("row", name=re.compile("Ngày sinh"))).to_contain_text("Khớp")
    page.get_by_role("button", name="Duyệt và gửi mật khẩu").click()
    expect(page.get_by_text(re.compile("Đã duyệt. Tên đăng nhập và mật khẩu ban đầu đã gửi qua SMS"))).to_be_visible()
    expect(page.get_by_text("Không có yêu cầu nào đang chờ duyệt.")).to_be_visible()

    session.expire_all()
    sms = session.scalars(select(OutboundMessage.body).where(OutboundMessage.recipient == registration.phone)
                          .order_by(OutboundMessage.id.desc())).first()
    citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    citizen.goto(live_server + "/dang-nhap")
    field(citizen, "Mã số BHXH").fill(person.ma_so)
    field(citizen, "Mật khẩu").fill(sms_password(sms))
    citizen.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(citizen.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    field(citizen, "Mật khẩu hiện tại").fill(sms_password(sms))
    field(citizen, "Mật khẩu mới").fill(CITIZEN_PASSWORD)
    field(citizen, "Nhập lại mật khẩu mới").fill(CITIZEN_PASSWORD)
    citizen.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(citizen.get_by_role("heading", name="Xin chào, Bùi Thị Thanh Hương")).to_be_visible()


def test_a_support_agent_cannot_reach_the_officers_queue(page: Page, live_server, session):
    agent, secret = make_staff(session, role="support_agent")
    session.commit()
    browser_login(page, live_server, agent, secret)
    nav = page.get_by_role("navigation", name="Chức năng cán bộ")
    expect(nav.get_by_role("link", name="Người tham gia")).to_be_visible()
    expect(nav.get_by_role("link", name="Duyệt đăng ký")).to_have_count(0)
    response = page.goto(live_server + "/can-bo/dang-ky")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()


def test_an_import_with_one_bad_record_writes_nothing_and_names_it(browser: Browser, live_server, session, tmp_path):
    facility, office, employer = make_facility(session), make_office(session), make_employer(session)
    officer, secret = make_staff(session, role="officer")
    session.commit()
    document = export_document(facility=facility.code, office=office.code, employer=employer.unit_code)
    document["visits"][0]["t_bhtt"] = 90_000  # the totals no longer add up
    upload = tmp_path / "xuat-du-lieu.json"
    upload.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    page = _desktop(browser)
    browser_login(page, live_server, officer, secret)

    page.get_by_role("link", name="Nhập dữ liệu").first.click()
    field(page, "Tệp JSON").set_input_files(str(upload))
    page.get_by_label("Chỉ kiểm tra, chưa ghi (chạy thử)").uncheck()
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    problems = page.get_by_role("table").filter(has_text="Bản ghi")
    expect(problems.get_by_role("row", name=re.compile("visits\\[0\\]"))).to_contain_text("t_tongchi_bv")
    expect(page.get_by_text(re.compile("chưa ghi bản ghi nào"))).to_be_visible()
    session.expire_all()
    for model in (Person, HealthCard, MedicalVisit):
        assert session.scalar(select(func.count()).select_from(model)) == 0
