"""The clinic's verifier page in Chromium, offline (airplane mode), and the card's two QRs.

Done means (issue 12): "A clerk with the verifier page, in airplane mode, can tell a real
VssID card from a forged one." The page is loaded once online (it keeps itself, its
script and VSS's key set), then the browser goes offline (context.set_offline(True)) and
codes are pasted: a genuine one, one with a changed byte, an expired one, one signed by
a key VSS never published, and one whose key was revoked after the verifier synced.
"""
from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import CHROMIUM_ARGS
from tests.support.card import make_family
from tests.support.factories import PASSWORD
from tests.support.browser import wait_until_controlled
from tests.support.web import field
from vssid.card import keys, signing
from vssid.card.services import birth_of
from vssid.core.db import utcnow

SECRET = "test-secret"  # the test app's SECRET_KEY seals the keys
WEEK = dt.timedelta(days=7)
MAX_AGE_HOURS = 12


@pytest.fixture
def app_config():
    return {"VSSID_VERIFIER_KEYS_MAX_AGE_HOURS": MAX_AGE_HOURS}


def open_verifier(page: Page, base: str) -> None:
    page.goto(base + "/xac-thuc-the/")
    expect(page.get_by_role("heading", name="Xác thực thẻ BHYT", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Bộ khóa của BHXH Việt Nam cập nhật lúc \d\d:\d\d"))).to_be_visible()
    wait_until_controlled(page)


def check(page: Page, code: str):
    field(page, "Nội dung mã xác thực").fill(code)
    page.get_by_role("button", name="Kiểm tra mã").click()
    verdict = page.locator("#verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_be_focused()
    return verdict


def change_one_byte(token: str) -> str:
    """A forger's change of one byte of the signed claims: benefit level 4 becomes 5."""
    header, payload, sig = token.split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert claims.count(b'"lv":4') == 1
    forged = base64.urlsafe_b64encode(claims.replace(b'"lv":4', b'"lv":5')).rstrip(b"=").decode()
    return f"{header}.{forged}.{sig}"


def change_one_character(token: str) -> str:
    i = len(token) // 2
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


def test_clerk_tells_real_from_forged_in_airplane_mode(page: Page, context: BrowserContext, live_server, session):
    family = make_family(session)
    now = utcnow()
    keys.create_key(session, now=now - dt.timedelta(days=30), secret=SECRET)
    genuine = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=now, lifetime=WEEK,
                             secret=SECRET).token
    expired = keys.sign_card(session, family.child, family.child_card, birth=birth_of(family.child).format(),
                             now=now - dt.timedelta(days=8), lifetime=WEEK, secret=SECRET).token
    stranger = signing.generate_private_key()
    claims = keys.card_claims(family.parent, family.card, birth="09/03/1988", now=now, lifetime=WEEK)
    forged = signing.sign(claims, private_key=stranger, kid=signing.key_id(stranger.public_key()))
    session.commit()

    open_verifier(page, live_server)
    context.set_offline(True)
    page.reload()  # the page itself now comes from the verifier's service worker
    expect(page.get_by_role("heading", name="Xác thực thẻ BHYT", exact=True)).to_be_visible()
    assert page.evaluate("navigator.onLine") is False

    verdict = check(page, genuine)
    expect(verdict.locator(".verdict-state")).to_have_text("Hợp lệ")
    expect(verdict).to_contain_text("LÊ THỊ THU HẰNG")
    expect(verdict).to_contain_text("09/03/1988")
    expect(verdict).to_contain_text("Được thanh toán 80% chi phí KCB trong phạm vi hưởng BHYT")
    expect(verdict).to_contain_text(
        f"{family.card.valid_from:%d/%m/%Y} – {family.card.valid_to:%d/%m/%Y}")
    page.screenshot(path="/tmp/signedqr-verifier-valid.png", full_page=True)

    verdict = check(page, change_one_byte(genuine))
    expect(verdict.locator(".verdict-state")).to_have_text("Không hợp lệ")
    expect(verdict).to_contain_text("Chữ ký không khớp: mã đã bị sửa hoặc bị giả mạo.")
    expect(verdict).not_to_contain_text("LÊ THỊ THU HẰNG")
    page.screenshot(path="/tmp/signedqr-verifier-invalid.png", full_page=True)
    verdict = check(page, change_one_character(genuine))  # a misread or mangled character
    expect(verdict.locator(".verdict-state")).to_have_text("Không hợp lệ")
    expect(verdict).not_to_contain_text("LÊ THỊ THU HẰNG")

    verdict = check(page, expired)
    expect(verdict.locator(".verdict-state")).to_have_text("Đã hết hạn")
    expect(verdict).to_contain_text("Mã xác thực đã hết hạn")
    expect(verdict).to_contain_text("TRẦN MINH KHOA")
    page.screenshot(path="/tmp/signedqr-verifier-expired.png", full_page=True)

    verdict = check(page, forged)
    expect(verdict.locator(".verdict-state")).to_have_text("Không hợp lệ")
    expect(verdict).to_contain_text("Mã được ký bằng khóa không có trong bộ khóa của BHXH Việt Nam.")

    # The card's ordinary QR is not a signed code; the clerk is told which one to scan.
    verdict = check(page, "7912345678|4cc3aa|09/03/1988|2|-|79 - 011|01/01/2026|31/12/2026|01/01/2026|||||$")
    expect(verdict).to_contain_text("Đây là mã QR thông thường của thẻ")


def test_a_revoked_key_fails_after_the_verifier_syncs(page: Page, context: BrowserContext, live_server, session):
    family = make_family(session)
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=utcnow(), lifetime=WEEK,
                          secret=SECRET)
    session.commit()
    open_verifier(page, live_server)
    expect(check(page, code.token).locator(".verdict-state")).to_have_text("Hợp lệ")

    keys.revoke(session, kid=code.kid, now=utcnow())
    session.commit()
    page.get_by_role("button", name="Cập nhật bộ khóa").click()  # or any visit with network
    page.wait_for_function("() => JSON.parse(localStorage.getItem('vssid.verifier.keyset')).jwks.revoked.length === 1")
    context.set_offline(True)
    page.reload()
    verdict = check(page, code.token)
    expect(verdict.locator(".verdict-state")).to_have_text("Không hợp lệ")
    expect(verdict).to_contain_text("Khóa ký của mã này đã bị BHXH Việt Nam thu hồi.")


def test_an_old_key_set_is_flagged(page: Page, context: BrowserContext, live_server, session):
    family = make_family(session)
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=utcnow(), lifetime=WEEK,
                          secret=SECRET).token
    session.commit()
    open_verifier(page, live_server)
    expect(page.get_by_text("Bộ khóa đã cũ")).to_be_hidden()
    # The key set was last downloaded 13 hours ago (more than VSSID_VERIFIER_KEYS_MAX_AGE_HOURS).
    page.evaluate("""hours => { const kept = JSON.parse(localStorage.getItem('vssid.verifier.keyset'));
                       kept.fetched = Date.now() - hours * 3600 * 1000;
                       localStorage.setItem('vssid.verifier.keyset', JSON.stringify(kept)); }""", MAX_AGE_HOURS + 1)
    context.set_offline(True)
    page.reload()
    warning = page.get_by_role("status").filter(has_text="Bộ khóa đã cũ")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Hãy kết nối mạng và mở lại trang để cập nhật")
    expect(check(page, code).locator(".verdict-state")).to_have_text("Hợp lệ")  # it still verifies
    page.screenshot(path="/tmp/signedqr-verifier-stale.png", full_page=True)

    context.set_offline(False)
    page.get_by_role("button", name="Cập nhật bộ khóa").click()
    expect(page.get_by_text("Bộ khóa đã cũ")).to_be_hidden()


