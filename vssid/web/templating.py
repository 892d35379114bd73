"""Jinja helpers shared by every template: cache-busted static URLs, VN formats."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, url_for
from flask_babel import get_locale

from vssid.core.dates import format_date_vi, format_month_vi, to_local
from vssid.core.money import format_vnd


def install(app: Flask) -> None:
    static_root = Path(app.static_folder)

    @lru_cache(maxsize=256)
    def _digest(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:12]

    def static_url(filename: str) -> str:
        """A URL that changes with the file's content, so it can be cached for a year."""
        if app.debug:
            _digest.cache_clear()
        return url_for("static", filename=filename, v=_digest(filename))

    app.jinja_env.globals.update(static_url=static_url, get_locale=get_locale)
    app.jinja_env.filters.update(
        vnd=format_vnd,
        date_vi=format_date_vi,
        month_vi=format_month_vi,
        local_time=lambda dt: to_local(dt).strftime("%H:%M %d/%m/%Y"),
    )
