"""Public services: the facility-change window, reissue, contact update with OTP, officers."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.support.card import vn_today
from tests.support.factories import PASSWORD, make_account, make_card, make_facility, make_person
from tests.support.staff import staff_client
from tests.support.web import last_code, logged_in_client, post_form
from vssid.notifications.models import Notification
from vssid.core.db import utcnow
from vssid.eservices import services
from vssid.eservices.models import ServiceRequest
from vssid.registry.models import HealthCard, Person


@pytest.fixture
def holder(session):
    home = make_facility(session, name="Trạm Y tế Phường Sài Gòn")
    person = make_person(session, full_name="Võ Thị Mai")
    card = make_card(session, person, facility=home, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))
    account = make_account(session, person)
    other = make_facility(session, name="Bệnh viện Quận 1")
    elsewhere = make_facility(session, code="01999", name="Bệnh viện Hà Nội", province_code="01")
    closed = make_facility(session, name="Phòng khám không nhận đăng ký", accepts_initial_registration=False)
    session.commit()
    return {"person": person, "card": card, "account": account, "other": other, "elsewhere": elsewhere,
            "closed": closed, "home": home}


@pytest.mark.parametrize("today, is_open, opens, effective", [
    (dt.date(2026, 10, 1), True, dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    (dt.date(2026, 10, 15), True, dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    (dt.date(2026, 10, 16), False, dt.date(2027, 1, 1), dt.date(2027, 4, 1)),
    (dt.date(2026, 11, 25), False, dt.date(2027, 1, 1), dt.date(2027, 4, 1)),
    (dt.date(2027, 2, 10), False, dt.date(2027, 4, 1), dt.date(2027, 7, 1)),
    (dt.date(2025, 4, 10), True, dt.date(2025, 4, 1), dt.date(2025, 7, 1)),  # 10 days before 01/07/2025
    (dt.date(2025, 4, 12), False, dt.date(2025, 7, 1), dt.date(2025, 10, 1)),
])
def test_the_window_is_the_first_days_of_each_quarter(today, is_open, opens, effective):
    window = services.facility_change_window(today)
    assert (window.open, window.opens_on, window.effective_from) == (is_open, opens, effective)


def _web(app, session, holder, today):
    app.config["VSSID_FAKE_TODAY"] = today
    return logged_in_client(app, session, holder["account"], PASSWORD)


def test_outside_the_window_the_change_is_refused_with_the_next_window(app, session, holder):
    web = _web(app, session, holder, "2026-11-25")
    page = web.get("/dich-vu-cong/doi-noi-kcb").get_data(as_text=True)
    assert "01/01/2027" in page and "15/01/2027" in page
    response = post_form(web, "/dich-vu-cong/doi-noi-kcb", {"facility": holder["other"].code})
    assert response.status_code == 422 and "01/01/2027" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 0


def test_inside_the_window_an_officer_approves_and_the_change_applies_next_quarter(app, session, holder):
    web = _web(app, session, holder, "2027-01-05")
    page = web.get("/dich-vu-cong/doi-noi-kcb").get_data(as_text=True)
    assert holder["other"].name in page and holder["elsewhere"].name not in page and holder["closed"].name not in page
    for bad in (holder["elsewhere"].code, holder["closed"].code, holder["home"].code, ""):
        assert post_form(web, "/dich-vu-cong/doi-noi-kcb", {"facility": bad}).status_code == 422
    response = post_form(web, "/dich-vu-cong/doi-noi-kcb", {"facility": holder["other"].code})
    assert response.status_code == 303
    filed = session.scalars(select(ServiceRequest)).one()
    assert (filed.status, filed.effective_from) == ("submitted", dt.date(2027, 4, 1))
    again = post_form(web, "/dich-vu-cong/doi-noi-kcb", {"facility": holder["other"].code})
    assert again.status_code == 422 and filed.reference in again.get_data(as_text=True)

    officer, _member = staff_client(app, session, "officer")
    assert filed.reference in officer.get("/can-bo/dich-vu-cong").get_data(as_text=True)
    done = post_form(officer, f"/can-bo/dich-vu-cong/{filed.id}", {"action": "approve", "note": ""})
    assert done.status_code == 303
    session.expire_all()
    assert session.get(ServiceRequest, filed.id).status == "approved"
    assert session.get(HealthCard, holder["card"].id).facility_code == holder["home"].code  # not before April
    assert services.apply_due_changes(session, today=dt.date(2027, 3, 31), now=utcnow()) == 0
    assert services.apply_due_changes(session, today=dt.date(2027, 4, 1), now=utcnow()) == 1
    session.commit()
    session.expire_all()
    assert session.get(HealthCard, holder["card"].id).facility_code == holder["other"].code
    detail = web.get(f"/dich-vu-cong/yeu-cau/{filed.reference}").get_data(as_text=True)
    assert "Đã hoàn thành" in detail and "Đã duyệt, chờ hiệu lực" in detail and "Đã tiếp nhận" in detail
    # Each decision and its completion is in the holder's inbox, linked to the request.
    notices = session.scalars(select(Notification).where(Notification.account_id == filed.account_id)
                              .order_by(Notification.id)).all()
    assert [n.url for n in notices] == [f"/dich-vu-cong/yeu-cau/{filed.reference}"] * len(notices)
    assert [n.title.split(": ")[1] for n in notices] == ["Đã duyệt, chờ hiệu lực", "Đã hoàn thành"]
    assert all(n.kind == "service_request" for n in notices)
    # the second officer's click finds it decided
    again = post_form(officer, f"/can-bo/dich-vu-cong/{filed.id}", {"action": "reject", "note": "x"},
                      token_from="/can-bo/dich-vu-cong")
    assert again.status_code == 303
    assert session.get(ServiceRequest, filed.id).status == "completed"


def test_each_form_links_back_with_a_full_size_back_link(app, session, holder):
    # A bare .btn-link anchor was a 20 px high target on phones; .back-link is 48 px.
    web = _web(app, session, holder, "2026-11-25")
    for path in ("/dich-vu-cong/doi-noi-kcb", "/dich-vu-cong/cap-lai-the", "/dich-vu-cong/thong-tin-lien-he",
                 "/dich-vu-cong/yeu-cau"):
        assert '<p class="back-link"><a href="/dich-vu-cong">' in web.get(path).get_data(as_text=True), path


def test_the_officers_queue_answers_200_with_the_chosen_filter_selected(app, session):
    # The filter was once passed to render() as `status`, its HTTP status argument: the
    # queue went out with the status line "0 SUBMITTED", which a reverse proxy rejects.
    officer, _member = staff_client(app, session, "officer")
    for query, chosen in (("", "submitted"), ("?trang_thai=approved", "approved"), ("?trang_thai=xyz", "submitted")):
        response = officer.get("/can-bo/dich-vu-cong" + query)
        assert response.status_code == 200 and response.status == "200 OK"
        assert f'<option value="{chosen}" selected>' in response.get_data(as_text=True)


def test_a_citizen_cannot_open_the_staff_queue_or_someone_elses_request(app, session, holder):
    web = _web(app, session, holder, "2027-01-05")
    post_form(web, "/dich-vu-cong/cap-lai-the", {"reason": "lost"})
    filed = session.scalars(select(ServiceRequest)).one()
    other = make_account(session, make_person(session))
    session.commit()
    assert logged_in_client(app, session, other, PASSWORD).get(f"/dich-vu-cong/yeu-cau/{filed.reference}").status_code == 404
    assert web.get("/can-bo/dich-vu-cong").status_code in (302, 303)


def test_reissue_keeps_the_card_and_rejection_needs_a_reason(app, session, holder):
    web = _web(app, session, holder, "2026-11-25")
    assert post_form(web, "/dich-vu-cong/cap-lai-the", {"reason": "stolen"}).status_code == 422
    assert post_form(web, "/dich-vu-cong/cap-lai-the", {"reason": "damaged", "note": "Thẻ bị rách"}).status_code == 303
    filed = session.scalars(select(ServiceRequest)).one()
    officer, _member = staff_client(app, session, "officer")
    refused = post_form(officer, f"/can-bo/dich-vu-cong/{filed.id}", {"action": "reject", "note": " "})
    assert refused.status_code == 422 and "lý do từ chối" in refused.get_data(as_text=True)
    assert post_form(officer, f"/can-bo/dich-vu-cong/{filed.id}", {"action": "approve"}).status_code == 303
    session.expire_all()
    cards = session.scalars(select(HealthCard).where(HealthCard.person_id == holder["person"].id).order_by(HealthCard.id)).all()
    assert [c.status for c in cards] == ["replaced", "active"]
    assert (cards[1].card_number, cards[1].valid_to, cards[1].issue_date) == (
        cards[0].card_number, dt.date(2027, 12, 31), dt.date(2026, 11, 25))


def test_contact_update_proves_the_new_phone_then_an_officer_applies_it(app, session, holder):
    web = _web(app, session, holder, "2026-11-25")
    bad = post_form(web, "/dich-vu-cong/thong-tin-lien-he", {"phone": "12345", "email": "khong-hop-le", "address": "ngắn"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "10 chữ số" in body and "email không hợp lệ" in body and 'value="12345"' in body
    new = {"phone": "0912 345 678", "email": "mai.vo@example.vn", "address": "Số 5 Hai Bà Trưng, Phường Sài Gòn, TP Hồ Chí Minh"}
    step = post_form(web, "/dich-vu-cong/thong-tin-lien-he", new)
    assert step.status_code == 200 and "0912345678" in step.get_data(as_text=True)
    wrong = post_form(web, "/dich-vu-cong/thong-tin-lien-he/xac-thuc", {"code": "000000"}, token_from="/dich-vu-cong")
    assert wrong.status_code == 422 and session.scalar(select(func.count()).select_from(ServiceRequest)) == 0
    code = last_code(session, "0912345678")
    assert post_form(web, "/dich-vu-cong/thong-tin-lien-he/xac-thuc", {"code": code},
                     token_from="/dich-vu-cong").status_code == 303
    filed = session.scalars(select(ServiceRequest)).one()
    assert (filed.new_phone, filed.new_email) == ("0912345678", "mai.vo@example.vn")
    officer, _member = staff_client(app, session, "officer")
    assert post_form(officer, f"/can-bo/dich-vu-cong/{filed.id}", {"action": "approve"}).status_code == 303
    session.expire_all()
    person = session.get(Person, holder["person"].id)
    assert (person.phone, person.email, person.address) == ("0912345678", "mai.vo@example.vn", new["address"])


def test_a_second_contact_update_is_refused_before_any_code_is_sent(app, session, holder):
    from vssid.outbound.models import OutboundMessage

    web = _web(app, session, holder, "2026-11-25")
    post_form(web, "/dich-vu-cong/thong-tin-lien-he", {"phone": holder["person"].phone, "email": "moi@example.vn",
                                                     "address": "Số 9 Lý Tự Trọng, Phường Sài Gòn, TP Hồ Chí Minh"})
    filed = session.scalars(select(ServiceRequest)).one()
    again = post_form(web, "/dich-vu-cong/thong-tin-lien-he", {"phone": "0901234567", "email": "",
                                                              "address": "Số 9 Lý Tự Trọng, Phường Sài Gòn, TP Hồ Chí Minh"})
    assert again.status_code == 422 and filed.reference in again.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(OutboundMessage)
                          .where(OutboundMessage.recipient == "0901234567")) == 0


@pytest.mark.postgres_only
def test_two_officers_deciding_at_once_decide_once(app, session, holder):
    import threading

    from sqlalchemy.orm import Session

    from tests.support.staff import make_staff
    from vssid.core.errors import Conflict

    web = _web(app, session, holder, "2026-11-25")
    post_form(web, "/dich-vu-cong/cap-lai-the", {"reason": "lost"})
    filed = session.scalars(select(ServiceRequest)).one()
    officers = [make_staff(session, role="officer")[0].id for _ in range(3)]
    session.commit()
    engine = app.extensions["vssid.db"][0]
    barrier = threading.Barrier(3)
    outcomes = []

    def decide(staff_id):
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                services.decide(own, request_id=filed.id, approve=True, staff_id=staff_id, note="",
                                today=dt.date(2026, 11, 25), now=utcnow())
                own.commit()
                outcomes.append("decided")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(staff_id,)) for staff_id in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "decided"]
    active = session.scalar(select(func.count()).select_from(HealthCard).where(
        HealthCard.person_id == holder["person"].id, HealthCard.status == "active"))
    assert active == 1
