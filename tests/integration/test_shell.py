"""The web shell: headers, error pages, health check, manifest, fragments."""
from __future__ import annotations

from tests.support.web import post_form


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in response.headers["Vary"]


def test_pages_render_in_vietnamese(client):
    body = client.get("/").get_data(as_text=True)
    assert 'lang="vi"' in body
    for label in ("Trang chủ", "Quản lý cá nhân", "Tra cứu", "Hỗ trợ", "Tin tức"):
        assert label in body


def test_english_translation_is_served_when_chosen(client):
    post_form(client, "/ngon-ngu", {"lang": "en"}, token_from="/", headers={"Referer": "/"})
    body = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in body
    assert "Home" in body


def test_error_pages_are_vietnamese_and_carry_no_trace(app, client):
    @app.get("/_boom")
    def _boom():
        raise RuntimeError("secret internal detail")

    missing = client.get("/khong-ton-tai")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.get_data(as_text=True)
    boom = client.get("/_boom")
    assert boom.status_code == 500
    text = boom.get_data(as_text=True)
    assert "Hệ thống đang bận" in text and "secret internal detail" not in text and "Traceback" not in text


def test_htmx_request_for_an_error_gets_a_fragment(client):
    response = client.get("/khong-ton-tai", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in body and "Không tìm thấy trang" in body
    assert response.headers["HX-Retarget"] == "#main"


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/dang-nhap", data={"login_id": "0123456789", "password": "x"})
    assert response.status_code == 400
    assert "tải lại trang" in response.get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_manifest_is_served_with_its_media_type(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["lang"] == "vi" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes


def test_static_files_are_cached_long(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
