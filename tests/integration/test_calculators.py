"""Public calculators use the lương cơ sở in force on the start date (effective-dated data)."""
from __future__ import annotations


def test_household_calculator_before_and_after_1_july_2026(client):
    before = client.get("/tinh-muc-dong/bhyt-ho-gia-dinh?so_nguoi=2&so_thang=12&tu_ngay=2026-06-01").get_data(as_text=True)
    after = client.get("/tinh-muc-dong/bhyt-ho-gia-dinh?so_nguoi=2&so_thang=12&tu_ngay=2026-07-01").get_data(as_text=True)
    assert "1.263.600" in before and "884.520" in before and "2.148.120" in before
    assert "1.366.200" in after and "956.340" in after and "2.322.540" in after


def test_household_calculator_bad_input_says_why_and_keeps_the_input(client):
    response = client.get("/tinh-muc-dong/bhyt-ho-gia-dinh?so_nguoi=abc&so_thang=12")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "bằng chữ số" in body and 'value="abc"' in body
    assert "Thời hạn đóng là 3, 6 hoặc 12 tháng." in client.get(
        "/tinh-muc-dong/bhyt-ho-gia-dinh?so_nguoi=2&so_thang=5").get_data(as_text=True)


def test_household_calculator_htmx_gets_only_the_result(client):
    response = client.get("/tinh-muc-dong/bhyt-ho-gia-dinh?so_nguoi=3&so_thang=6&tu_ngay=2026-08-01",
                          headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="result"' in body and "409.860" in body  # 68,310 × 6
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_voluntary_calculator_with_support_and_bounds(client):
    body = client.get("/tinh-muc-dong/bhxh-tu-nguyen?thu_nhap=1500000&so_thang=12&doi_tuong=ho_ngheo"
                      "&tu_ngay=2026-08-01").get_data(as_text=True)
    assert "330.000" in body and "165.000" in body and "1.980.000" in body  # (330,000 − 165,000) × 12
    assert "trong 7 tháng đầu" in body
    too_high = client.get("/tinh-muc-dong/bhxh-tu-nguyen?thu_nhap=60000000&so_thang=1&tu_ngay=2026-08-01")
    # Ceiling 20 × 2,530,000 = 50,600,000 from 01/07/2026.
    assert "đến 50.600.000" in too_high.get_data(as_text=True)
