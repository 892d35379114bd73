"""Staff load and correct the directories from CSV (docs/LOOKUPS_CSV.md): row by row
checks, all or nothing, each bad row reported with its line number in Vietnamese; the
same from `flask lookups import KIND FILE`.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.lookups import BEN_THANH, CHO_LON, csv_of, make_collection_point, make_office
from vssid.lookups import services
from vssid.lookups.csv_import import CsvRejected, import_csv
from vssid.registry.models import CollectionPoint, Employer, Facility, VssOffice

FACILITY_HEADER = ["ma", "ten", "tuyen", "dia_chi", "ma_tinh", "ma_xa", "hop_dong_bhyt", "nhan_dang_ky_ban_dau",
                   "cap_giay_nghi_viec", "dien_thoai", "vi_do", "kinh_do"]
CHO_RAY = ["79001", "Bệnh viện Chợ Rẫy", "Trung ương", "201B Nguyễn Chí Thanh, Phường Chợ Lớn", "79", CHO_LON,
           "có", "không", "có", "028 3855 4137", "10.757", "106.659"]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def problems_of(excinfo) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def test_facilities_are_imported_and_searchable(session):
    data = csv_of(FACILITY_HEADER, CHO_RAY,
                  ["79 - 002", "Trạm Y tế phường Bến Thành", "Xã", "Số 1 Lê Lợi", "79", BEN_THANH, "", "", "", "", "", ""])
    result = import_csv(session, kind="facilities", data=data.encode("utf-8-sig"))
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    cho_ray = session.get(Facility, "79001")
    assert (cho_ray.accepts_initial_registration, cho_ray.issues_sick_leave, str(cho_ray.latitude)) == (
        False, True, "10.757000")
    station = session.get(Facility, "79002")  # defaults: contracted, accepts registration, no sick leave
    assert (station.contracted_bhyt, station.accepts_initial_registration, station.issues_sick_leave) == (
        True, True, False)
    assert [e.name for e in services.search_facilities(session, text="bv cho ray").items] == ["Bệnh viện Chợ Rẫy"]


def test_a_second_file_corrects_known_codes_and_adds_new_ones(session):
    import_csv(session, kind="facilities", data=csv_of(FACILITY_HEADER, CHO_RAY))
    corrected = CHO_RAY.copy()
    corrected[1] = "Bệnh viện Chợ Rẫy (cơ sở chính)"
    corrected[7] = "có"
    result = import_csv(session, kind="facilities", data=csv_of(FACILITY_HEADER, corrected, [
        "79003", "Bệnh viện Nhân dân 115", "Tỉnh", "527 Sư Vạn Hạnh", "79", "", "có", "có", "có", "", "", ""]))
    assert (result.created, result.updated) == (1, 1)
    session.expire_all()
    assert session.get(Facility, "79001").name == "Bệnh viện Chợ Rẫy (cơ sở chính)"
    assert session.get(Facility, "79001").accepts_initial_registration is True
    assert [e.code for e in services.search_facilities(session, text="co so chinh").items] == ["79001"]
    assert services.search_facilities(session, text="nhan dan 115").total == 1


def test_bad_rows_import_nothing_and_are_each_reported(session):
    data = csv_of(
        FACILITY_HEADER,
        CHO_RAY,  # line 2: fine
        ["7900", "", "Tỉnh", "x", "99", "", "có", "có", "có", "", "", ""],  # line 3
        ["79004", "Bệnh viện Quận 4", "Tỉnh", "x", "01", BEN_THANH, "có", "có", "hình như", "abc", "10.7", ""],  # 4
        CHO_RAY,  # line 5: duplicate code
    )
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="facilities", data=data)
    problems = problems_of(excinfo)
    assert "Dòng 3: thiếu tên" in problems
    assert any(p.startswith("Dòng 3: mã cơ sở: mã cơ sở khám chữa bệnh gồm 5 chữ số") for p in problems)
    assert any(p.startswith("Dòng 3: mã tỉnh: mã tỉnh “99” không có trong danh mục") for p in problems)
    assert any(p.startswith("Dòng 4: cấp giấy nghỉ việc hưởng BHXH: “hình như” phải là “có” hoặc “không”")
               for p in problems)
    assert any(p.startswith("Dòng 4: điện thoại: số điện thoại “abc” không hợp lệ") for p in problems)
    assert "Dòng 5: mã cơ sở “79001” trùng với dòng 2" in problems
    assert not any(p.startswith("Dòng 2") for p in problems)
    assert excinfo.value.message.startswith("Tệp có 3 dòng lỗi nên chưa nhập dòng nào.")
    assert count(session, Facility) == 0


def test_commune_must_be_in_the_province_and_coordinates_come_in_pairs(session):
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="facilities", data=csv_of(
            FACILITY_HEADER,
            ["79005", "Bệnh viện A", "Tỉnh", "x", "01", BEN_THANH, "", "", "", "", "", ""],
            ["79006", "Bệnh viện B", "Tỉnh", "x", "79", "", "", "", "", "", "10.7", ""],
            ["79007", "Bệnh viện C", "Tỉnh", "x", "79", "", "", "", "", "", "95", "106"],
        ))
    assert problems_of(excinfo) == [
        f"Dòng 2: xã, phường mã {BEN_THANH} không thuộc tỉnh có mã 01",
        "Dòng 3: cần cả vĩ độ và kinh độ, hoặc để trống cả hai",
        "Dòng 4: vĩ độ: phải nằm trong khoảng -90 đến 90",
    ]


def test_header_problems_are_reported_on_line_one(session):
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="offices", data="ma,ten,dia_chi,tinh\nBH1,A,B,79\n")
    assert problems_of(excinfo) == [
        "Dòng 1: thiếu cột “ma_tinh” (mã tỉnh)",
        "Dòng 1: cột “tinh” không có trong mẫu Cơ quan BHXH",
    ]


def test_not_utf8_empty_or_ragged_files_are_rejected(session):
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="offices", data="ma,ten\nBH1,Đà\n".encode("cp1258"))
    assert "UTF-8" in problems_of(excinfo)[0]
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="offices", data="ma,ten,dia_chi,ma_tinh\n\n")
    assert problems_of(excinfo) == ["Dòng 2: tệp không có dòng dữ liệu nào"]
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="offices", data="ma,ten,dia_chi,ma_tinh\nBH1,A,B\n")
    assert problems_of(excinfo) == ["Dòng 2: có 3 ô, mẫu có 4 cột"]


def test_semicolons_quoted_commas_and_excel_lost_zeros(session):
    data = ('Mã;Tên;Địa chỉ;Mã tỉnh;Điện thoại;Vĩ độ;Kinh độ\r\n'
            'bh01001;"Bảo hiểm xã hội thành phố Hà Nội";"Số 86, Trần Hưng Đạo";1;024 3942 1234;21,0245;105,8412\r\n')
    import_csv(session, kind="offices", data=data)
    office = session.scalars(select(VssOffice)).one()
    assert (office.code, office.province_code, office.address, str(office.longitude)) == (
        "BH01001", "01", "Số 86, Trần Hưng Đạo", "105.841200")


def test_employers_need_a_known_office_and_a_valid_status(session):
    make_office(session, code="BH79100", name="Bảo hiểm xã hội cơ sở Tân Bình")
    session.commit()
    header = ["ma_don_vi", "ten", "ma_so_thue", "dia_chi", "ma_tinh", "ma_co_quan_bhxh", "trang_thai"]
    with pytest.raises(CsvRejected) as excinfo:
        import_csv(session, kind="employers", data=csv_of(
            header,
            ["TA0001A", "Công ty Cổ phần May Việt Tiến", "0300401524", "x", "79", "BH79100", "Đang hoạt động"],
            ["TA0002A", "Công ty B", "12345", "x", "79", "BH00000", "mở"],
        ))
    assert problems_of(excinfo) == [
        "Dòng 3: mã số thuế: mã số thuế “12345” phải gồm 10 chữ số, hoặc 10 chữ số, gạch nối và 3 chữ số",
        "Dòng 3: mã cơ quan BHXH quản lý: không có cơ quan BHXH mã “BH00000” (nhập danh sách cơ quan BHXH trước)",
        "Dòng 3: trạng thái: trạng thái “mở” không hợp lệ; dùng: “Đang hoạt động”, “Tạm dừng đóng”, “Đã chấm dứt”",
    ]
    result = import_csv(session, kind="employers", data=csv_of(
        header, ["TA0001A", "Công ty Cổ phần May Việt Tiến", "0300401524-001", "x", "79", "bh79100", "tam dung dong"]))
    assert result.created == 1
    employer = session.scalars(select(Employer)).one()
    assert (employer.status, employer.office.code, employer.tax_code) == ("suspended", "BH79100", "0300401524-001")
    assert services.search_employers(session, text="0300401524").total == 1


def test_collection_points_replace_the_list_of_the_provinces_in_the_file(session):
    make_collection_point(session, name="Bưu điện cũ phường Chợ Lớn")
    make_collection_point(session, name="Bưu điện Hoàn Kiếm", province_code="01", ward_code=None)
    session.commit()
    result = import_csv(session, kind="collection-points", data=csv_of(
        ["loai", "ten", "dia_chi", "ma_tinh", "ma_xa", "dien_thoai", "gio_lam_viec"],
        ["Điểm thu", "Bưu điện phường Chợ Lớn", "Số 1 Hải Thượng Lãn Ông", "79", CHO_LON, "", "7h–19h"],
        ["dai ly thu", "Đại lý thu Hội Phụ nữ phường Bến Thành", "Số 2 Lê Lợi", "79", BEN_THANH, "0909123456", ""],
    ))
    assert (result.created, result.deleted) == (2, 1)
    names = set(session.scalars(select(CollectionPoint.name)))
    assert names == {"Bưu điện phường Chợ Lớn", "Đại lý thu Hội Phụ nữ phường Bến Thành", "Bưu điện Hoàn Kiếm"}
    assert services.search_collection_points(session, text="buu dien cu").total == 0
    assert services.search_collection_points(session, text="hoi phu nu ben thanh").items[0].kind == "dai_ly"


def test_cli_imports_and_reports_bad_rows_with_exit_status(app, session, tmp_path):
    runner = app.test_cli_runner()
    good = tmp_path / "co_so_kcb.csv"
    good.write_text(csv_of(FACILITY_HEADER, CHO_RAY), encoding="utf-8")
    result = runner.invoke(args=["lookups", "import", "facilities", str(good)])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 dòng: 1 mới, 0 cập nhật." in result.output
    bad = tmp_path / "sai.csv"
    bad.write_text(csv_of(FACILITY_HEADER, ["79009", "", "Tỉnh", "x", "79", "", "", "", "", "", "", ""]), encoding="utf-8")
    result = runner.invoke(args=["lookups", "import", "facilities", str(bad)])
    assert result.exit_code == 1
    assert "Tệp có 1 dòng lỗi nên chưa nhập dòng nào." in result.output and "Dòng 2: thiếu tên" in result.output
    assert runner.invoke(args=["lookups", "import", "benh-vien", str(good)]).exit_code == 2
    session.expire_all()
    assert count(session, Facility) == 1


def test_cli_reindex(app, session):
    make_office(session)
    session.commit()
    result = app.test_cli_runner().invoke(args=["lookups", "reindex"])
    assert result.exit_code == 0 and "vss_office 1" in result.output
