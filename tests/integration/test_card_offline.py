"""The installable, offline side of the card: service worker route, offline copy, clearing.

Sources: the issue "Health card on screen and offline" (SW at /sw.js with scope /,
versioned caches, precached shell and offline page; the card page kept offline with its
sync time, expiring after VSSID_OFFLINE_CARD_DAYS days or when the card's validity ends;
logout and a revoked session send Clear-Site-Data: "storage"); ARCHITECTURE.md "Offline
card"; W3C Service Workers §"Service-Worker-Allowed".
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from tests.support.card import make_family, vn_today
from tests.support.factories import PASSWORD, make_account, make_card, make_person
from tests.support.web import csrf_token, logged_in_client
from vssid.accounts.models import AuditEvent, UserSession
from vssid.card.status import end_of_validity, owner_tag
from vssid.core.db import utcnow

KEEP_DAYS = 5


@pytest.fixture
def app_config():
    return {"VSSID_OFFLINE_CARD_DAYS": KEEP_DAYS}


@pytest.fixture
def family(session):
    return make_family(session)


@pytest.fixture
def parent_client(app, session, family):
    return logged_in_client(app, session, family.account, PASSWORD)


def _precache(body: str) -> list[str]:
    return json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))


def test_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert "__VSSID_" not in body
    assert re.search(r'var VERSION = "[0-9a-f]{16}";', body)
    assert "clients.claim()" in body


def test_service_worker_precaches_the_shell_and_the_offline_page(client):
    urls = _precache(client.get("/sw.js").get_data(as_text=True))
    paths = {url.split("?")[0] for url in urls}
    assert {"/static/css/app.css", "/static/js/app.js", "/static/js/sw-register.js", "/static/js/card.js",
            "/static/icons/icon-192.png", "/ngoai-tuyen", "/manifest.webmanifest"} <= paths
    assert any(re.fullmatch(r"/static/js/htmx-[\d.]+\.min\.js", p) for p in paths)
    for url in urls:  # every URL must load, or the worker would never install
        assert client.get(url).status_code == 200, url
    assert not any(p.startswith("/ca-nhan") for p in paths)  # nothing personal in the shell


def test_worker_version_follows_the_shell_files(app, client, monkeypatch):
    """A changed shell file gets a new cache-busted URL; the worker's bytes and version change
    with it, so browsers install the new worker, whose activate step deletes the old cache."""
    first = client.get("/sw.js").get_data(as_text=True)
    assert first == client.get("/sw.js").get_data(as_text=True)
    original = app.jinja_env.globals["static_url"]
    monkeypatch.setitem(app.jinja_env.globals, "static_url",
                        lambda name: original(name).replace("?v=", "?v=changed") if name == "css/app.css" else original(name))
    second = client.get("/sw.js").get_data(as_text=True)
    version = re.compile(r'var VERSION = "(\w+)"')
    assert version.search(first).group(1) != version.search(second).group(1)


def test_offline_page_is_public_and_personal_data_free(parent_client, family):
    response = parent_client.get("/ngoai-tuyen")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bạn đang ngoại tuyến" in body
    assert family.parent.full_name not in body and family.parent.ma_so not in body
    assert "csrf" not in body.lower() and "vssid-card-owner" not in body


def test_signed_in_pages_name_the_offline_copy_owner_only(app, parent_client, family, client):
    tag = owner_tag(secret=app.config["SECRET_KEY"], account_id=family.account.id)
    assert f'<meta name="vssid-card-owner" content="{tag}">' in parent_client.get("/").get_data(as_text=True)
    assert "vssid-card-owner" not in client.get("/").get_data(as_text=True)


def test_offline_copy_carries_owner_sync_time_and_expiry(app, session, parent_client, family):
    before = utcnow()
    response = parent_client.get("/ca-nhan/the-bhyt?offline=1")
    after = utcnow()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-VssID-Card-Owner"] == owner_tag(secret=app.config["SECRET_KEY"],
                                                               account_id=family.account.id)
    synced = dt.datetime.fromisoformat(response.headers["X-VssID-Synced-At"])
    expires = dt.datetime.fromisoformat(response.headers["X-VssID-Offline-Expires"])
    assert before <= synced <= after
    assert expires == min(synced + dt.timedelta(days=KEEP_DAYS), end_of_validity(family.card.valid_to),
                          end_of_validity(family.child_card.valid_to))
    body = response.get_data(as_text=True)
    assert "Đang ngoại tuyến — cập nhật lúc" in body
    # The copy shows the holder's and the child's cards, with their QR codes.
    assert "LÊ THỊ THU HẰNG" in body and "TRẦN MINH KHOA" in body
    assert body.count('class="qr-code"') == 2
    session.expire_all()
    assert session.scalars(select(AuditEvent).where(AuditEvent.event == "offline_card_synced",
                                                    AuditEvent.account_id == family.account.id)).first()


def test_offline_copy_holds_no_session_secrets_or_settings(parent_client):
    body = parent_client.get("/ca-nhan/the-bhyt?offline=1").get_data(as_text=True)
    assert "csrf" not in body.lower()  # no CSRF token, no logout form
    assert "/dang-xuat" not in body
    assert "offline-toggle" not in body and "hx-get" not in body


def test_offline_copy_ends_when_the_card_ends(app, session):
    person = make_person(session)
    card = make_card(session, person, valid_from=vn_today() - dt.timedelta(days=300),
                     valid_to=vn_today() + dt.timedelta(days=2))
    account = make_account(session, person)
    session.commit()
    response = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt?offline=1")
    assert dt.datetime.fromisoformat(response.headers["X-VssID-Offline-Expires"]) == end_of_validity(card.valid_to)


def test_expired_card_is_not_kept_offline(app, session):
    person = make_person(session)
    make_card(session, person, valid_from=dt.date(2020, 1, 1), valid_to=vn_today() - dt.timedelta(days=1))
    account = make_account(session, person)
    session.commit()
    response = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt?offline=1")
    assert response.headers["X-VssID-Offline-Expires"] == response.headers["X-VssID-Synced-At"]


def test_signed_out_device_gets_no_offline_copy(client):
    response = client.get("/ca-nhan/the-bhyt?offline=1")
    assert response.status_code in (302, 303)
    assert "X-VssID-Card-Owner" not in response.headers


def test_logout_clears_browser_storage(parent_client):
    token = csrf_token(parent_client, "/ca-nhan/the-bhyt")
    response = parent_client.post("/dang-xuat", data={"csrf_token": token})
    assert response.status_code in (302, 303)
    assert response.headers["Clear-Site-Data"] == '"storage"'


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("reason", ["other_device", "account_switch"])
def test_revoked_session_clears_browser_storage(parent_client, session, family, reason, htmx):
    live = session.scalars(select(UserSession).where(UserSession.account_id == family.account.id,
                                                     UserSession.revoked_at.is_(None))).one()
    live.revoked_at, live.revoked_reason = utcnow(), reason
    session.commit()
    response = parent_client.get("/ca-nhan/the-bhyt", headers={"HX-Request": "true"} if htmx else {})
    assert response.headers.get("Clear-Site-Data") == '"storage"'
    assert "/dang-nhap" in (response.headers.get("HX-Redirect") if htmx else response.headers["Location"])
    assert "LÊ THỊ THU HẰNG" not in response.get_data(as_text=True)


def test_manifest_makes_the_app_installable_in_vietnamese(client):
    manifest = client.get("/manifest.webmanifest").json
    assert manifest["lang"] == "vi" and "Bảo hiểm xã hội số" in manifest["name"] and manifest["short_name"] == "VssID"
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith(manifest["scope"])
    assert manifest["theme_color"] and manifest["background_color"]
    icons = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_iphone_home_screen_tags_are_on_every_page(client):
    body = client.get("/ca-nhan/the-bhyt", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'<link rel="apple-touch-icon" sizes="180x180" href="/static/icons/apple-touch-icon-180.png', body)
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in body
    assert '<meta name="apple-mobile-web-app-title" content="VssID">' in body
    assert "/static/js/sw-register.js" in body


def test_card_page_offers_install_help_for_android_and_iphone(parent_client):
    body = parent_client.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert 'id="install-button"' in body and "hidden>" in body.split('id="install-button"')[1][:80]
    assert "Chia sẻ" in body and "Thêm vào Màn hình chính" in body
