"""Every staff route checks its role: walk app.url_map under /can-bo (whichever area owns the
view) with each role (and with none)."""
from __future__ import annotations

import re

import pytest

from tests.support.factories import PASSWORD, make_account, make_card, make_office, make_person
from tests.support.staff import make_staff, staff_client
from tests.support.web import csrf_token, logged_in_client
from vssid.accounts.models import Registration
from vssid.staff.models import ROLES

OFFICER, SUPPORT, EDITOR, ADMIN = "officer", "support_agent", "editor", "admin"
ANY = set(ROLES)

# Who may open each endpoint of the console. A new route fails the test until it is listed here.
EXPECTED = {
    "staff.home": ANY,
    "staff.change_password": ANY,
    "staff.keep_alive": ANY,
    "staff.registration_queue": {OFFICER, ADMIN},
    "staff.registration_review": {OFFICER, ADMIN},
    "staff.registration_approve": {OFFICER, ADMIN},
    "staff.registration_reject": {OFFICER, ADMIN},
    "staff.people_search": {OFFICER, SUPPORT, ADMIN},
    "staff.person": {OFFICER, SUPPORT, ADMIN},
    "staff.account_action": {OFFICER, SUPPORT, ADMIN},
    "staff.correct_contact": {OFFICER, ADMIN},
    "staff.correct_facility": {OFFICER, ADMIN},
    "staff.registry_import_page": {OFFICER, ADMIN},
    "staff.directory_import_page": {EDITOR, ADMIN},
    "staff.staff_list": {ADMIN},
    "staff.staff_create": {ADMIN},
    "staff.staff_member": {ADMIN},
    "staff.staff_change": {ADMIN},
    "staff.audit": {ADMIN},
    "staff.audit_export": {ADMIN},
    "support_staff.queue": {SUPPORT, ADMIN},
    "support_staff.petition": {SUPPORT, ADMIN},
    "support_staff.attachment": {SUPPORT, ADMIN},
    "support_staff.assign": {SUPPORT, ADMIN},
    "support_staff.reply": {SUPPORT, ADMIN},
    "support_staff.close": {SUPPORT, ADMIN},
    "support_staff.faq_list": {EDITOR, ADMIN},
    "support_staff.faq_new": {EDITOR, ADMIN},
    "support_staff.faq_edit": {EDITOR, ADMIN},
    "support_staff.faq_unpublish": {EDITOR, ADMIN},
    "support_staff.faq_publish": {EDITOR, ADMIN},
    "news_editor.index": {EDITOR, ADMIN},
    "news_editor.create": {EDITOR, ADMIN},
    "news_editor.edit": {EDITOR, ADMIN},
    "news_editor.unpublish": {EDITOR, ADMIN},
    "news_editor.preview": {EDITOR, ADMIN},
    "gateway_staff.accounts": {OFFICER, ADMIN},
    "gateway_staff.create": {OFFICER, ADMIN},
    "gateway_staff.account": {OFFICER, ADMIN},
    "gateway_staff.change": {OFFICER, ADMIN},
    "notifications_staff.announcements_page": {EDITOR, ADMIN},
    "eservices_staff.queue": {OFFICER, ADMIN},
    "eservices_staff.detail": {OFFICER, ADMIN},
    "eservices_staff.decide": {OFFICER, ADMIN},
}
# The login journey itself is open to visitors.
PUBLIC = {"staff.login", "staff.login_code", "staff.enrol", "staff.logout"}


@pytest.fixture
def world(session):
    person = make_person(session)
    card = make_card(session, person)
    account = make_account(session, person)
    office = make_office(session)
    registration = Registration(full_name="Võ Thị Hoa", ma_so="7900099999", cccd="079000099999", birth_text="01/02/1990",
                                phone="0912000111", address="Số 3 Lê Lợi, Phường Sài Gòn", office_id=office.id,
                                status="pending_review")
    session.add(registration)
    target, _ = make_staff(session, role=EDITOR)
    session.commit()
    # Other areas' screens get ids of rows that do not exist: an allowed role gets 404, others 403.
    return {"ma_so": person.ma_so, "card_id": card.id, "registration_id": registration.id, "staff_id": target.id,
            "action": "mo-khoa", "account": account, "petition_id": 999999, "attachment_id": 999999,
            "faq_id": 999999, "item_id": 999999, "account_id": 999999,
            "request_id": 999999}


