"""Notices other areas raise with one call, kept here so their wording lives in one place.

Payments and public-service requests call `services.notify` directly with the kinds
"payment" and "service_request" (see docs/ARCHITECTURE.md, Notifications)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from vssid.core.dates import to_local
from vssid.notifications.services import notify


def new_device_notice(session: Session, *, account_id: int, user_agent: str, now: dt.datetime) -> None:
    """A login on a device that is not the account's device (security: cannot be turned off).

    The inbox shows it on the new device; push reaches the previous device (its subscription
    stays), SMS the registered phone, so the holder learns of it even if it was not them."""
    from vssid.accounts.devices import describe  # accounts.devices imports accounts.sessions, the caller

    local = to_local(now)
    notify(
        session, account_id=account_id, kind="security", now=now, url="/tai-khoan/thiet-bi",
        title="Tài khoản VssID vừa đăng nhập trên thiết bị mới",
        body=(f"Tài khoản của bạn đã đăng nhập trên {describe(user_agent)} lúc {local.strftime('%H:%M')} ngày "
              f"{local.strftime('%d/%m/%Y')}; thiết bị cũ đã được đăng xuất. Nếu không phải bạn: hãy đăng nhập lại "
              "bằng mã OTP gửi tới số điện thoại của bạn, đổi mật khẩu ngay (Tài khoản > Đổi mật khẩu) và gọi "
              "tổng đài 1900 9068 để được hỗ trợ khóa tài khoản."),
    )
