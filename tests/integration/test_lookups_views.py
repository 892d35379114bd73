"""The look-up pages through Flask's test client: full pages without script, htmx
fragments with it, entry pages with tel: and map links, nothing personal about employers.

Source: the look-ups issue and ARCHITECTURE.md (Web): every URL serves a full page; htmx
asks for fragments (Vary: HX-Request); the commune picker follows the province.
"""
from __future__ import annotations

import datetime as dt
import re

from tests.support.lookups import BEN_THANH, make_collection_point, make_employer, make_facility, make_office
from tests.support.factories import make_person
from vssid.registry.models import ParticipationPeriod

HTMX = {"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://localhost/tra-cuu/co-so-kcb"}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def result_titles(html: str) -> list[str]:
    return re.findall(r'class="result-title" href="[^"]+">([^<]+)</a>', html)


def test_hub_offers_the_six_look_ups(client):
    html = text_of(client.get("/tra-cuu"))
    for label, href in [
        ("Mã số BHXH", "/tra-cuu/ma-so-bhxh"), ("Cơ quan BHXH", "/tra-cuu/co-quan-bhxh"),
        ("Cơ sở KCB ký hợp đồng KCB BHYT", "/tra-cuu/co-so-kcb"),
        ("Cơ sở KCB cấp giấy nghỉ việc hưởng BHXH", "/tra-cuu/co-so-cap-giay-nghi-viec"),
        ("Đơn vị tham gia BHXH", "/tra-cuu/don-vi-tham-gia"), ("Điểm thu, đại lý thu", "/tra-cuu/diem-thu"),
    ]:
        assert f'href="{href}"' in html and label in html


