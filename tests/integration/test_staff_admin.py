"""Administrators manage staff accounts; `flask staff create` makes the first administrator."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.support.staff import STAFF_PASSWORD, code, make_staff, staff_client, staff_login
from tests.support.web import post_form
from vssid.accounts.passwords import verify_password
from vssid.staff.models import StaffMember


def _member(session, email: str) -> StaffMember | None:
    session.expire_all()
    return session.scalars(select(StaffMember).where(StaffMember.email == email)).first()


def test_flask_staff_create_makes_the_first_admin_who_can_log_in(app, session):
    result = app.test_cli_runner().invoke(args=["staff", "create", "Nguyen.Van.A@vss.gov.vn", "--role", "admin"])
    assert result.exit_code == 0, result.output
    initial = re.search(r"^  (\S{16})$", result.output, re.M).group(1)
    member = _member(session, "nguyen.van.a@vss.gov.vn")
    assert member.role == "admin" and member.must_change_password and member.full_name == "Nguyen Van A"
    assert initial not in member.password_hash and verify_password(member.password_hash, initial)
    client = app.test_client()
    first = post_form(client, "/can-bo/dang-nhap", {"email": "nguyen.van.a@vss.gov.vn", "password": initial})
    assert first.headers["Location"].startswith("/can-bo/dang-nhap/cai-dat-xac-thuc")


@pytest.mark.parametrize("email", ["a@gmail.com", "a@vss.gov.vn.evil.com", "a@sub.vss.gov.vn", "@vss.gov.vn",
                                   "a b@vss.gov.vn", "a@vssgov.vn"])
def test_staff_email_must_be_on_vss_gov_vn(app, session, email):
    result = app.test_cli_runner().invoke(args=["staff", "create", email, "--role", "officer"])
    assert result.exit_code != 0 and "@vss.gov.vn" in result.output
    assert session.scalar(select(func.count()).select_from(StaffMember)) == 0


def test_cli_rejects_unknown_roles_and_duplicates(app, session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["staff", "create", "x@vss.gov.vn", "--role", "boss"]).exit_code == 2
    assert runner.invoke(args=["staff", "create", "x@vss.gov.vn", "--role", "editor"]).exit_code == 0
    duplicate = runner.invoke(args=["staff", "create", "X@VSS.GOV.VN", "--role", "editor"])
    assert duplicate.exit_code == 1 and "đã có tài khoản" in duplicate.output


def test_admin_creates_a_staff_member_and_sees_the_password_once(app, session):
    client, admin = staff_client(app, session, "admin")
    response = post_form(client, "/can-bo/quan-tri/can-bo", {"email": "le.thi.b@vss.gov.vn", "full_name": "Lê Thị B",
                                                             "role": "support_agent"})
    body = response.get_data(as_text=True)
    initial = re.search(r'<p class="totp-secret"><code>(\S+)</code>', body).group(1)
    member = _member(session, "le.thi.b@vss.gov.vn")
    assert member.created_by == admin.id and verify_password(member.password_hash, initial)
    assert initial not in client.get("/can-bo/quan-tri/can-bo").get_data(as_text=True)


@pytest.mark.parametrize("form, field", [
    ({"email": "b@gmail.com", "full_name": "Lê Thị B", "role": "officer"}, "email"),
    ({"email": "b@vss.gov.vn", "full_name": "B1", "role": "officer"}, "full_name"),
    ({"email": "b@vss.gov.vn", "full_name": "Lê Thị B", "role": "boss"}, "role"),
])
def test_bad_new_staff_input_is_refused_in_place(app, session, form, field):
    client, _ = staff_client(app, session, "admin")
    response = post_form(client, "/can-bo/quan-tri/can-bo", form)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="f-{field}-error"' in body
    assert f'value="{form["email"]}"' in body
    assert session.scalar(select(func.count()).select_from(StaffMember)) == 1


def test_changing_a_role_takes_effect_at_once(app, session):
    client, _ = staff_client(app, session, "admin")
    officer_client, officer = staff_client(app, session, "officer")
    assert officer_client.get("/can-bo/dang-ky").status_code == 200
    path = f"/can-bo/quan-tri/can-bo/{officer.id}"
    assert post_form(client, path + "/vai-tro", {"role": "editor"}, token_from=path).status_code == 303
    assert officer_client.get("/can-bo/dang-ky").status_code == 303  # logged out: log in again with the new role
    assert _member(session, officer.email).role == "editor"


def test_the_last_admin_cannot_be_demoted_or_disabled(app, session):
    client, admin = staff_client(app, session, "admin")
    path = f"/can-bo/quan-tri/can-bo/{admin.id}"
    demote = post_form(client, path + "/vai-tro", {"role": "officer"}, token_from=path)
    assert demote.status_code == 422 and "tự bỏ vai trò quản trị" in demote.get_data(as_text=True)
    disable = post_form(client, path + "/khoa", {}, token_from=path)
    assert disable.status_code == 422 and "tự khóa" in disable.get_data(as_text=True)
    assert _member(session, admin.email).role == "admin"


def test_another_admin_can_be_demoted_while_one_remains(app, session):
    client, _ = staff_client(app, session, "admin")
    other, _secret = make_staff(session, role="admin")
    session.commit()
    path = f"/can-bo/quan-tri/can-bo/{other.id}"
    assert post_form(client, path + "/vai-tro", {"role": "officer"}, token_from=path).status_code == 303
    again = post_form(client, path + "/vai-tro", {"role": "officer"}, token_from=path)
    assert again.status_code == 422 and "đã có vai trò này" in again.get_data(as_text=True)


def test_disabling_logs_out_and_blocks_login(app, session):
    client, _ = staff_client(app, session, "admin")
    member, secret = make_staff(session, role="officer")
    session.commit()
    victim = app.test_client()
    staff_login(victim, member, secret)
    path = f"/can-bo/quan-tri/can-bo/{member.id}"
    assert post_form(client, path + "/khoa", {}, token_from=path).status_code == 303
    assert victim.get("/can-bo/").status_code == 303
    refused = post_form(app.test_client(), "/can-bo/dang-nhap", {"email": member.email, "password": STAFF_PASSWORD})
    assert refused.status_code == 422
    assert post_form(client, path + "/mo-khoa", {}, token_from=path).status_code == 303
    assert staff_login(app.test_client(), member, secret, steps=1).status_code == 303


def test_reset_credentials_for_a_lost_phone(app, session):
    client, _ = staff_client(app, session, "admin")
    member, secret = make_staff(session, role="officer")
    session.commit()
    path = f"/can-bo/quan-tri/can-bo/{member.id}"
    response = post_form(client, path + "/cap-lai", {}, token_from=path)
    initial = re.search(r'<p class="totp-secret"><code>(\S+)</code>', response.get_data(as_text=True)).group(1)
    fresh = app.test_client()
    first = post_form(fresh, "/can-bo/dang-nhap", {"email": member.email, "password": initial})
    assert first.headers["Location"].startswith("/can-bo/dang-nhap/cai-dat-xac-thuc")  # enrol a new phone
    # The lost phone's codes no longer open anything.
    old = post_form(fresh, "/can-bo/dang-nhap/ma-xac-thuc", {"code": code(secret)}, token_from="/can-bo/dang-nhap")
    assert old.headers["Location"].startswith("/can-bo/dang-nhap/cai-dat-xac-thuc")
    result = app.test_cli_runner().invoke(args=["staff", "reset-credentials", "khongco@vss.gov.vn"])
    assert result.exit_code == 1


def test_active_staff_by_role_for_assignment_lists(session):
    from vssid.staff.staff_accounts import active_with_role

    agent, _ = make_staff(session, role="support_agent")
    make_staff(session, role="editor")
    admin, _ = make_staff(session, role="admin")
    make_staff(session, role="support_agent", status="disabled")
    session.commit()
    assert {m.id for m in active_with_role(session, "support_agent")} == {agent.id, admin.id}
