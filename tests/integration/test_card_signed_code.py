"""Signed card code: keys in the database, rotation, revocation, the JWKS, the card page's
"Mã xác thực", its offline copy, the verifier page's routes and its no-script check.

Sources: issue 12 ("A card a clinic can trust offline"); RFC 7517 (JWK Set); the
verifier is its own PWA (W3C Web App Manifest: id, scope; Service Workers: scope).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from sqlalchemy import select

from tests.support.card import make_family
from tests.support.factories import PASSWORD
from tests.support.web import logged_in_client
from vssid.accounts.models import AuditEvent
from vssid.card import keys, signing
from vssid.card.models import CardSigningKey
from vssid.core.db import utcnow
from vssid.core.errors import Conflict, NotFound, ValidationError

SECRET = "test-secret"
WEEK = dt.timedelta(days=7)


@pytest.fixture
def app_config():
    return {"VSSID_CARD_CODE_DAYS": 7, "VSSID_CARD_KEY_GRACE_DAYS": 8, "VSSID_VERIFIER_KEYS_MAX_AGE_HOURS": 12}


def b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_with_jwks(token: str, jwks: dict) -> dict:
    """An independent check of a code against a published key set (cryptography only)."""
    header_b64, payload_b64, sig_b64 = token.split(".")
    kid = json.loads(b64(header_b64))["kid"]
    jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64(jwk["x"]), "big"), int.from_bytes(b64(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    raw = b64(sig_b64)
    public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                  f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(b64(payload_b64).decode())


def codes_on(page: str) -> list[str]:
    return [html.unescape(code) for code in re.findall(r'data-code="([^"]+)"', page)]


# --- The card page ----------------------------------------------------------------------


def test_card_page_shows_both_codes_and_the_signed_one_is_genuine(app, client, session):
    family = make_family(session)
    parent = logged_in_client(app, session, family.account, PASSWORD)
    before = utcnow().replace(microsecond=0)
    page = parent.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert 'aria-label="Mã QR của thẻ BHYT"' in page  # the standard QR, unchanged
    assert 'aria-label="Mã xác thực của thẻ BHYT"' in page
    assert ">Mã xác thực</h3>" in page
    [token] = codes_on(page)
    claims = verify_with_jwks(token, client.get("/xac-thuc-the/jwks.json").get_json())
    assert claims["no"] == family.card.card_number and claims["nm"] == "Lê Thị Thu Hằng"
    assert claims["bd"] == "09/03/1988" and claims["lv"] == 4 and claims["fc"] == family.facility.code
    assert (claims["vf"], claims["vt"]) == (family.card.valid_from.isoformat(), family.card.valid_to.isoformat())
    assert before.timestamp() <= claims["iat"] <= utcnow().timestamp()
    assert claims["exp"] - claims["iat"] == WEEK.total_seconds()
    assert [row.status for row in keys.list_keys(session)] == ["active"]  # the first signature made the key


def test_the_offline_copy_carries_a_signed_code_for_every_card_it_keeps(app, client, session):
    family = make_family(session)
    parent = logged_in_client(app, session, family.account, PASSWORD)
    response = parent.get("/ca-nhan/the-bhyt?offline=1")
    tokens = codes_on(response.get_data(as_text=True))
    jwks = client.get("/xac-thuc-the/jwks.json").get_json()
    assert sorted(verify_with_jwks(t, jwks)["nm"] for t in tokens) == ["Lê Thị Thu Hằng", "Trần Minh Khoa"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_child_tab_carries_the_childs_code_only(app, session):
    family = make_family(session)
    parent = logged_in_client(app, session, family.account, PASSWORD)
    [token] = codes_on(parent.get(f"/ca-nhan/the-bhyt/{family.child.id}").get_data(as_text=True))
    assert json.loads(b64(token.split(".")[1]))["nm"] == "Trần Minh Khoa"


def test_a_card_shown_again_within_the_hour_gets_the_same_code(session):
    """Codes are issued on the hour and signed deterministically, so the page, its offline
    copy and a reload show one QR (drawn once); the next hour brings a new code."""
    family = make_family(session)
    hour = dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.timezone.utc)
    key = keys.create_key(session, now=hour - dt.timedelta(days=1), secret=SECRET)

    def code(now):
        return keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=now, lifetime=WEEK,
                              secret=SECRET)

    first, again = code(hour + dt.timedelta(minutes=1)), code(hour + dt.timedelta(minutes=59, seconds=59))
    assert first == again and first.issued_at == hour and first.expires_at == hour + WEEK
    assert code(hour + dt.timedelta(hours=1)).token != first.token
    # A key made mid-hour never signs a code dated before the key existed.
    key.status = "retired"
    fresh = keys.create_key(session, now=hour + dt.timedelta(minutes=20), secret=SECRET)
    later = code(hour + dt.timedelta(minutes=30))
    assert later.kid == fresh.kid and later.issued_at == hour + dt.timedelta(minutes=20)
    assert keys.verify_code(session, text=later.token, now=hour + dt.timedelta(minutes=31)).valid


# --- Keys: rotation, revocation, the published set -------------------------------------


def test_rotation_keeps_the_old_key_verifying_for_the_grace_period(app, client, session):
    family = make_family(session)
    t0 = utcnow()
    old = keys.create_key(session, now=t0 - dt.timedelta(days=30), secret=SECRET)
    old_code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=t0, lifetime=WEEK,
                              secret=SECRET)
    assert old_code.kid == old.kid
    new, retired = keys.rotate(session, now=t0, secret=SECRET, grace=dt.timedelta(days=8), code_lifetime=WEEK)
    session.commit()
    assert [r.kid for r in retired] == [old.kid] and old.status == "retired"
    assert old.not_after == t0 + dt.timedelta(days=8)
    new_code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=t0, lifetime=WEEK,
                              secret=SECRET)
    assert new_code.kid == new.kid  # the new key signs from now on

    jwks = client.get("/xac-thuc-the/jwks.json").get_json()
    assert {k["kid"]: k["status"] for k in jwks["keys"]} == {new.kid: "active", old.kid: "retired"}
    assert next(k for k in jwks["keys"] if k["kid"] == old.kid)["exp"] == int(old.not_after.timestamp())
    for code in (old_code, new_code):
        verify_with_jwks(code.token, jwks)
        assert keys.verify_code(session, text=code.token, now=t0 + dt.timedelta(days=6)).valid

    # After the grace period the old key is no longer published and its codes fail.
    later = t0 + dt.timedelta(days=8, minutes=1)
    assert [k["kid"] for k in keys.jwks(session, now=later, max_age=dt.timedelta(hours=1))["keys"]] == [new.kid]
    assert keys.verify_code(session, text=old_code.token, now=later).state == signing.INVALID


def test_a_grace_period_shorter_than_a_codes_life_is_refused(session):
    old = keys.create_key(session, now=utcnow(), secret=SECRET)
    with pytest.raises(ValidationError, match="phải dài ít nhất bằng thời hạn của mã xác thực"):
        keys.rotate(session, now=utcnow(), secret=SECRET, grace=dt.timedelta(days=2), code_lifetime=WEEK)
    assert old.status == "active" and len(keys.list_keys(session)) == 1


def test_revoked_key_is_listed_as_revoked_and_its_codes_fail(app, client, session):
    family = make_family(session)
    now = utcnow()
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=now, lifetime=WEEK,
                          secret=SECRET)
    session.commit()
    assert keys.verify_code(session, text=code.token, now=now).valid
    keys.revoke(session, kid=code.kid, now=now)
    session.commit()
    jwks = client.get("/xac-thuc-the/jwks.json").get_json()
    assert jwks["revoked"] == [code.kid] and jwks["keys"] == []
    verdict = keys.verify_code(session, text=code.token, now=now)
    assert verdict.state == signing.INVALID and "thu hồi" in verdict.reason
    with pytest.raises(Conflict):
        keys.revoke(session, kid=code.kid, now=now)
    with pytest.raises(NotFound):
        keys.revoke(session, kid="no-such-kid", now=now)
    # Revoking the only key does not stop cards from being signed: a new key is made.
    fresh = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=now, lifetime=WEEK,
                           secret=SECRET)
    assert fresh.kid != code.kid and keys.verify_code(session, text=fresh.token, now=now).valid


def test_private_keys_are_stored_sealed_and_a_changed_secret_makes_a_new_key(session):
    first, private = keys.signing_key(session, now=utcnow(), secret=SECRET)
    session.commit()
    raw = private.private_numbers().private_value.to_bytes(32, "big")
    stored = session.scalar(select(CardSigningKey.private_key_sealed).where(CardSigningKey.kid == first.kid))
    assert raw not in stored and len(stored) == 60
    assert "PRIVATE" not in first.public_key
    second, _ = keys.signing_key(session, now=utcnow(), secret="another-secret-after-a-leak")
    assert second.kid != first.kid  # the old one cannot be opened: never sign with a key we cannot open


def test_jwks_document(client, session):
    key = keys.create_key(session, now=utcnow() - dt.timedelta(hours=1), secret=SECRET)
    session.commit()
    response = client.get("/xac-thuc-the/jwks.json")
    assert response.status_code == 200
    assert response.mimetype == "application/jwk-set+json"
    assert "public" in response.headers["Cache-Control"]
    body = response.get_json()
    [jwk] = body["keys"]
    assert set(jwk) == {"kty", "crv", "x", "y", "kid", "alg", "use", "status", "nbf"}  # no "d": nothing private
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"], jwk["kid"]) == ("EC", "P-256", "ES256", "sig", key.kid)
    assert body["max_age"] == 12 * 3600 and body["revoked"] == []
    assert abs(body["iat"] - utcnow().timestamp()) < 60
    assert signing.key_id(signing.load_public_pem(key.public_key)) == jwk["kid"]


# --- The command line -------------------------------------------------------------------


def test_keys_commands_rotate_list_and_revoke(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["keys", "list"])
    assert result.exit_code == 0 and "Chưa có khóa nào" in result.output
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    first = re.search(r"Khóa mới (\S+) ký", result.output).group(1)
    result = runner.invoke(args=["keys", "rotate", "--grace-days", "10"])
    second = re.search(r"Khóa mới (\S+) ký", result.output).group(1)
    assert f"Khóa {first} ngừng ký; vẫn dùng để kiểm tra mã đến" in result.output
    listing = runner.invoke(args=["keys", "list"]).output
    assert re.search(rf"{second}\s+ES256\s+active", listing) and re.search(rf"{first}\s+ES256\s+retired", listing)
    refused = runner.invoke(args=["keys", "rotate", "--grace-days", "3"])
    assert refused.exit_code != 0 and "phải dài ít nhất" in refused.output
    assert runner.invoke(args=["keys", "revoke", first], input="n\n").exit_code != 0  # asked, declined
    result = runner.invoke(args=["keys", "revoke", first, "--yes"])
    assert result.exit_code == 0 and f"Đã thu hồi khóa {first}" in result.output
    assert re.search(rf"{first}\s+ES256\s+revoked.*không", runner.invoke(args=["keys", "list"]).output)
    assert runner.invoke(args=["keys", "revoke", "nope", "--yes"]).exit_code != 0
    events = session.scalars(select(AuditEvent.event).where(AuditEvent.event.like("card_key_%"))).all()
    assert sorted(events) == ["card_key_revoked", "card_key_rotated", "card_key_rotated"]


# --- The verifier page as a PWA, and without script ------------------------------------


def test_verifier_page_is_public_cacheable_and_has_its_own_scope(client):
    response = client.get("/xac-thuc-the/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    # The same page for everyone, safe to keep: no session (only the site-wide device cookie).
    assert [c.split("=")[0] for c in response.headers.getlist("Set-Cookie")] in ([], ["vssid_device"])
    assert 'rel="manifest" href="/xac-thuc-the/manifest.webmanifest"' in page
    assert "csrf_token" not in page and "sw-register.js" not in page
    manifest = client.get("/xac-thuc-the/manifest.webmanifest").get_json()
    assert (manifest["id"], manifest["scope"]) == ("/xac-thuc-the/", "/xac-thuc-the/")
    assert manifest["start_url"].startswith("/xac-thuc-the/") and manifest["display"] == "standalone"
    worker = client.get("/xac-thuc-the/sw.js")
    body = worker.get_data(as_text=True)
    assert worker.mimetype == "application/javascript" and "__VERIFIER_VERSION__" not in body
    precache = json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))
    assert precache[0] == "/xac-thuc-the/"
    assert any("verifier.js" in url for url in precache) and any("jsQR-1.4.0.js" in url for url in precache)
    for url in precache:
        assert client.get(url).status_code == 200, url


def test_no_script_check_answers_like_the_browser(client, session):
    family = make_family(session)
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=utcnow(), lifetime=WEEK,
                          secret=SECRET)
    session.commit()
    response = client.post("/xac-thuc-the/", data={"code": code.token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "verdict verdict-valid" in page and "LÊ THỊ THU HẰNG" in page and "09/03/1988" in page

    header, payload, sig = code.token.split(".")
    tampered = header + "." + payload + "." + ("A" if sig[0] != "A" else "B") + sig[1:]
    response = client.post("/xac-thuc-the/", data={"code": tampered})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "verdict verdict-invalid" in page and "Không hợp lệ" in page and "LÊ THỊ THU HẰNG" not in page
    assert html.escape(tampered) in page  # the input is kept

    response = client.post("/xac-thuc-the/", data={"code": ""})
    assert response.status_code == 422 and "Vui lòng quét hoặc dán mã xác thực." in response.get_data(as_text=True)