def test_search_without_script_returns_the_full_page_with_results(client, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001")
    session.commit()
    response = client.get("/tra-cuu/co-so-kcb?q=benh+vien+cho+ray")
    html = text_of(response)
    assert response.status_code == 200 and "<html" in html
    assert result_titles(html) == ["Bệnh viện Chợ Rẫy"]
    assert 'value="benh vien cho ray"' in html  # the query stays in the box
    assert 'hx-trigger="input changed delay:300ms, search"' in html and 'hx-push-url="true"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_gets_only_the_results_and_the_status(client, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001")
    session.commit()
    response = client.get("/tra-cuu/co-so-kcb?q=BV+Ch%E1%BB%A3+R%E1%BA%ABy", headers=HTMX)
    html = text_of(response)
    assert "<html" not in html and "<form" not in html
    assert result_titles(html) == ["Bệnh viện Chợ Rẫy"]
    assert 'id="result-status"' in html and 'hx-swap-oob="true"' in html and "Tìm thấy 1 kết quả." in html
    assert 'id="ward-field"' not in html
    assert {"HX-Request", "HX-Target"} <= set(response.headers["Vary"].replace(" ", "").split(","))


def test_changing_the_province_reloads_the_commune_picker_out_of_band(client, session):
    response = client.get("/tra-cuu/co-so-kcb?tinh=79", headers={**HTMX, "HX-Trigger-Name": "tinh"})
    html = text_of(response)
    ward_field = html[html.index('id="ward-field"') - 100:]
    assert 'hx-swap-oob="true"' in ward_field
    assert f'value="{BEN_THANH}"' in ward_field and "Phường Bến Thành" in ward_field
    assert "Phường Hoàn Kiếm" not in ward_field  # a ward of Hà Nội


def test_history_restore_gets_the_full_page(client):
    response = client.get("/tra-cuu/co-so-kcb?q=x", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in text_of(response)


def test_commune_picker_fragment_for_the_ma_so_form(client):
    html = text_of(client.get("/tra-cuu/xa-phuong?tinh=79"))
    assert 'id="ward-field"' in html and "Phường Bến Thành" in html and "<html" not in html
    assert "disabled" in text_of(client.get("/tra-cuu/xa-phuong?tinh=zz"))


def test_without_a_province_the_commune_picker_is_disabled_and_says_why(client):
    html = text_of(client.get("/tra-cuu/diem-thu"))
    assert re.search(r'<select id="f-xa" name="xa" disabled', html)
    assert "Chọn tỉnh, thành phố trước." in html


def test_bad_parameters_are_ignored_not_errors(client, session):
    make_facility(session, name="Trạm Y tế phường Bến Thành", code="79002")
    session.commit()
    response = client.get("/tra-cuu/co-so-kcb?tinh=zz&xa=%27--&trang=-3&tuyen=%3Cb%3E&q=" + "a" * 500)
    assert response.status_code == 200
    assert "<b>" not in text_of(response).split('id="results"')[1]


def test_pages_link_to_each_other_with_the_query_kept(client, session):
    for n in range(25):
        make_facility(session, name=f"Trạm Y tế khu phố {n:02d}", code=f"79{100 + n:03d}")
    session.commit()
    html = text_of(client.get("/tra-cuu/co-so-kcb?q=tram+y+te"))
    assert len(result_titles(html)) == 20 and "Trang 1/2" in html
    next_link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "q=tram+y+te" in next_link and "trang=2" in next_link
    second = text_of(client.get(next_link))
    assert len(result_titles(second)) == 5 and 'rel="prev"' in second and 'rel="next"' not in second
    assert not set(result_titles(html)) & set(result_titles(second))


def test_facility_page_has_tel_and_map_links(client, session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001", phone="028 3855 4137",
                  accepts_initial_registration=False, issues_sick_leave=True)
    session.commit()
    html = text_of(client.get("/tra-cuu/co-so-kcb/79001"))
    assert 'href="tel:02838554137"' in html
    assert 'href="geo:10.757,106.659?q=10.757,106.659(B%E1%BB%87nh' in html
    assert "https://www.google.com/maps/search/?api=1&amp;query=10.757%2C106.659" in html
    assert "Không nhận" in html and "Có cấp" in html
    assert "Phường Bến Thành, Thành phố Hồ Chí Minh" in html


def test_office_and_collection_point_pages(client, session):
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Sài Gòn", phone="028 3827 1234")
    point = make_collection_point(session, name="Bưu điện phường Chợ Lớn", phone=None)
    session.commit()
    html = text_of(client.get(f"/tra-cuu/co-quan-bhxh/{office.id}"))
    assert "Bảo hiểm xã hội cơ sở Sài Gòn" in html and 'href="tel:02838271234"' in html
    assert "Sáng 7h30–11h30" in html and 'href="geo:' in html
    html = text_of(client.get(f"/tra-cuu/diem-thu/{point.id}"))
    assert "Bưu điện phường Chợ Lớn" in html and "Điểm thu" in html and 'href="geo:0,0?q=' in html
    main = html.split("<main")[1].split("</main>")[0]
    assert "tel:" not in main
    # The commune and province are added to an address that lacks them, once.
    assert main.count("Phường Chợ Lớn, Thành phố Hồ Chí Minh") == 1


def test_an_address_that_names_its_commune_is_not_repeated(client, session):
    point = make_collection_point(session, address="Số 375 Trần Phú, phường Chợ Lớn, thành phố Hồ Chí Minh")
    session.commit()
    main = text_of(client.get(f"/tra-cuu/diem-thu/{point.id}")).split("<main")[1]
    assert "Phường Chợ Lớn, Thành phố Hồ Chí Minh" not in main


def test_employer_page_shows_status_and_office_but_no_employee(client, session):
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Tân Bình")
    employer = make_employer(session, name="Công ty TNHH Dệt may Thành Công", status="suspended", office=office)
    worker = make_person(session, full_name="Lê Văn Công Nhân")
    session.add(ParticipationPeriod(person_id=worker.id, scheme="BHXH", from_month=dt.date(2024, 1, 1),
                                    employer_id=employer.id, wage=8_000_000, province_code="79", mode="compulsory",
                                    job="Công nhân may"))
    session.commit()
    html = text_of(client.get(f"/tra-cuu/don-vi-tham-gia/{employer.id}"))
    assert "Tạm dừng đóng" in html and "Bảo hiểm xã hội cơ sở Tân Bình" in html
    assert f'href="/tra-cuu/co-quan-bhxh/{office.id}"' in html
    for personal in ("Lê Văn Công Nhân", worker.ma_so, "8.000.000", "Công nhân may"):
        assert personal not in html
    listing = text_of(client.get("/tra-cuu/don-vi-tham-gia?q=thanh+cong"))
    assert result_titles(listing) == ["Công ty TNHH Dệt may Thành Công"] and "Lê Văn Công Nhân" not in listing


def test_employer_directory_asks_for_a_query_first(client, session):
    make_employer(session)
    session.commit()
    html = text_of(client.get("/tra-cuu/don-vi-tham-gia"))
    assert result_titles(html) == [] and "Nhập tên, mã đơn vị hoặc mã số thuế" in html


def test_unknown_entries_are_vietnamese_404s(client):
    for path in ("/tra-cuu/co-so-kcb/00000", "/tra-cuu/co-quan-bhxh/999", "/tra-cuu/don-vi-tham-gia/999",
                 "/tra-cuu/diem-thu/999"):
        response = client.get(path)
        assert response.status_code == 404 and "Không tìm thấy" in text_of(response)


def test_no_result_says_so_and_suggests_what_to_do(client, session):
    html = text_of(client.get("/tra-cuu/co-quan-bhxh?q=khong+co+dau"))
    assert "Không tìm thấy kết quả phù hợp." in html and "Thử bớt từ" in html
