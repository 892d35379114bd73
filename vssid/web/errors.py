"""Every error becomes a Vietnamese page (or fragment for htmx); never a trace.

Domain errors raised by services map to HTTP statuses here and only here. Under a path
prefix an area has claimed with `answer_errors_as_json` (the gateway's /api), the same
errors are that API's JSON answers instead of pages, with the same status and headers.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from vssid.core import errors as domain
from vssid.extensions import limiter
from vssid.web.rendering import render

log = logging.getLogger(__name__)

DOMAIN_STATUS = {
    domain.ValidationError: 400,
    domain.NotFound: 404,
    domain.Forbidden: 403,
    domain.Conflict: 409,
    domain.RateLimited: 429,
}


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Yêu cầu không hợp lệ"), _("Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại.")),
        403: (_("Không có quyền truy cập"), _("Bạn không có quyền xem trang này.")),
        404: (_("Không tìm thấy trang"), _("Trang bạn tìm không tồn tại hoặc đã được chuyển đi.")),
        405: (_("Yêu cầu không hợp lệ"), _("Thao tác này không được hỗ trợ.")),
        409: (_("Xung đột dữ liệu"), _("Dữ liệu đã thay đổi. Vui lòng tải lại trang.")),
        429: (_("Quá nhiều yêu cầu"), _("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.")),
        500: (_("Hệ thống đang bận"), _("Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút hoặc gọi tổng đài 1900 9068.")),
    }


def answer_errors_as_json(app: Flask, prefix: str, answer: Callable[[int], Response]) -> None:
    """Errors of requests under ``prefix`` (the path itself or below it) are ``answer(status)``:
    API clients parse JSON in their API's own shape, never an HTML page. Registered by the
    area that owns the prefix, when its blueprint is registered."""
    app.extensions.setdefault("vssid.json_errors", {})[prefix.rstrip("/")] = answer


def _json_answer() -> Callable[[int], Response] | None:
    path = request.path
    for prefix, answer in current_app.extensions.get("vssid.json_errors", {}).items():
        if path == prefix or path.startswith(prefix + "/"):
            return answer
    return None


def error_page(code: int, message: str | None = None) -> Response:
    """The error page of ``code`` (``message`` replaces its default sentence), or, under a
    prefix claimed with `answer_errors_as_json`, that API's JSON answer (its own wording)."""
    answer = _json_answer()
    if answer is not None:
        return answer(code)
    title, default_message = _messages().get(code, _messages()[500])
    response = render(
        "errors/error.html", block="content", status=code,
        code=code, title=title, message=message or default_message,
    )
    if request.htmx:
        # Show the error in the main area even when the request targeted a small element.
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def install(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> Response:
        return error_page(400, _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại."))

    @app.errorhandler(domain.DomainError)
    def _domain(exc: domain.DomainError) -> Response:
        status = next((s for kind, s in DOMAIN_STATUS.items() if isinstance(exc, kind)), 400)
        response = error_page(status, exc.message)
        if isinstance(exc, domain.RateLimited) and exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        response = error_page(exc.code or 500)
        if exc.code == 429:
            retry = limit_retry_after()
            if retry:
                response.headers["Retry-After"] = str(retry)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # RFC 9110 §15.5.6: required on 405
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_page(500)


def limit_retry_after() -> int | None:
    """Retry-After of a 429 from Flask-Limiter: seconds until the breached limit's window resets.

    The limiter's own header injection is off (`RATELIMIT_HEADERS_ENABLED`, vssid/config.py)
    because it rewrites Retry-After on every response under a limit, the 503 of a database
    outage included; so the 429 handlers write it from the limit the request broke."""
    limit = limiter.current_limit
    if limit is None or not limit.breached:
        return None
    return max(1, int(limit.reset_at - time.time()))  # as Flask-Limiter's own header counted it
