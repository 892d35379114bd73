"""Command-line entry points, one group per area (`flask --app app …`)."""
from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from vssid.accounts.cli import accounts_cli
    from vssid.accounts.cli import register_after_seed
    from vssid.outbound.cli import outbound_cli
    from vssid.registry.cli import seed_demo

    app.cli.add_command(seed_demo)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(outbound_cli)
    from vssid.lookups.cli import lookups_cli
    app.cli.add_command(lookups_cli)
    register_after_seed(app)
    from vssid.news.cli import register as register_news; register_news(app)  # noqa: E702
    from vssid.staff.cli import register as register_staff; register_staff(app)  # noqa: E702
