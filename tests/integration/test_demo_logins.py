"""`make run`'s demo logins work, meet the password policy, and are printed every start."""
from __future__ import annotations

import pytest

from tests.support.web import login
from vssid.accounts.demo import DEMO_PASSWORDS
from vssid.accounts.passwords import check_policy


@pytest.mark.parametrize("password", DEMO_PASSWORDS.values())
def test_demo_passwords_meet_the_policy(password):
    check_policy(password, personal=["0123456789", "001090012345"])


def test_seed_then_print_the_logins_and_log_in_with_each(app):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["seed-demo", "--people", "30"])
    assert seeded.exit_code == 0, seeded.output
    printed = runner.invoke(args=["accounts", "demo-logins"])
    assert printed.exit_code == 0, printed.output
    lines = [line for line in printed.output.splitlines() if "mã số BHXH" in line]
    assert len(lines) == 4
    for line in lines:
        ma_so = line.split("mã số BHXH")[1].split()[0]
        password = line.split("mật khẩu: ")[1]
        assert login(app.test_client(), ma_so, password).headers["Location"] == "/"


def test_seed_demo_is_refused_in_production(app):
    app.config["VSSID_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["seed-demo", "--people", "30"])
    assert result.exit_code != 0 and "production" in result.output
