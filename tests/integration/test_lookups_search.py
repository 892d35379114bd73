"""Directory search on the real database engine (SQLite FTS5, PostgreSQL full text).

Source: the look-ups issue: accent-insensitive search with abbreviations, one folding
function for indexing and searching, filters by province/commune/level, paged results,
index kept in step with the data.
"""
from __future__ import annotations

from sqlalchemy import delete, text, update

from tests.support.lookups import (
    BEN_THANH,
    CHO_LON,
    make_collection_point,
    make_employer,
    make_facility,
    make_office,
)
from vssid.lookups import search, services
from vssid.lookups.services import CANDIDATE_LIMIT, PAGE_SIZE, Place, resolve_place
from vssid.registry.models import Facility


def names(page) -> list[str]:
    return [entry.name for entry in page.items]


def test_cho_ray_is_found_however_it_is_typed(session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001", level="Trung ương")
    make_facility(session, name="Bệnh viện Nhi Đồng 1", code="79002")
    make_facility(session, name="Trạm Y tế phường Chợ Quán", code="79003")
    session.commit()
    for query in ("benh vien cho ray", "BV Chợ Rẫy", "Chợ Rẫy", "CHO RAY", "bv cho r", "cho ra", "79001"):
        assert names(services.search_facilities(session, text=query)) == ["Bệnh viện Chợ Rẫy"], query


def test_abbreviations_on_either_side_match(session):
    make_facility(session, name="TTYT khu vực Củ Chi", code="79010")
    make_facility(session, name="Trạm Y tế xã Tân Thông Hội", code="79011")
    session.commit()
    assert names(services.search_facilities(session, text="trung tam y te cu chi")) == ["TTYT khu vực Củ Chi"]
    assert names(services.search_facilities(session, text="TYT tan thong hoi")) == ["Trạm Y tế xã Tân Thông Hội"]


def test_every_word_must_match(session):
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001")
    session.commit()
    assert services.search_facilities(session, text="benh vien cho lon").total == 0
    assert services.search_facilities(session, text="benh vien cho lon").searched is True


def test_closest_match_comes_first(session):
    make_facility(session, name="Phòng khám đa khoa Bệnh viện Chợ Rẫy Việt Nhật", code="79020")
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79021")
    session.commit()
    assert names(services.search_facilities(session, text="cho ray"))[0] == "Bệnh viện Chợ Rẫy"


def test_contracted_and_sick_leave_directories_differ(session):
    make_facility(session, name="Bệnh viện Quận 8", code="79030", contracted_bhyt=True, issues_sick_leave=False)
    make_facility(session, name="Phòng khám tư Quận 8", code="79031", contracted_bhyt=False, issues_sick_leave=True)
    session.commit()
    assert names(services.search_facilities(session, text="quan 8")) == ["Bệnh viện Quận 8"]
    assert names(services.search_facilities(session, text="quan 8", sick_leave=True)) == ["Phòng khám tư Quận 8"]


def test_filters_by_province_commune_and_level(session):
    make_facility(session, name="Trạm Y tế phường Bến Thành", code="79040", level="Xã", ward_code=BEN_THANH)
    make_facility(session, name="Trạm Y tế phường Chợ Lớn", code="79041", level="Xã", ward_code=CHO_LON)
    make_facility(session, name="Trạm Y tế phường Hoàn Kiếm", code="01040", level="Xã", province_code="01",
                  ward_code=None)
    make_facility(session, name="Bệnh viện Đa khoa Sài Gòn", code="79042", level="Tỉnh", ward_code=BEN_THANH)
    session.commit()
    hcm = resolve_place(session, province="79", ward=None)
    ben_thanh = resolve_place(session, province="79", ward=BEN_THANH)
    assert set(names(services.search_facilities(session, text="tram y te", place=hcm))) == {
        "Trạm Y tế phường Bến Thành", "Trạm Y tế phường Chợ Lớn"}
    assert names(services.search_facilities(session, place=ben_thanh, level="Xã")) == ["Trạm Y tế phường Bến Thành"]
    assert names(services.search_facilities(session, place=ben_thanh, level="Tỉnh")) == ["Bệnh viện Đa khoa Sài Gòn"]
    assert names(services.search_facilities(session, text="tram y te", level="Xã",
                                            place=resolve_place(session, province="01", ward=None))) == [
        "Trạm Y tế phường Hoàn Kiếm"]
    assert services.facility_levels(session) == ["Tỉnh", "Xã"]  # the levels in the data, from the top


def test_a_commune_of_another_province_is_not_a_filter(session):
    place = resolve_place(session, province="01", ward=BEN_THANH)  # Bến Thành is in 79
    assert place.province_code == "01" and place.ward is None
    assert resolve_place(session, province=None, ward=BEN_THANH).province_code == "79"
    assert resolve_place(session, province="99", ward="xx") == Place()


def test_results_are_paged_and_every_entry_appears_once(session):
    for n in range(PAGE_SIZE * 2 + 5):
        make_facility(session, name=f"Trạm Y tế khu phố {n:02d}", code=f"79{100 + n:03d}")
    session.commit()
    seen = []
    for page_number in (1, 2, 3):
        page = services.search_facilities(session, text="tram y te", page=page_number)
        assert page.total == PAGE_SIZE * 2 + 5 and page.pages == 3 and page.page == page_number
        seen += names(page)
    assert len(seen) == len(set(seen)) == PAGE_SIZE * 2 + 5
    assert services.search_facilities(session, text="tram y te", page=3).has_next is False
    # Past the end or nonsense: the nearest real page.
    assert services.search_facilities(session, text="tram y te", page=9).page == 3
    assert services.search_facilities(session, text="tram y te", page="abc").page == 1


def test_more_matches_than_the_limit_ask_for_a_narrower_query(session):
    rows = [{"code": f"{n:05d}", "name": f"Trạm Y tế số {n}", "level": "Xã", "address": "x", "province_code": "79"}
            for n in range(10000, 10000 + CANDIDATE_LIMIT + 10)]
    session.execute(Facility.__table__.insert(), rows)
    session.commit()
    page = services.search_facilities(session, text="tram y te")
    assert page.capped and page.total == CANDIDATE_LIMIT and len(page.items) == PAGE_SIZE
    assert services.search_facilities(session, text="tram y te so 10500").total == 1


def test_a_capped_count_is_one_sentence(client, session):
    # It read "Hơn 1.000 kết quả; nhập thêm từ để thu hẹp. · hiển thị 1–20": a sentence, then a fragment.
    rows = [{"code": f"{n:05d}", "name": f"Trạm Y tế số {n}", "level": "Xã", "address": "x", "province_code": "79"}
            for n in range(10000, 10000 + CANDIDATE_LIMIT + 10)]
    session.execute(Facility.__table__.insert(), rows)
    session.commit()
    page = client.get("/tra-cuu/co-so-kcb", query_string={"q": "tram y te"}).get_data(as_text=True)
    count = page.split('<p class="result-count">', 1)[1].split("</p>", 1)[0]
    assert count.strip() == "Hơn 1.000 kết quả; nhập thêm từ để thu hẹp."


def test_employers_by_name_unit_code_or_tax_code(session):
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Tân Bình")
    make_employer(session, name="Công ty Cổ phần May Việt Tiến", unit_code="TA1234B", tax_code="0300401524",
                  office=office)
    make_employer(session, name="Công ty TNHH Thực phẩm Sài Gòn", unit_code="TA9999C", tax_code="0301111111")
    session.commit()
    for query in ("may viet tien", "TA1234B", "ta1234b", "0300401524", "0300401"):
        page = services.search_employers(session, text=query)
        assert names(page) == ["Công ty Cổ phần May Việt Tiến"], query
        assert page.items[0].office.name == "Bảo hiểm xã hội cơ sở Tân Bình"
    empty = services.search_employers(session, text="")
    assert empty.searched is False and empty.items == []


def test_offices_and_collection_points_by_place_and_words(session):
    make_office(session, name="Bảo hiểm xã hội cơ sở Sài Gòn", address="Số 1 Nguyễn Huệ")
    make_office(session, name="Bảo hiểm xã hội thành phố Hà Nội", address="Số 86 Trần Hưng Đạo", province_code="01",
                ward_code=None, code="BH01001")
    make_collection_point(session, name="Bưu điện phường Chợ Lớn", kind="diem_thu")
    make_collection_point(session, name="Đại lý thu Hội Phụ nữ phường Chợ Lớn", kind="dai_ly")
    session.commit()
    assert names(services.search_offices(session, text="BHXH sai gon")) == ["Bảo hiểm xã hội cơ sở Sài Gòn"]
    assert names(services.search_offices(session, text="nguyen hue")) == ["Bảo hiểm xã hội cơ sở Sài Gòn"]
    assert names(services.search_offices(session, place=resolve_place(session, province="01", ward=None))) == [
        "Bảo hiểm xã hội thành phố Hà Nội"]
    chol = resolve_place(session, province="79", ward=CHO_LON)
    assert len(services.search_collection_points(session, place=chol).items) == 2
    assert names(services.search_collection_points(session, place=chol, kind="dai_ly")) == [
        "Đại lý thu Hội Phụ nữ phường Chợ Lớn"]


def test_index_follows_inserts_updates_and_deletes(session):
    facility = make_facility(session, name="Bệnh viện Quận Gò Vấp", code="79050")
    session.commit()
    assert services.search_facilities(session, text="go vap").total == 1
    facility.name = "Bệnh viện Đa khoa Gò Vấp mới"  # ORM update: search_text follows
    session.commit()
    assert services.search_facilities(session, text="quan go vap").total == 0
    assert names(services.search_facilities(session, text="go vap moi")) == ["Bệnh viện Đa khoa Gò Vấp mới"]
    session.execute(delete(Facility).where(Facility.code == "79050"))
    session.commit()
    assert services.search_facilities(session, text="go vap").total == 0


def test_core_updates_that_set_search_text_are_indexed(session):
    employer = make_employer(session, name="Hợp tác xã Nông nghiệp Tân Phú")
    session.commit()
    session.execute(update(type(employer)).where(type(employer).id == employer.id).values(
        name="Hợp tác xã Dịch vụ Tân Phú", search_text="hop tac xa dich vu tan phu"))
    session.commit()
    assert services.search_employers(session, text="nong nghiep tan phu").total == 0
    assert services.search_employers(session, text="dich vu tan phu").total == 1


def test_reindex_recomputes_search_text_and_rebuilds_the_index(session, on_postgres):
    make_facility(session, name="Bệnh viện Thống Nhất", code="79060")
    make_employer(session, name="Công ty TNHH Thống Nhất")
    session.commit()
    # As if the folding rules had changed since the rows were written.
    session.execute(text("UPDATE facility SET search_text = 'stale'"))
    session.commit()
    assert services.search_facilities(session, text="thong nhat").total == 0
    counts = search.reindex(session)
    session.commit()
    assert counts["facility"] == 1 and counts["employer"] == 1
    assert names(services.search_facilities(session, text="thong nhat")) == ["Bệnh viện Thống Nhất"]
    assert names(services.search_employers(session, text="thong nhat")) == ["Công ty TNHH Thống Nhất"]


def test_the_engine_specific_index_is_what_answers(session, on_postgres):
    """The search runs on the full-text index of this engine, not on a table scan."""
    make_facility(session, name="Bệnh viện Chợ Rẫy", code="79001")
    session.commit()
    terms = search.parse_terms("cho ray")
    query = search.candidates(session, Facility, terms, [], limit=10)
    compiled = str(query.compile(session.get_bind()))
    if on_postgres:
        assert "to_tsvector('simple'::regconfig" in compiled and "@@ to_tsquery" in compiled
        indexes = session.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'lookup_fts_facility_search_text'")).scalar()
        assert "gin" in indexes and "to_tsvector('simple'::regconfig, search_text)" in indexes
    else:
        assert "lookup_fts_facility MATCH" in compiled
        triggers = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        for table in ("vss_office", "facility", "employer", "collection_point"):
            assert {f"lookup_fts_{table}_ai", f"lookup_fts_{table}_ad", f"lookup_fts_{table}_au"} <= triggers
    assert session.execute(query).scalars().all() == ["79001"]


def test_frequent_words_still_have_to_match(session):
    """Legal-form words are checked on the rows found rather than in the index (SQLite):
    they must still all be there, as whole words."""
    make_employer(session, name="Công ty TNHH May Việt Tiến")
    make_employer(session, name="Công ty Cổ phần May Việt Tiến")
    make_employer(session, name="Doanh nghiệp tư nhân Congty May Việt Tiến")
    session.commit()
    assert names(services.search_employers(session, text="cong ty tnhh may viet tien")) == ["Công ty TNHH May Việt Tiến"]
    assert names(services.search_employers(session, text="Công ty cổ phần may Việt Tiến")) == [
        "Công ty Cổ phần May Việt Tiến"]
    assert names(services.search_employers(session, text="doanh nghiep tu nhan may viet tien")) == [
        "Doanh nghiệp tư nhân Congty May Việt Tiến"]
    assert services.search_employers(session, text="may viet tien").total == 3


def test_every_way_of_matching_gives_the_same_rows(session):
    """The index-driven and the filter-driven paths (and the frequent-word checks) agree."""
    for n, (name, ward) in enumerate([
        ("Trạm Y tế phường Bến Thành", BEN_THANH), ("Trạm Y tế phường Chợ Lớn", CHO_LON),
        ("Phòng khám đa khoa Phúc Khang", BEN_THANH), ("Phòng khám Nhi Phúc An", CHO_LON),
        ("Bệnh viện Đa khoa Phú Thọ", BEN_THANH), ("Trạm y tế xã Phú Hòa", CHO_LON),
    ]):
        make_facility(session, name=name, code=f"79{300 + n:03d}", ward_code=ward)
    session.commit()
    hcm = [Facility.province_code == "79"]
    for query in ("tram y te", "tram y te ph", "phong kham phu", "phu", "benh vien da khoa phu tho", "y te ", "kham nhi"):
        terms = search.parse_terms(query)
        by_index = set(session.scalars(search.candidates(session, Facility, terms, hcm, limit=100)))
        by_rows = set(session.scalars(search.candidates(session, Facility, terms, hcm, limit=100, narrow=True)))
        assert by_index == by_rows and by_index, query
