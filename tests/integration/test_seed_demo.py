"""`flask seed-demo` (vssid/registry/cli.py) against the test database, SQLite and PostgreSQL.

What a newcomer relies on: `make run` calls `seed-demo --if-empty`, which seeds once
and then leaves the data alone; a plain `seed-demo` never overwrites data (exit code 1,
one line saying how to reset); `--reset` replaces everything but the reference data;
the whole run, including the callbacks other areas register in `vssid.after_seed`
(demo logins), is one transaction.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from vssid.extensions import db
from vssid.registry.models import HealthCard, Household, MedicalVisit, Person, VssOffice


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _seed(app, *args: str):
    return app.test_cli_runner().invoke(args=["seed-demo", *args])


def test_seeds_an_empty_database_and_prints_the_demo_people(app):
    result = _seed(app, "--people", "50")
    assert result.exit_code == 0, result.output
    assert _count(app, Person) == 50
    assert _count(app, HealthCard) == 50
    assert _count(app, MedicalVisit) > 0
    for role in ("Người lao động trong doanh nghiệp", "Người hưởng lương hưu",
                 "Người tham gia BHYT hộ gia đình", "Người tham gia BHXH tự nguyện"):
        assert role in result.output
    with app.app_context():
        ma_so = set(db.session.scalars(select(Person.ma_so)))
    printed = [line.rsplit(" ", 1)[-1] for line in result.output.splitlines() if "mã số BHXH" in line]
    assert len(printed) == 6 and set(printed) <= ma_so
    assert "giây" in result.output


def test_refuses_to_seed_over_existing_data_with_one_clear_line(app):
    assert _seed(app, "--people", "50").exit_code == 0
    result = _seed(app, "--people", "50")
    assert result.exit_code == 1
    message = [line for line in result.output.splitlines() if line.strip()]
    assert len(message) == 1 and "--reset" in message[0] and "đã có dữ liệu" in message[0]
    assert _count(app, Person) == 50


def test_if_empty_seeds_once_then_leaves_the_data_alone(app):
    first = _seed(app, "--if-empty", "--people", "40")
    assert first.exit_code == 0 and _count(app, Person) == 40
    again = _seed(app, "--if-empty", "--people", "80")
    assert again.exit_code == 0
    assert again.output.strip() == "Dữ liệu mẫu đã có"
    assert _count(app, Person) == 40


def test_reset_replaces_the_data_including_rows_that_reference_people(app):
    assert _seed(app, "--people", "50").exit_code == 0  # also creates demo logins (accounts area)
    with app.app_context():
        before = set(db.session.scalars(select(Person.full_name)))
    result = _seed(app, "--reset", "--people", "60", "--seed", "5")
    assert result.exit_code == 0, result.output
    assert _count(app, Person) == 60
    with app.app_context():
        after = set(db.session.scalars(select(Person.full_name)))
    assert after != before
    assert _count(app, VssOffice) > 34


def test_reset_and_if_empty_together_is_a_usage_error(app):
    result = _seed(app, "--reset", "--if-empty")
    assert result.exit_code == 2
    assert _count(app, Person) == 0


def test_too_few_people_is_refused(app):
    result = _seed(app, "--people", "3")
    assert result.exit_code == 1
    assert "ít nhất" in result.output
    assert _count(app, Person) == 0


def test_after_seed_callbacks_run_inside_the_same_uncommitted_transaction(app, database_url):
    seen = {}

    def callback(session, cast):
        seen["people"] = session.scalar(select(func.count()).select_from(Person))
        seen["worker"] = session.get(Person, cast.worker.id).ma_so == cast.worker.ma_so
        outside = create_engine(database_url)
        with outside.connect() as conn:  # another connection does not see the rows yet
            seen["outside"] = conn.scalar(select(func.count()).select_from(Person))
        outside.dispose()

    app.extensions.setdefault("vssid.after_seed", []).append(callback)
    assert _seed(app, "--people", "30").exit_code == 0
    assert seen == {"people": 30, "worker": True, "outside": 0}


def test_a_failing_callback_leaves_no_rows(app):
    def callback(session, cast):
        raise RuntimeError("accounts area broke")

    app.extensions.setdefault("vssid.after_seed", []).append(callback)
    result = _seed(app, "--people", "30")
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert _count(app, Person) == 0 and _count(app, VssOffice) == 0


def test_new_rows_get_fresh_ids_after_the_seed(app):
    """Ids are allocated by the seeder; PostgreSQL's sequences must be moved past them."""
    assert _seed(app, "--people", "30").exit_code == 0
    with app.app_context():
        highest = db.session.scalar(select(func.max(Household.id)))
        household = Household(code="0199999999", address="Số 1, đường Lê Lợi, Phường Hoàn Kiếm, Thành phố Hà Nội",
                              province_code="01")
        db.session.add(household)
        db.session.commit()
        assert household.id > highest


@pytest.mark.parametrize("people", ["0", "-5", "abc"])
def test_bad_people_option_is_rejected(app, people):
    result = _seed(app, "--people", people)
    assert result.exit_code == 2
    assert _count(app, Person) == 0
