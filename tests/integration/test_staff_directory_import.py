"""Editors load the public directories from CSV in the staff console (docs/LOOKUPS_CSV.md)."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.support.lookups import BEN_THANH, CHO_LON, csv_of
from tests.support.staff import staff_client
from tests.support.web import post_form
from vssid.accounts.models import AuditEvent
from vssid.registry.models import Facility

PATH = "/can-bo/danh-ba"
HEADER = ["ma", "ten", "tuyen", "dia_chi", "ma_tinh", "ma_xa"]
CHO_RAY = ["79001", "Bệnh viện Chợ Rẫy", "Trung ương", "201B Nguyễn Chí Thanh", "79", CHO_LON]


def upload(client, kind: str, text: str, name: str = "co_so_kcb.csv"):
    return post_form(client, PATH, {"kind": kind, "file": (io.BytesIO(text.encode("utf-8-sig")), name)},
                     content_type="multipart/form-data")


def facilities(session) -> int:
    return session.scalar(select(func.count()).select_from(Facility))


def test_an_editor_imports_facilities_that_the_public_search_then_finds(app, session):
    client, editor = staff_client(app, session, "editor")
    page = client.get(PATH)
    assert page.status_code == 200 and "Cơ sở khám chữa bệnh" in page.get_data(as_text=True)
    assert "Danh bạ tra cứu" in page.get_data(as_text=True)
    response = upload(client, "facilities", csv_of(HEADER, CHO_RAY))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đã nhập tệp co_so_kcb.csv" in body and "1 mới, 0 cập nhật" in body
    found = app.test_client().get("/tra-cuu/co-so-kcb?q=cho+ray")
    assert "Bệnh viện Chợ Rẫy" in found.get_data(as_text=True)
    event = session.scalars(select(AuditEvent).where(AuditEvent.event == "directory_imported")).one()
    assert f'"staff_id": {editor.id},' in event.detail and '"kind": "facilities"' in event.detail


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line(app, session):
    client, _ = staff_client(app, session, "editor")
    bad = ["79002", "Trạm Y tế phường Bến Thành", "Xã", "Số 1 Lê Lợi", "99", BEN_THANH]
    response = upload(client, "facilities", csv_of(HEADER, CHO_RAY, bad))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "chưa nhập dòng nào" in body
    assert '<td class="num" data-label="Dòng">3</td>' in body and "mã tỉnh “99”" in body
    assert facilities(session) == 0
    missing = post_form(client, PATH, {}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Chọn loại danh bạ" in missing.get_data(as_text=True)


@pytest.mark.parametrize("role", ["officer", "support_agent"])
def test_officers_and_support_agents_get_403(app, session, role):
    client, _ = staff_client(app, session, role)
    assert client.get(PATH).status_code == 403
    assert upload(client, "facilities", csv_of(HEADER, CHO_RAY)).status_code == 403
    assert facilities(session) == 0


def test_a_visitor_is_sent_to_the_staff_login(app):
    response = app.test_client().get(PATH)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith("/can-bo/dang-nhap")