def test_a_verifier_that_never_synced_says_so(page: Page, live_server, session):
    page.route("**/xac-thuc-the/jwks.json", lambda route: route.abort())
    page.goto(live_server + "/xac-thuc-the/")
    expect(page.get_by_text("Chưa có bộ khóa của BHXH Việt Nam trên máy này.").first).to_be_visible()
    verdict = check(page, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA")
    expect(verdict.locator(".verdict-state")).to_have_text("Chưa kiểm tra được")  # not "Không hợp lệ"


def test_card_page_shows_the_signed_code_the_vendored_decoder_reads(page: Page, live_server, session):
    family = make_family(session)
    page.goto(live_server + "/dang-nhap")
    field(page, "Mã số BHXH").fill(family.parent.ma_so)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    page.goto(live_server + "/ca-nhan/the-bhyt")
    card = page.locator("article.hcard")
    expect(card.get_by_role("img", name="Mã QR của thẻ BHYT")).to_be_visible()
    signed = card.get_by_role("img", name="Mã xác thực của thẻ BHYT")
    expect(signed).to_be_visible()
    expect(card.get_by_role("heading", name="Mã xác thực")).to_be_visible()
    expect(card.get_by_text(re.compile(r"Mã dùng được đến \d\d:\d\d \d\d/\d\d/\d{4}"))).to_be_visible()
    box = signed.bounding_box()
    assert box["width"] >= 300  # large enough for a clinic's phone to read
    page.screenshot(path="/tmp/signedqr-card.png", full_page=True)

    # The QR on screen decodes (with the vendored jsQR) to the code the page carries.
    page.add_script_tag(url=live_server + "/static/js/jsQR-1.4.0.js")
    decoded = page.evaluate("""() => new Promise((resolve, reject) => {
        const svg = document.querySelector('[data-signed-code] svg');
        const img = new Image();
        img.onload = () => {
          const c = document.createElement('canvas'); c.width = 600; c.height = 600;
          const ctx = c.getContext('2d'); ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 600, 600);
          ctx.drawImage(img, 0, 0, 600, 600);
          const found = jsQR(ctx.getImageData(0, 0, 600, 600).data, 600, 600);
          resolve(found ? found.data : null);
        };
        img.onerror = reject;
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    })""")
    assert decoded == page.locator("[data-signed-code]").get_attribute("data-code")
    assert keys.verify_code(session, text=decoded, now=utcnow()).valid


def test_verifier_is_installable_on_its_own(playwright, live_server, tmp_path):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 390, "height": 844},
    )
    try:
        page = context.new_page()
        page.goto(live_server + "/xac-thuc-the/")
        wait_until_controlled(page)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/xac-thuc-the/sw.js")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest.get("errors") == [] and manifest["url"].endswith("/xac-thuc-the/manifest.webmanifest")
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_after_a_rotation_the_verifier_fetches_the_new_key_when_it_meets_it(page: Page, live_server, session):
    family = make_family(session)
    keys.create_key(session, now=utcnow() - dt.timedelta(days=1), secret=SECRET)
    session.commit()
    open_verifier(page, live_server)
    new, _ = keys.rotate(session, now=utcnow(), secret=SECRET, grace=dt.timedelta(days=8), code_lifetime=WEEK)
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=utcnow(), lifetime=WEEK,
                          secret=SECRET)
    session.commit()
    assert code.kid == new.kid
    page.evaluate("""() => { const kept = JSON.parse(localStorage.getItem('vssid.verifier.keyset'));
                       kept.fetched = Date.now() - 5 * 60 * 1000;  // synced five minutes before the rotation
                       localStorage.setItem('vssid.verifier.keyset', JSON.stringify(kept)); }""")
    expect(check(page, code.token).locator(".verdict-state")).to_have_text("Hợp lệ")
    assert page.evaluate("JSON.parse(localStorage.getItem('vssid.verifier.keyset')).jwks.keys.length") == 2


