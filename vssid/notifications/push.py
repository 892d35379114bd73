"""Web Push (RFC 8030 messages, RFC 8291 encryption, RFC 8292 VAPID) through pywebpush.

Flask-free. The worker hands each push delivery to a `PushSender`; `WebPushSender`
encrypts the payload for the browser's keys, signs a VAPID token with the server's key and
POSTs it to the browser's push service. Subscriptions are accepted only for push services
on an allow-list (`VSSID_PUSH_HOSTS`): the worker POSTs to whatever endpoint a browser
gives, so an open list would let anyone make the server call any address.
"""
from __future__ import annotations

import base64
import fnmatch
import json
import threading
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from vssid.core.errors import ValidationError

# The push services of Chrome/Android, Firefox, Edge/Windows and Safari/iOS.
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com", "android.googleapis.com", "updates.push.services.mozilla.com",
    "*.push.services.mozilla.com", "*.notify.windows.com", "web.push.apple.com", "*.push.apple.com",
)
TTL_SECONDS = 24 * 3600  # a phone that is off for a day still gets the notice when it wakes
TIMEOUT_SECONDS = 10


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # uncompressed P-256 point, base64url: the browser's applicationServerKey
    private_key: str  # the 32-byte private number, base64url


def generate_vapid_keys() -> VapidKeys:
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return VapidKeys(public_key=b64url(public), private_key=b64url(private))


# --- Subscriptions as browsers send them ----------------------------------------------------


@dataclass(frozen=True)
class SubscriptionInfo:
    endpoint: str
    p256dh: str
    auth: str


def parse_subscription(data: object, *, allowed_hosts: tuple[str, ...], allow_http: bool = False) -> SubscriptionInfo:
    """A browser's `PushSubscription.toJSON()`, checked: an https endpoint on a known push
    service, a P-256 public key and a 16-byte auth secret."""
    invalid = ValidationError("Không đăng ký được thông báo đẩy trên thiết bị này. Vui lòng thử lại.")
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise invalid
    endpoint, keys = data.get("endpoint"), data["keys"]
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not all(isinstance(value, str) for value in (endpoint, p256dh, auth)) or len(endpoint) > 1000:
        raise invalid
    parts = urlsplit(endpoint)
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise invalid
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or not any(fnmatch.fnmatchcase(host, p) for p in allowed_hosts):
        raise ValidationError("Dịch vụ thông báo đẩy của trình duyệt này không được hỗ trợ.")
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except (ValueError, TypeError):
        raise invalid from None
    if len(secret) != 16:
        raise invalid
    return SubscriptionInfo(endpoint=endpoint, p256dh=p256dh, auth=auth)


# --- Sending --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushResult:
    outcome: str  # "sent", "gone" (404/410: drop the subscription), "retry", "rejected"
    error: str = ""


class PushSender(Protocol):
    def __call__(self, subscription: SubscriptionInfo, payload: dict) -> PushResult: ...


def classify(status: int) -> str:
    """What a push service's HTTP status means for the delivery."""
    if 200 <= status < 300:
        return "sent"
    if status in (404, 410):
        return "gone"
    if status == 429 or status >= 500:
        return "retry"
    return "rejected"  # 400, 401/403 (VAPID), 413 (too large): retrying will not help


class WebPushSender:
    """Sends through pywebpush with the configured VAPID key; callable from several threads."""

    def __init__(self, *, private_key: str, subject: str, timeout: float = TIMEOUT_SECONDS,
                 ttl: int = TTL_SECONDS) -> None:
        self.vapid = Vapid.from_string(private_key=private_key)
        self.subject, self.timeout, self.ttl = subject, timeout, ttl
        self._local = threading.local()  # one HTTP session (kept-alive connections) per thread

    @property
    def http(self) -> requests.Session:
        if not hasattr(self._local, "http"):
            self._local.http = requests.Session()
        return self._local.http

    def __call__(self, subscription: SubscriptionInfo, payload: dict) -> PushResult:
        info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
        try:
            response = webpush(
                info, data=json.dumps(payload, ensure_ascii=False), vapid_private_key=self.vapid,
                vapid_claims={"sub": self.subject}, ttl=self.ttl, timeout=self.timeout,
                headers={"Urgency": "normal"}, requests_session=self.http,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else 0
            return PushResult(classify(status) if status else "retry", f"HTTP {status}: {exc.message}"[:300])
        except requests.RequestException as exc:
            return PushResult("retry", f"{type(exc).__name__}: {exc}"[:300])
        return PushResult(classify(response.status_code), "" if response.ok else f"HTTP {response.status_code}")
