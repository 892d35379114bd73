"""Structured logs: one JSON object per line, with the request id, never secrets.

Flask-free: gunicorn.conf.py uses it for gunicorn's own log, vssid/web/observability.py
for the app's. A filter removes what must never reach a log even by mistake: long digit
runs (mã số BHXH, phone and card numbers, OTP codes), health-card numbers, and values of
fields named like password/token/otp/code/secret.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re

# The current request's id; "-" outside a request (set by vssid/web/observability.py).
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("vssid_request_id", default="-")

_SECRET_FIELD = re.compile(
    r"""(?ix)(["']?\b[\w-]*(?:password|passwd|mat_khau|token|otp|code|secret|cookie|authorization)[\w-]*["']?
         \s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)"""
)
_HEALTH_CARD = re.compile(r"\b[A-Z]{2}\d{13}\b")  # e.g. DN4797920000123
_DIGITS = re.compile(r"\d{6,}")  # OTPs (6), mã số (10), phones, citizen ids (12), card digits
_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def scrub(text: str) -> str:
    text = _SECRET_FIELD.sub(r"\1[redacted]", text)
    text = _HEALTH_CARD.sub("[card]", text)
    return _DIGITS.sub("[digits]", text)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "request_id", "message", …extra fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or request_id.get(),
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            # Exception text can quote SQL parameters: scrubbed like the message.
            entry["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def gunicorn_logconfig(level: str = "info") -> dict:
    """logging.config dict for gunicorn.conf.py: its error log as JSON lines on stderr."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
