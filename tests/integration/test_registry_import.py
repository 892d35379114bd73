"""Registry import from the core system's JSON export: all or nothing, idempotent, every
bad record named by index and field."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json

import jsonschema
import pytest
from sqlalchemy import func, select

from tests.support.factories import make_facility, make_office, make_person
from tests.support.lookups import make_employer
from tests.support.staff import export_document, staff_client
from tests.support.web import post_form
from vssid.accounts.models import AuditEvent
from vssid.registry.models import (
    BenefitRecord, HealthCard, MedicalVisit, ParticipationPeriod, Person, VisitCostLine,
)
from vssid.staff import registry_import
from vssid.staff.registry_import import ImportRejected, import_export

MODELS = (Person, HealthCard, ParticipationPeriod, BenefitRecord, MedicalVisit, VisitCostLine)


@pytest.fixture
def refs(session):
    facility, office, employer = make_facility(session), make_office(session), make_employer(session)
    session.commit()
    return {"facility": facility.code, "office": office.code, "employer": employer.unit_code}


@pytest.fixture
def document(refs) -> dict:
    return export_document(**refs)


def _counts(session) -> dict[str, int]:
    session.expire_all()
    return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def _run(session, document, **kwargs):
    return import_export(session, data=json.dumps(document, ensure_ascii=False).encode(), staff_id=None, client=None,
                         **kwargs)


def _rejected(session, document) -> list[tuple]:
    with pytest.raises(ImportRejected) as info:
        _run(session, document)
    return [(p.record, p.field) for p in info.value.problems]


def test_the_example_follows_the_published_schema(document):
    schema = json.loads(registry_import.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)


def test_a_valid_file_loads_everything(session, document):
    result = _run(session, document)
    assert {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()} == {
        "people": (2, 0, 0), "cards": (2, 0, 0), "participation": (1, 0, 0), "benefits": (1, 0, 0), "visits": (1, 0, 0)}
    assert _counts(session) == {"person": 2, "health_card": 2, "participation_period": 1, "benefit_record": 1,
                                "medical_visit": 1, "visit_cost_line": 2}
    parent = session.scalars(select(Person).where(Person.ma_so == "7912345678")).one()
    child = session.scalars(select(Person).where(Person.ma_so == "7912345679")).one()
    assert child.guardian_id == parent.id and parent.birth_date.isoformat() == "1990-03-05"
    visit = session.scalars(select(MedicalVisit)).one()
    assert visit.admitted_at.isoformat() == "2026-03-05T01:30:00+00:00"  # +07:00 stored as UTC
    assert visit.secondary_icds == "I10" and [line.quantity for line in visit.lines] == [1, 20]
    period = session.scalars(select(ParticipationPeriod)).one()
    assert period.from_month.isoformat() == "2015-04-01" and period.to_month is None and period.employer_id
    assert session.scalar(select(AuditEvent.event).where(AuditEvent.event == "registry_imported")) == "registry_imported"


def test_importing_the_same_file_twice_changes_nothing(session, document):
    _run(session, document)
    before = _counts(session)
    result = _run(session, document)
    assert _counts(session) == before
    assert all(c.created == c.updated == 0 and c.unchanged > 0 for c in result.counts.values())


def test_a_changed_record_is_updated_in_place(session, document):
    _run(session, document)
    changed = copy.deepcopy(document)
    changed["people"][0]["phone"] = "0909999999"
    changed["cards"][0]["valid_to"] = "2027-03-31"
    changed["visits"][0]["lines"][1]["quantity"] = "10"
    changed["visits"][0]["lines"][1].update(amount=36_050, fund_part=28_840, patient_part=7_210)
    changed["visits"][0].update(t_tongchi_bv=86_050, t_tongchi_bh=86_050, t_bhtt=68_840, t_bncct=17_210, t_thuoc=36_050)
    result = _run(session, changed)
    assert (result.counts["people"].updated, result.counts["cards"].updated, result.counts["visits"].updated) == (1, 1, 1)
    assert _counts(session)["visit_cost_line"] == 2
    session.expire_all()
    assert session.scalars(select(Person.phone).where(Person.ma_so == "7912345678")).one() == "0909999999"


def test_existing_people_are_matched_by_ma_so(session, document):
    make_person(session, ma_so="7912345678", cccd="079190012345", full_name="Lý Thị Hân", phone="0900000000")
    session.commit()
    result = _run(session, document)
    assert (result.counts["people"].created, result.counts["people"].updated) == (1, 1)
    assert session.scalars(select(Person.full_name).where(Person.ma_so == "7912345678")).one() == "Lý Thị Ngọc Hân"


def test_a_dry_run_writes_nothing_but_counts(session, document):
    result = _run(session, document, dry_run=True)
    assert result.counts["people"].created == 2 and "chạy thử" in result.summary()
    assert set(_counts(session).values()) == {0}


SCHEMA_BREAKS = [
    (lambda d: d["people"][1].update(ma_so="79123"), [("people[1]", "ma_so")]),
    (lambda d: d["people"][0].pop("full_name"), [("people[0]", "full_name")]),
    (lambda d: d["people"][0].update(gender=3), [("people[0]", "gender")]),
    (lambda d: d["people"][0].update(nickname="Hân"), [("people[0]", "nickname")]),
    (lambda d: d["cards"][1].update(benefit_level="1"), [("cards[1]", "benefit_level")]),
    (lambda d: d["cards"][0].update(valid_from="01/01/2026"), [("cards[0]", "valid_from")]),
    (lambda d: d["participation"][0].update(from_month="2015-13"), [("participation[0]", "from_month")]),
    (lambda d: d["benefits"][0].update(amount=-1), [("benefits[0]", "amount")]),
    (lambda d: d["visits"][0]["lines"][0].update(bhyt_rate=120), [("visits[0]", "lines[0].bhyt_rate")]),
    (lambda d: d["visits"][0].update(admitted_at="2026-03-05 08:30"), [("visits[0]", "admitted_at")]),
    (lambda d: d.update(version=2), [("version", None)]),
]


@pytest.mark.parametrize("breaks, named", SCHEMA_BREAKS)
def test_one_record_against_the_schema_writes_nothing_and_is_named(session, document, breaks, named):
    breaks(document)
    assert _rejected(session, document) == named
    assert set(_counts(session).values()) == {0}


def _facility(d):
    d["cards"][0]["facility_code"] = "79999"


CHECK_BREAKS = [
    (lambda d: d["people"][0].update(birth_month=2, birth_day=30), [("people[0]", "birth_day")]),
    (lambda d: d["people"][1].update(birth_month=None), [("people[1]", "birth_day")]),
    (lambda d: d["people"][0].update(province_code="02"), [("people[0]", "province_code")]),
    (lambda d: d["people"][1].update(guardian_ma_so="7900000000"), [("people[1]", "guardian_ma_so")]),
    (lambda d: d["people"].append(copy.deepcopy(d["people"][0])), [("people[2]", "ma_so")]),
    (lambda d: d["people"][1].update(cccd="079190012345"), [("people[1]", "cccd")]),
    (_facility, [("cards[0]", "facility_code")]),
    (lambda d: d["cards"][0].update(object_code="ZZ"), [("cards[0]", "object_code")]),
    (lambda d: d["cards"][0].update(valid_to="2025-12-31"), [("cards[0]", "valid_to")]),
    (lambda d: d["cards"][0].update(issue_date="2025-02-30"), [("cards[0]", "issue_date")]),
    (lambda d: d["cards"][0].update(issuing_office_code="NOPE"), [("cards[0]", "issuing_office_code")]),
    (lambda d: d["cards"].append(copy.deepcopy(d["cards"][0])), [("cards[2]", None)]),
    (lambda d: d["participation"][0].update(ma_so="7900000000"), [("participation[0]", "ma_so")]),
    (lambda d: d["participation"][0].update(to_month="2014-01"), [("participation[0]", "to_month")]),
    (lambda d: d["participation"][0].update(employer_unit_code="KHONGCO"), [("participation[0]", "employer_unit_code")]),
    (lambda d: d["benefits"][0].update(period_to="2022-01-01"), [("benefits[0]", "period_to")]),
    (lambda d: d["visits"][0].update(t_bhtt=97_000), [("visits[0]", "t_tongchi_bv")]),
    (lambda d: d["visits"][0]["lines"][0].update(fund_part=1), [("visits[0]", "lines[0].amount")]),
    (lambda d: d["visits"][0]["lines"][1].update(quantity="0"), [("visits[0]", "lines[1].quantity")]),
    (lambda d: d["visits"][0].update(discharged_at="2026-03-04T10:00:00+07:00"), [("visits[0]", "discharged_at")]),
    (lambda d: d["visits"].append(copy.deepcopy(d["visits"][0])), [("visits[1]", None)]),
]


@pytest.mark.parametrize("breaks, named", CHECK_BREAKS)
def test_one_record_failing_a_cross_check_writes_nothing_and_is_named(session, document, breaks, named):
    breaks(document)
    assert _rejected(session, document) == named
    assert set(_counts(session).values()) == {0}


def test_a_cccd_or_decision_number_already_held_by_someone_else(session, document):
    other = make_person(session, cccd="079190012345")  # another mã số holds the parent's CCCD
    session.add(BenefitRecord(person_id=other.id, regime="om_dau", decision_number="QD-79-2022-000123",
                              decision_date=dt.date(2022, 1, 10), amount=900_000, payment_method="cash"))
    session.commit()
    problems = _rejected(session, document)
    assert ("people[0]", "cccd") in problems and ("benefits[0]", "decision_number") in problems
    assert _counts(session)["person"] == 1 and _counts(session)["benefit_record"] == 1


def test_every_problem_is_reported_not_only_the_first(session, document):
    document["people"][0]["phone"] = "123"
    document["cards"][1]["status"] = "lost"
    document["visits"][0]["t_bntt"] = 5
    problems = _rejected(session, document)
    assert ("people[0]", "phone") in problems and ("cards[1]", "status") in problems


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe not utf-8", "UTF-8"),
    (b'{"format": "vssid-registry-export", "version": 1, ', "JSON hợp lệ (dòng 1"),
    (b"[]", "sai kiểu dữ liệu"),
])
def test_a_file_that_is_not_an_export(session, data, message):
    with pytest.raises(ImportRejected) as info:
        import_export(session, data=data, staff_id=None, client=None)
    assert message in str(info.value.problems[0])


def test_the_cli_imports_or_names_the_bad_record(app, session, document, tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(document), encoding="utf-8")
    document["cards"][1]["facility_code"] = "79998"
    bad.write_text(json.dumps(document), encoding="utf-8")
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["registry", "import", str(bad)])
    assert failed.exit_code == 1
    assert "Bản ghi cards[1] (mã số 7912345679), trường “facility_code”" in failed.output
    assert set(_counts(session).values()) == {0}
    done = runner.invoke(args=["registry", "import", str(good)])
    assert done.exit_code == 0 and "người tham gia: 2 mới" in done.output
    again = runner.invoke(args=["registry", "import", str(good)])
    assert "người tham gia: 0 mới, 0 cập nhật, 2 không đổi" in again.output


def test_the_console_upload(app, session, document):
    client, officer = staff_client(app, session, "officer")
    bad = copy.deepcopy(document)
    bad["visits"][0]["main_icd"] = "viêm họng"
    response = post_form(client, "/can-bo/nhap-du-lieu",
                         {"file": (io.BytesIO(json.dumps(bad).encode()), "xuat.json")},
                         content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "visits[0]" in body and "main_icd" in body and "chưa ghi bản ghi nào" in body
    assert set(_counts(session).values()) == {0}
    missing = post_form(client, "/can-bo/nhap-du-lieu", {}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Chọn tệp JSON" in missing.get_data(as_text=True)
    ok = post_form(client, "/can-bo/nhap-du-lieu", {"file": (io.BytesIO(json.dumps(document).encode()), "xuat.json")},
                   content_type="multipart/form-data")
    assert ok.status_code == 200 and "Đã nhập tệp xuat.json" in ok.get_data(as_text=True)
    assert _counts(session)["person"] == 2
    event = session.scalars(select(AuditEvent).where(AuditEvent.event == "registry_imported")).one()
    assert f'"staff_id": {officer.id},' in event.detail


def test_the_console_refuses_a_file_over_the_upload_limit(app, session, document, monkeypatch):
    monkeypatch.setattr("vssid.staff.import_views.MAX_UPLOAD_BYTES", 1000)
    client, _ = staff_client(app, session, "officer")
    response = post_form(client, "/can-bo/nhap-du-lieu",
                         {"file": (io.BytesIO(json.dumps(document).encode()), "lon.json")},
                         content_type="multipart/form-data")
    assert response.status_code == 422 and "flask registry import" in response.get_data(as_text=True)
    assert set(_counts(session).values()) == {0}
