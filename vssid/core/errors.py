"""Domain errors: what services raise, in words a citizen can read.

Every error carries a Vietnamese ``message`` shown as is to the user, and an optional
``field`` naming the form input it belongs to. ``vssid/web/errors.py`` maps each class
to an HTTP status in one place; nothing here knows about HTTP or Flask.
"""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    default_message = "Đã có lỗi xảy ra. Vui lòng thử lại."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class ValidationError(DomainError):
    """The input is malformed; ``field`` names the offending input when known."""

    default_message = "Thông tin nhập vào không hợp lệ."


class NotFound(DomainError):
    default_message = "Không tìm thấy thông tin."


class Forbidden(DomainError):
    default_message = "Bạn không có quyền thực hiện thao tác này."


class Conflict(DomainError):
    default_message = "Dữ liệu đã thay đổi hoặc đã tồn tại. Vui lòng tải lại trang."


class RateLimited(DomainError):
    """Too many attempts; the user may try again after ``retry_after`` seconds."""

    default_message = "Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."

    def __init__(self, message: str | None = None, *, retry_after: int, field: str | None = None) -> None:
        if retry_after < 0:
            raise ValueError("retry_after must not be negative")
        self.retry_after = retry_after
        super().__init__(message, field=field)
