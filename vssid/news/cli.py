"""`flask news import URL...`: read the portal's RSS/Atom feeds into the news list.

Each feed is one transaction: stored whole, or (malformed, too big, unreachable) not at
all, with a message saying why; the other feeds still go in. Items already stored (same
guid, or same link when there is no guid) are left alone, so running it from cron is safe.
Exit status 1 when any feed failed. Also registers the demo news after `flask seed-demo`.
"""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from vssid.core.db import utcnow
from vssid.extensions import db
from vssid.news import feeds, services
from vssid.news.demo import seed_demo_news

news_cli = AppGroup("news", help="Tin tức – Video: nhập tin từ nguồn RSS/Atom của cổng thông tin BHXH.")


@news_cli.command("import", help="Nhập tin mới từ các nguồn RSS/Atom URL (mỗi nguồn một giao dịch).")
@click.argument("urls", nargs=-1, required=True)
@click.option("--timeout", type=click.FloatRange(min=0.5, max=120), default=feeds.DEFAULT_TIMEOUT, show_default=True,
              help="Thời gian chờ tối đa (giây) cho mỗi lần đọc mạng.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=feeds.DEFAULT_MAX_BYTES, show_default=True,
              help="Kích thước tối đa của một nguồn tin.")
def import_command(urls: tuple[str, ...], timeout: float, max_bytes: int) -> None:
    session = db.session
    failed = 0
    for url in urls:
        try:
            items = feeds.read(url, timeout=timeout, max_bytes=max_bytes)
            result = services.import_items(session, items=items, now=utcnow())
            session.commit()
        except feeds.FeedError as exc:
            session.rollback()
            failed += 1
            click.echo(f"{url}: {exc.message}", err=True)
            continue
        except SQLAlchemyError as exc:
            session.rollback()
            failed += 1
            click.echo(f"{url}: lỗi cơ sở dữ liệu, không nhập mục nào ({exc.__class__.__name__}).", err=True)
            continue
        click.echo(f"{url}: {result.summary()}")
        for title in result.added:
            click.echo(f"  + {title}")
    if failed:
        sys.exit(1)


def register(app: Flask) -> None:
    """`flask news …`, and the demo news after `flask seed-demo`."""
    app.cli.add_command(news_cli)

    def _demo_news(session, _cast) -> None:
        added = seed_demo_news(session, now=utcnow())
        if added:
            click.echo(f"Tin tức mẫu: {added} bài (xem /tin-tuc). Biên tập viên sửa tin trong Cổng cán bộ "
                       "(/can-bo/tin-tuc).")

    app.extensions.setdefault("vssid.after_seed", []).append(_demo_news)
