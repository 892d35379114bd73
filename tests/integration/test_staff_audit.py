"""The audit log viewer: filters, paging, CSV export."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import delete

from tests.support.factories import make_account, make_person
from tests.support.staff import make_staff, staff_client
from vssid.accounts import audit
from vssid.accounts.models import AuditEvent
from vssid.staff.audit_log import record


def _at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.timezone.utc)


@pytest.fixture
def log(session):
    """A small log: two people, two staff members, four days."""
    lan, minh = make_person(session, full_name="Lan"), make_person(session, full_name="Minh")
    lan_account = make_account(session, lan)
    officer, _ = make_staff(session, role="officer", email="hoa.officer@vss.gov.vn")
    agent, _ = make_staff(session, role="support_agent", email="tu.agent@vss.gov.vn")
    session.flush()
    audit.record(session, "login_failed", account_id=lan_account.id, reason="password")
    record(session, "citizen_unlocked", staff_id=agent.id, account_id=lan_account.id, subject=lan.ma_so,
           reason="Gọi tổng đài, đã xác minh")
    record(session, "registry_corrected", staff_id=officer.id, subject=minh.ma_so, table="person",
           fields=["phone"], reason="Đơn đề nghị")
    audit.record(session, "registration_approved", subject=minh.ma_so, decided_by=f"staff:{officer.id}")
    session.flush()
    events = session.query(AuditEvent).order_by(AuditEvent.id).all()
    for event, day in zip(events, (1, 2, 3, 4)):
        event.at = _at(day)
    session.commit()
    return {"lan": lan.ma_so, "minh": minh.ma_so, "officer": officer, "agent": agent}


def _events_on_page(client, **params) -> list[str]:
    page = client.get("/can-bo/nhat-ky", query_string=params).get_data(as_text=True)
    return [chunk.split("</code>")[0] for chunk in page.split('<code class="muted small">')[1:]]


def _admin(app, session):
    client, admin = staff_client(app, session, "admin")
    # The admin's own login is logged too; keep the fixture's events only.
    session.execute(delete(AuditEvent).where(AuditEvent.event == "staff_login_succeeded"))
    session.commit()
    return client


def test_newest_first_and_filters(app, session, log):
    client = _admin(app, session)
    assert _events_on_page(client) == ["registration_approved", "registry_corrected", "citizen_unlocked", "login_failed"]
    assert _events_on_page(client, ma_so=log["lan"]) == ["citizen_unlocked", "login_failed"]
    assert _events_on_page(client, ma_so=log["minh"]) == ["registration_approved", "registry_corrected"]
    assert _events_on_page(client, can_bo="hoa.officer@vss.gov.vn") == ["registration_approved", "registry_corrected"]
    assert _events_on_page(client, can_bo="TU.AGENT@vss.gov.vn") == ["citizen_unlocked"]
    assert _events_on_page(client, su_kien="login_failed") == ["login_failed"]
    # Dates are Vietnam's: 2026-11-02 10:00 UTC is 17:00 on the 2nd.
    assert _events_on_page(client, tu_ngay="2026-11-02", den_ngay="03/11/2026") == ["registry_corrected", "citizen_unlocked"]
    assert _events_on_page(client, ma_so=log["minh"], can_bo="hoa.officer@vss.gov.vn", su_kien="registry_corrected") == [
        "registry_corrected"]


def test_staff_ids_do_not_match_by_prefix(app, session, log):
    officer_id = log["officer"].id
    for longer in (int(f"{officer_id}{officer_id}"), int(f"{officer_id}0")):
        record(session, "citizen_sessions_ended", staff_id=longer, subject=log["lan"], reason="x" * 10)
    session.commit()
    client = _admin(app, session)
    assert "citizen_sessions_ended" not in _events_on_page(client, can_bo="hoa.officer@vss.gov.vn")


@pytest.mark.parametrize("params, field, message", [
    ({"ma_so": "12345"}, "ma_so", "10 chữ số"),
    ({"can_bo": "nobody@vss.gov.vn"}, "can_bo", "Không có cán bộ"),
    ({"su_kien": "DROP TABLE"}, "su_kien", "Chọn một loại sự kiện"),
    ({"tu_ngay": "31/02/2026"}, "tu_ngay", "dd/mm/yyyy"),
    ({"tu_ngay": "2026-11-05", "den_ngay": "2026-11-01"}, "den_ngay", "phải sau"),
])
def test_bad_filters_are_explained_and_kept(app, session, log, params, field, message):
    client = _admin(app, session)
    response = client.get("/can-bo/nhat-ky", query_string=params)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and f'id="f-{field}-error"' in body
    assert 'class="staff-table audit-table"' not in body
    assert client.get("/can-bo/nhat-ky.csv", query_string=params).status_code == 400


def test_the_wide_table_scrolls_by_keyboard_too(app, session, log):
    # On a phone the table scrolls sideways: the wrapper takes focus and is named (axe scrollable-region-focusable).
    page = _admin(app, session).get("/can-bo/nhat-ky").get_data(as_text=True)
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Sự kiện, mới nhất trước">' in page


def test_paging(app, session, log, monkeypatch):
    monkeypatch.setattr("vssid.staff.audit_log.PER_PAGE", 3)
    client = _admin(app, session)
    first = client.get("/can-bo/nhat-ky").get_data(as_text=True)
    assert "Trang sau" in first and "Trang trước" not in first
    assert _events_on_page(client, trang=2) == ["login_failed"]
    second = client.get("/can-bo/nhat-ky", query_string={"trang": 2}).get_data(as_text=True)
    assert "Trang trước" in second and "Trang sau" not in second
    filtered = client.get("/can-bo/nhat-ky", query_string={"ma_so": log["lan"]}).get_data(as_text=True)
    assert "Trang sau" not in filtered
    assert _events_on_page(client, trang="abc") == _events_on_page(client)


def test_csv_export(app, session, log):
    record(session, "registry_corrected", staff_id=log["officer"].id, subject="=HYPERLINK(\"x\")", reason="+1")
    session.commit()
    client = _admin(app, session)
    response = client.get("/can-bo/nhat-ky.csv", query_string={"can_bo": "hoa.officer@vss.gov.vn"})
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="nhat-ky-vssid-')
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Thời gian (giờ Việt Nam)", "Mã sự kiện", "Sự kiện"]
    assert [row[1] for row in rows[1:]] == ["registry_corrected", "registration_approved", "registry_corrected"]
    assert rows[-1][0] == "03/11/2026 17:00:00" and rows[-1][5] == "hoa.officer@vss.gov.vn"
    assert rows[1][3] == "'=HYPERLINK(\"x\")"  # never a live formula in Excel


def test_csv_export_streams_in_batches(app, session, log, monkeypatch):
    monkeypatch.setattr("vssid.staff.audit_log.EXPORT_BATCH", 2)
    client = _admin(app, session)
    response = client.get("/can-bo/nhat-ky.csv")
    chunks = list(response.response)
    response.close()  # as a WSGI server does: ends the request and its database session
    assert len(chunks) >= 3  # header, then batches of two
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert len(rows) == 1 + 4


def test_the_log_shows_who_acted(app, session, log):
    client = _admin(app, session)
    page = client.get("/can-bo/nhat-ky", query_string={"ma_so": log["minh"]}).get_data(as_text=True)
    assert page.count("hoa.officer@vss.gov.vn") >= 2


def test_coded_details_read_in_vietnamese(app, session, log):
    """Officers read why a session ended or a login failed, not the stored code."""
    client = _admin(app, session)
    lan = session.query(AuditEvent).filter_by(event="login_failed").one()
    record(session, "staff_member_changed", staff_id=log["officer"].id, role="support_agent")
    audit.record(session, "session_revoked", account_id=lan.account_id, reason="other_device", method="passkey")
    session.commit()
    page = client.get("/can-bo/nhat-ky").get_data(as_text=True)
    assert "<b>lý do</b>: sai mật khẩu" in page
    assert "<b>lý do</b>: đăng nhập trên thiết bị khác" in page
    assert "<b>cách đăng nhập</b>: vân tay / khóa truy cập (passkey)" in page
    assert "<b>vai trò</b>: Nhân viên hỗ trợ" in page
    assert "<b>lý do</b>: Gọi tổng đài, đã xác minh" in page  # free text stays as written
    assert "other_device" not in page and "support_agent" not in page