def test_the_kept_card_says_when_its_signed_code_has_expired(page: Page, live_server, session):
    family = make_family(session)
    page.goto(live_server + "/dang-nhap")
    field(page, "Mã số BHXH").fill(family.parent.ma_so)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    # The phone's clock eight days on: the page was kept, the code in it was issued now.
    page.clock.install(time=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8))
    page.goto(live_server + "/ca-nhan/the-bhyt")
    signed = page.locator("[data-signed-code]")
    expect(signed).to_contain_text("Mã xác thực đã hết hạn. Mở VssID khi có mạng để nhận mã mới.")
    expect(signed).to_have_class(re.compile("hcard-signed-expired"))


def write_y4m(path, text: str, *, size: int = 480, frames: int = 5) -> None:
    """A still video of the QR of ``text`` (YUV4MPEG2, 4:2:0) for Chromium's fake camera."""
    import segno

    matrix = segno.make(text, error="m", micro=False).matrix
    modules = len(matrix) + 8  # with the quiet zone
    scale = size // modules
    offset = (size - scale * len(matrix)) // 2
    luma = bytearray(b"\xff" * size * size)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                for y in range(offset + r * scale, offset + (r + 1) * scale):
                    start = y * size + offset + c * scale
                    luma[start:start + scale] = b"\x00" * scale
    chroma = b"\x80" * (size // 2) * (size // 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{size} H{size} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def test_clerk_scans_the_code_with_the_camera(playwright, live_server, session, tmp_path):
    """Chromium on Linux has no BarcodeDetector, so this runs the vendored jsQR on camera frames."""
    family = make_family(session)
    code = keys.sign_card(session, family.parent, family.card, birth="09/03/1988", now=utcnow(), lifetime=WEEK,
                          secret=SECRET).token
    session.commit()
    video = tmp_path / "qr.y4m"
    write_y4m(video, code)
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh")
        context.grant_permissions(["camera"], origin=live_server)
        page = context.new_page()
        page.goto(live_server + "/xac-thuc-the/")
        expect(page.get_by_text(re.compile(r"Bộ khóa của BHXH Việt Nam cập nhật lúc"))).to_be_visible()
        assert page.evaluate("'BarcodeDetector' in window") is False
        page.get_by_role("button", name="Quét mã bằng camera").click()
        verdict = page.locator("#verdict")
        expect(verdict.locator(".verdict-state")).to_have_text("Hợp lệ", timeout=15000)
        expect(verdict).to_contain_text("LÊ THỊ THU HẰNG")
        expect(field(page, "Nội dung mã xác thực")).to_have_value(code)
        expect(page.get_by_role("button", name="Dừng quét")).to_be_hidden()  # the camera is released
    finally:
        browser.close()
