"""Command-line entry points, one group per area (`flask --app app …`)."""
from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from vssid.accounts.cli import accounts_cli, register_after_seed
    from vssid.card.cli import register as register_card_keys
    from vssid.gateway.cli import gateway_cli
    from vssid.lookups.cli import lookups_cli
    from vssid.notifications.cli import notifications_cli
    from vssid.news.cli import register as register_news
    from vssid.outbound.cli import outbound_cli
    from vssid.payments.cli import payments_cli
    from vssid.registry.cli import seed_demo
    from vssid.staff.cli import register as register_staff
    from vssid.support.cli import support_cli

    for command in (seed_demo, accounts_cli, outbound_cli, lookups_cli, notifications_cli, payments_cli, gateway_cli,
                    support_cli):
        app.cli.add_command(command)
    register_after_seed(app)
    register_news(app)
    register_staff(app)
    register_card_keys(app)
