"""Production glue: request ids, JSON-lines logs, and the database-outage page.

- Every request gets an id (the reverse proxy's `X-Request-ID` when it looks like one, else
  a new one), echoed in the response and carried by every log line written meanwhile.
- One access line per request (`vssid.access`): method, path without the query string,
  status, duration, remote address. Never the body, cookies, or query (look-ups take the mã
  số there); vssid/core/logs.py scrubs digit runs and secret-looking fields on top.
- PostgreSQL unreachable (stopped, failing over, network cut): the transaction is rolled
  back, so nothing is half-written, and the visitor gets a Vietnamese 503 page rendered
  without touching the database. The pool's pre-ping reconnects once it is back.
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, request
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc

from vssid.core.logs import JsonFormatter, request_id

access_log = logging.getLogger("vssid.access")
log = logging.getLogger(__name__)

_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Errors that mean "the database is not there right now", as opposed to a bug.
DB_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.PendingRollbackError)


def install(app: Flask) -> None:
    if app.config.get("VSSID_LOG_JSON"):
        _json_logging(app.config.get("VSSID_LOG_LEVEL", "INFO"))

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_token = request_id.set(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        rid = g.get("request_id")
        if rid is None:
            return response
        response.headers["X-Request-ID"] = rid
        access_log.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={
                "method": request.method, "path": request.path, "status": response.status_code,
                "ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                "remote": request.remote_addr or "", "endpoint": request.endpoint or "",
            },
        )
        return response

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        token = g.pop("request_token", None)
        if token is not None:
            request_id.reset(token)

    for kind in DB_UNAVAILABLE:
        app.register_error_handler(kind, _database_unavailable)


def _database_unavailable(exc: Exception) -> Response:
    from vssid.extensions import db, login_manager
    from vssid.web.errors import error_page

    log.error("database unavailable: %s", type(exc).__name__, extra={"error_kind": type(exc).__name__})
    try:
        db.session.rollback()  # nothing of this request is kept
    except Exception:  # noqa: BLE001 - the connection is gone; the pool discards it
        pass
    # Render as a visitor: the layout must not load the account from the missing database.
    login_manager._update_request_context_with_user()
    response = error_page(503, _(
        "Hệ thống đang tạm gián đoạn kết nối dữ liệu. Thao tác của bạn chưa được lưu; "
        "vui lòng thử lại sau ít phút."
    ))
    response.headers["Retry-After"] = "30"
    return response


def _json_logging(level: str) -> None:
    """JSON lines on stderr from the root logger (once per process, however many apps)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the app writes its own access line