def _console_rule(rule) -> bool:
    return rule.rule == "/can-bo" or rule.rule.startswith("/can-bo/")


def _routes(app, world):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not _console_rule(rule):
                continue
            args = {name: world[name] for name in rule.arguments}
            if rule.endpoint == "staff.staff_change":
                args["action"] = "vai-tro"
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, rule.build(args, append_unknown=False)[1]


def test_every_staff_endpoint_is_listed(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if _console_rule(rule)}
    assert endpoints == set(EXPECTED) | PUBLIC


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_403_exactly_where_it_has_no_business(app, session, world, role):
    client, _ = staff_client(app, session, role)
    token = csrf_token(client, "/can-bo/")
    refused, allowed = [], []
    for endpoint, method, path in _routes(app, world):
        if endpoint in PUBLIC:
            continue
        response = client.open(path, method=method, data={"csrf_token": token})
        (refused if response.status_code == 403 else allowed).append((endpoint, method, response.status_code))
        assert response.status_code < 500, (endpoint, method, response.get_data(as_text=True)[:2000])
    expected_refused = sorted({e for e, roles in EXPECTED.items() if role not in roles})
    assert sorted({e for e, _m, _s in refused}) == expected_refused
    assert all(e in EXPECTED and role in EXPECTED[e] for e, _m, _s in allowed)


def test_visitors_and_citizens_are_sent_to_the_staff_login(app, session, world):
    citizen = logged_in_client(app, session, world["account"], PASSWORD)
    for client in (app.test_client(), citizen):
        token = csrf_token(client, "/can-bo/dang-nhap")
        for endpoint, method, path in _routes(app, world):
            if endpoint in PUBLIC:
                continue
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 303, (endpoint, method, response.status_code)
            assert response.headers["Location"].startswith("/can-bo/dang-nhap"), endpoint
            assert response.headers["Cache-Control"] == "no-store"


def test_other_areas_protect_their_views_with_staff_required(app, session):
    from flask import Blueprint

    from vssid.staff.access import current_staff, staff_required

    area = Blueprint("some_area", __name__)

    @area.get("/tin-tuc/bien-tap-thu")
    @staff_required("editor")
    def editor_desk():
        return f"Bàn biên tập của {current_staff.email}"

    app.register_blueprint(area)
    assert app.test_client().get("/tin-tuc/bien-tap-thu").headers["Location"].startswith(
        "/can-bo/dang-nhap?next=/tin-tuc/bien-tap-thu")
    editor, member = staff_client(app, session, EDITOR)
    page = editor.get("/tin-tuc/bien-tap-thu")
    assert page.status_code == 200 and member.email in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert staff_client(app, session, OFFICER)[0].get("/tin-tuc/bien-tap-thu").status_code == 403
    assert staff_client(app, session, ADMIN)[0].get("/tin-tuc/bien-tap-thu").status_code == 200


def test_unknown_roles_are_a_programming_error():
    from vssid.staff.access import staff_required

    with pytest.raises(ValueError):
        staff_required("editr")


@pytest.mark.parametrize("role", ["officer", "support_agent", "editor", "admin"])
def test_the_overview_offers_every_function_of_the_navigation(app, session, role):
    # On a phone the navigation is one sideways-scrolling row: most of it is off screen, so
    # the overview's tiles must reach everything the role may open.
    client, _member = staff_client(app, session, role)
    page = client.get("/can-bo/").get_data(as_text=True)
    nav = re.search(r'<nav class="staff-nav".*?</nav>', page, re.S).group(0)
    tasks = re.search(r'<ul class="staff-tasks">.*?</ul>', page, re.S).group(0)
    linked = set(re.findall(r'href="([^"]+)"', tasks))
    assert set(re.findall(r'href="([^"]+)"', nav)) - {"/can-bo/"} <= linked
