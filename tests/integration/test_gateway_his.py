"""The card-check gateway hospital software (HIS) calls, played as a HIS would (DOMAIN.md §9).

Sources: DOMAIN.md §9 (POST /api/token/take with username + MD5 hex password -> maKetQua
"200" and APIKey{access_token, id_token, token_type "Bearer", username, expires_in};
credentials of later calls in the query string; KQNhanLichSuKCB2024 and Lskcb2025 bodies as
JSON or form; result codes 000/003/004/010/050/051/052/053/054/055/060/061/070/205/401; the
ghiChu example; dsLichSuKT2018 {userKT, thoiGianKT, thongBao, maLoi}; only registered IP
addresses and clerks), §3 (card fields), issue 13 (tokens expire, are bound to the address,
rate-limited per account; the holder sees who looked their card up).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.support.card import vn_today
from tests.support.factories import PASSWORD, make_account, make_card, make_facility, make_office, make_person
from tests.support.gateway import CLERK, HIS_IP, HIS_PASSWORD, His, make_gateway_account
from tests.support.records import make_visit
from tests.support.web import logged_in_client
from vssid.core.dates import VN_TZ
from vssid.core.db import utcnow
from vssid.gateway.models import CardLookup, GatewayAccount, GatewayToken
from vssid.gateway.rules import md5_hex

FOREIGN_IP = "198.51.100.23"


@pytest.fixture
def world(session):
    """A hospital with a gateway account; a holder with a valid card and one visit; a
    second person whose card ended last month."""
    hospital = make_facility(session, code="79014", name="Bệnh viện Nhân dân Gia Định")
    station = make_facility(session, code="79832", name="Trạm Y tế Phường Bến Nghé")
    office = make_office(session, name="Bảo hiểm xã hội cơ sở Sài Gòn")
    holder = make_person(session, full_name="Trần Văn An", birth_year=1994, birth_month=3, birth_day=5, gender=1,
                         address="Số 7 Hàm Nghi, Phường Sài Gòn")
    card = make_card(session, holder, facility=station, object_code="DN", benefit_level=4, province_code="79",
                     valid_from=dt.date(vn_today().year, 1, 1), valid_to=dt.date(vn_today().year, 12, 31),
                     five_years_date=dt.date(2025, 6, 1), issuing_office_id=office.id)
    make_visit(session, holder, facility=hospital, admitted=dt.datetime(2026, 3, 5, 8, 30, tzinfo=VN_TZ),
               main_icd="J06.9")
    lapsed = make_person(session, full_name="Lê Thị Bình", gender=2, birth_year=1980, birth_month=None,
                         birth_day=None)
    make_card(session, lapsed, facility=station, object_code="GD", benefit_level=4,
              valid_from=vn_today() - dt.timedelta(days=400), valid_to=vn_today() - dt.timedelta(days=35))
    account = make_gateway_account(session, facility=hospital, username="79014_BV")
    session.commit()
    return {"hospital": hospital, "station": station, "holder": holder, "card": card, "lapsed": lapsed,
            "account": account}


@pytest.fixture
def his(client, world):
    his = His(client, "79014_BV")
    assert his.take_token().status_code == 200
    return his


def card_body(person, **overrides) -> dict:
    birth = f"{person.birth_day:02d}/{person.birth_month:02d}/{person.birth_year}" if person.birth_day \
        else str(person.birth_year)
    return {"maThe": person.ma_so, "hoTen": person.full_name, "ngaySinh": birth, **overrides}


def test_a_hospital_checks_cards_reads_history_and_the_holder_sees_it(app, client, session, world):
    """Done means (issue 13)."""
    holder, lapsed = world["holder"], world["lapsed"]
    his = His(client, "79014_BV")

    # Takes a token.
    response = his.take_token()
    assert response.status_code == 200
    token = response.get_json()
    assert token["maKetQua"] == "200"
    assert set(token["APIKey"]) == {"access_token", "id_token", "token_type", "username", "expires_in"}
    assert token["APIKey"]["token_type"] == "Bearer" and token["APIKey"]["username"] == "79014_BV"
    expires = dt.datetime.strptime(token["APIKey"]["expires_in"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert dt.timedelta(minutes=9) < expires - utcnow() <= dt.timedelta(minutes=10)

    # A valid card: 000, every field of §9, ghiChu worded like VSS's.
    answer = his.check(card_body(holder)).get_json()
    year = vn_today().year
    assert answer["maKetQua"] == "000"
    assert answer["ghiChu"] == (
        f"Thẻ còn giá trị sử dụng! Họ tên : Trần Văn An, Ngày sinh: 05/03/1994, Giới tính : Nam! "
        f"(ĐC: Số 7 Hàm Nghi, Phường Sài Gòn; Nơi KCBBĐ: 79832; Hạn thẻ: 01/01/{year} - 31/12/{year}; "
        f"Thời điểm đủ 5 năm liên tục: 01/06/2025).")
    assert answer["maThe"] == f"DN479{holder.ma_so}" and answer["maSoBHXH"] == holder.ma_so
    assert (answer["hoTen"], answer["ngaySinh"], answer["gioiTinh"]) == ("Trần Văn An", "05/03/1994", "Nam")
    assert (answer["maDKBD"], answer["gtTheTu"], answer["gtTheDen"]) == ("79832", f"01/01/{year}", f"31/12/{year}")
    assert answer["cqBHXH"] == "Bảo hiểm xã hội cơ sở Sài Gòn" and answer["ngayDu5Nam"] == "01/06/2025"
    assert answer["maTheMoi"] is None and answer["dsLichSuKCB2018"] is None and answer["dsLichSuKT2018"] == []

    # A wrong name: 060, nothing about the holder.
    wrong = his.check(card_body(holder, hoTen="Phạm Văn An")).get_json()
    assert wrong["maKetQua"] == "060" and wrong["hoTen"] is None and wrong["gtTheDen"] is None
    assert wrong["dsLichSuKT2018"] is None

    # An expired card: 010 (year-only birth as the card has it).
    expired = his.check(card_body(lapsed)).get_json()
    assert expired["maKetQua"] == "010" and expired["ghiChu"].startswith("Thẻ hết giá trị sử dụng! Họ tên : Lê Thị Bình")
    assert expired["ngaySinh"] == "1980" and expired["gioiTinh"] == "Nữ"

    # The visit history.
    history = his.history(card_body(holder)).get_json()
    assert history["maKetQua"] == "000" and history["ghiChu"] is None
    [visit] = history["dsLichSuKCB2025"]
    assert visit["maCSKCB"] == "79014" and visit["ngayVao"] == "202603050830" and visit["ngayRa"] == "202603051030"
    assert visit["tenBenh"].startswith("J06.9 - Nhiễm trùng đường hô hấp trên cấp")
    assert (visit["tinhTrang"], visit["kqDieuTri"]) == ("1", "2")

    # A foreign address: no token, and the token taken at the hospital does not work there.
    refused = his.take_token(ip=FOREIGN_IP)
    assert refused.status_code == 401 and refused.get_json()["maKetQua"] == "401"
    assert FOREIGN_IP in refused.get_json()["ghiChu"]
    stolen = his.check(card_body(holder), ip=FOREIGN_IP)
    assert stolen.status_code == 401 and stolen.get_json()["maKetQua"] == "401"

    # Later answers list the earlier lookups of that card.
    again = his.check(card_body(holder)).get_json()
    assert [(h["userKT"], h["maLoi"]) for h in again["dsLichSuKT2018"]] == [
        ("79014_BV", "000"), ("79014_BV", "060"), ("79014_BV", "000")]
    assert all(re.fullmatch(r"\d{12}", h["thoiGianKT"]) for h in again["dsLichSuKT2018"])
    assert again["dsLichSuKT2018"][1]["thongBao"] == "Họ tên không đúng!"

    # The holder sees the hospital's lookups on their card page.
    account = make_account(session, holder)
    session.commit()
    browser = logged_in_client(app, session, account, PASSWORD)
    page = browser.get("/ca-nhan/the-bhyt").get_data(as_text=True)
    section = page[page.index("Ai đã tra cứu thẻ của tôi"):]
    assert section.count("Bệnh viện Nhân dân Gia Định") == 4  # 3 card checks (one failed) and the history
    assert "xem lịch sử khám chữa bệnh" in section and "thông tin không khớp (mã 060)" in section
    local = re.search(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", section).group(0)
    now = utcnow().astimezone(VN_TZ)
    assert local.endswith(now.strftime("%d/%m/%Y"))


def test_the_other_person_sees_no_lookup_of_someone_elses_card(app, session, his, world):
    his.check(card_body(world["holder"]))
    account = make_account(session, world["lapsed"])
    session.commit()
    page = logged_in_client(app, session, account, PASSWORD).get("/ca-nhan/the-bhyt").get_data(as_text=True)
    assert "Chưa có cơ sở khám chữa bệnh nào tra cứu thẻ này." in page
    assert "Bệnh viện Nhân dân Gia Định" not in page


@pytest.mark.parametrize(("overrides", "code"), [
    ({"hoTen": "Trần Văn Ân"}, "061"),  # diacritics count; first letter right
    ({"hoTen": "  trần   VĂN an "}, "000"),  # case and spacing do not
    ({"ngaySinh": "06/03/1994"}, "070"),
    ({"ngaySinh": "1994"}, "070"),  # the card has the full date
    ({"maThe": "7999999999"}, "050"),
    ({"hoTenCb": "Nguyễn Thị Hoa"}, "055"),
    ({"cccdCb": "079190009999"}, "054"),
    ({"maThe": "DN47912345"}, "205"),
    ({"ngaySinh": "31/02/1994"}, "205"),
    ({"hoTen": ""}, "205"),
    ({"cccdCb": "12345"}, "205"),
    ({"hoTen": 42}, "205"),
])
def test_result_codes(his, world, overrides, code):
    answer = his.check(card_body(world["holder"], **overrides)).get_json()
    assert answer["maKetQua"] == code, answer["ghiChu"]
    if code != "000":
        assert answer["hoTen"] is None and answer["maSoBHXH"] is None


@pytest.mark.parametrize(("prefix", "code"), [("HS4", "051"), ("DN379", "053"), ("DN402", "052"), ("DN479", "000")])
def test_legacy_15_character_codes(his, world, prefix, code):
    holder = world["holder"]
    card_code = (prefix if len(prefix) == 5 else prefix + "79") + holder.ma_so
    assert his.check(card_body(holder, maThe=card_code)).get_json()["maKetQua"] == code


@pytest.mark.parametrize(("old_ends", "code"), [(-10, "003"), (20, "004")])
def test_a_replaced_card_answers_with_the_new_card(session, his, world, old_ends, code):
    """A pupil (HS) became a household member (GD): the old 15-character code names the new card."""
    person = make_person(session, full_name="Võ Minh Khang", birth_year=2005, birth_month=9, birth_day=1)
    today = vn_today()
    make_card(session, person, facility=world["station"], object_code="HS", benefit_level=4, status="replaced",
              valid_from=today - dt.timedelta(days=300), valid_to=today + dt.timedelta(days=old_ends))
    make_card(session, person, facility=world["hospital"], object_code="GD", benefit_level=4,
              valid_from=today - dt.timedelta(days=5), valid_to=today + dt.timedelta(days=360))
    session.commit()
    answer = his.check(card_body(person, maThe=f"HS479{person.ma_so}")).get_json()
    assert answer["maKetQua"] == code
    assert answer["maTheCu"] == f"HS479{person.ma_so}" and answer["maTheMoi"] == f"GD479{person.ma_so}"
    assert answer["maDKBDMoi"] == "79014" and answer["tenDKBDMoi"] == "Bệnh viện Nhân dân Gia Định"
    assert answer["gtTheDenMoi"] == (today + dt.timedelta(days=360)).strftime("%d/%m/%Y")
    assert "Mã thẻ mới: GD479" in answer["ghiChu"]
    # The 10-digit mã số names the current card.
    assert his.check(card_body(person)).get_json()["maKetQua"] == "000"


@pytest.mark.parametrize(("object_code", "code"), [("QN", "001"), ("CA", "002")])
def test_ministry_cards_are_answered_by_their_own_systems(session, his, world, object_code, code):
    person = make_person(session, full_name="Đặng Quốc Huy", birth_year=1990)
    make_card(session, person, facility=world["hospital"], object_code=object_code, benefit_level=5)
    session.commit()
    answer = his.check(card_body(person)).get_json()
    assert answer["maKetQua"] == code and answer["hoTen"] is None


def test_form_bodies_and_json_bodies_answer_alike(client, world):
    his = His(client, "79014_BV")
    assert his.take_token(as_form=True).status_code == 200
    assert his.check(card_body(world["holder"]), as_form=True).get_json()["maKetQua"] == "000"
    assert his.history(card_body(world["holder"]), as_form=True).get_json()["maKetQua"] == "000"


def test_history_needs_the_holders_identity(his, world):
    answer = his.history(card_body(world["holder"], ngaySinh="01/01/1990")).get_json()
    assert answer == {"maKetQua": "070", "ghiChu": "Ngày sinh không đúng!", "dsLichSuKCB2025": None}


def test_wrong_password_unknown_account_and_disabled_account_get_401(client, session, world):
    assert His(client, "79014_BV", password="sai mat khau").take_token().status_code == 401
    assert His(client, "79014_XX").take_token().status_code == 401
    response = client.post("/api/token/take", json={"username": "79014_BV", "password": HIS_PASSWORD})
    assert response.status_code == 401  # the plain password is not the MD5 hex the protocol sends
    world["account"].status = "disabled"
    session.merge(world["account"])
    session.commit()
    assert His(client, "79014_BV").take_token().get_json()["maKetQua"] == "401"


def test_upper_case_md5_is_the_same_password(client, world):
    response = client.post("/api/token/take", json={"username": "79014_bv", "password": md5_hex(HIS_PASSWORD).upper()},
                           environ_base={"REMOTE_ADDR": HIS_IP})
    assert response.get_json()["maKetQua"] == "200"


def test_query_credentials_are_all_checked(his, world):
    body = card_body(world["holder"])
    for name, value in (("token", "x" * 43), ("id_token", "x" * 43), ("username", "79014_BV2"),
                        ("password", md5_hex("khac"))):
        response = his.check(body, credentials={**his.credentials, name: value})
        assert response.status_code == 401, name
    missing = {k: v for k, v in his.credentials.items() if k != "id_token"}
    assert his.check(body, credentials=missing).status_code == 401
    assert his.check(body).get_json()["maKetQua"] == "000"


def test_tokens_expire_and_are_stored_hashed(session, his, world):
    token = session.scalars(select(GatewayToken)).one()
    assert his.credentials["token"] not in (token.token_hash, token.id_token_hash)
    token.expires_at = utcnow() - dt.timedelta(seconds=1)
    session.commit()
    response = his.check(card_body(world["holder"]))
    assert response.status_code == 401 and "hết hạn" in response.get_json()["ghiChu"]


def test_removing_the_address_ends_its_tokens(session, his, world):
    account = session.get(GatewayAccount, world["account"].id)
    account.addresses.clear()
    session.commit()
    assert his.check(card_body(world["holder"])).status_code == 401


def test_password_is_stored_as_argon2_of_the_md5_hex(session, world):
    stored = session.get(GatewayAccount, world["account"].id).password_hash
    assert stored.startswith("$argon2id$") and md5_hex(HIS_PASSWORD) not in stored


def test_refusals_are_not_lookups_and_answers_set_no_cookie(client, session, his, world):
    his.check(card_body(world["holder"]), ip=FOREIGN_IP)
    assert session.scalar(select(func.count(CardLookup.id))) == 0
    response = his.check(card_body(world["holder"]))
    assert "Set-Cookie" not in response.headers and response.headers["Cache-Control"] == "no-store"
    lookup = session.scalars(select(CardLookup)).one()
    assert (lookup.clerk_name, lookup.clerk_cccd, lookup.facility_code, lookup.result_code, lookup.address) == (
        CLERK[0], CLERK[1], "79014", "000", HIS_IP)


def test_a_network_can_be_registered(client, session, world):
    make_gateway_account(session, facility=world["station"], username="79832_TYT", addresses=("203.0.113.0/28",))
    session.commit()
    assert His(client, "79832_TYT", ip="203.0.113.14").take_token().status_code == 200
    assert His(client, "79832_TYT", ip="203.0.113.16").take_token().status_code == 401


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"VSSID_GATEWAY_LOOKUP_LIMIT": "3 per minute"}

    def test_lookups_are_limited_per_account(self, client, session, his, world):
        codes = [his.check(card_body(world["holder"])).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert his.check(card_body(world["holder"])).get_json()["maKetQua"] == "429"
        # Another facility's account is not slowed down by the first one.
        make_gateway_account(session, facility=world["station"], username="79832_TYT")
        session.commit()
        other = His(client, "79832_TYT")
        other.take_token()
        assert other.check(card_body(world["holder"])).get_json()["maKetQua"] == "000"

    def test_wrong_tokens_do_not_use_up_the_hospitals_allowance(self, client, his, world):
        forged = {**his.credentials, "token": "x" * 43}
        assert [his.check(card_body(world["holder"]), credentials=forged, ip=FOREIGN_IP).status_code
                for _ in range(5)] == [401] * 5
        assert his.check(card_body(world["holder"])).get_json()["maKetQua"] == "000"


class TestTokenRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"VSSID_GATEWAY_TOKEN_LIMIT": "2 per minute"}

    def test_password_guesses_are_limited_per_address_without_locking_the_hospital_out(self, client, world):
        guesser = His(client, "79014_BV", password="doan mat khau", ip=FOREIGN_IP)
        assert [guesser.take_token().status_code for _ in range(3)] == [401, 401, 429]
        assert His(client, "79014_BV").take_token().status_code == 200
