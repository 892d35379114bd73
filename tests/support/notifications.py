"""Helpers for the notifications tests: a push service on loopback, browser-side keys.

`LoopbackPushService` plays the browser vendor's push service: it records every POST
(headers and encrypted body) and answers with the status chosen per endpoint path.
`BrowserKeys` plays the browser: its P-256 key pair and auth secret make the subscription,
and `decrypt` opens a received message with http_ece, the library pywebpush encrypts with.
`scan_one_at_a_time` is the registry scan through `notify`, the reference for the bulk scan.
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from vssid.notifications import scans, services
from vssid.notifications.push import b64url, b64url_decode, generate_vapid_keys

VAPID = generate_vapid_keys()  # one key pair for the test run
PUSH_CONFIG = {
    "VSSID_VAPID_PUBLIC_KEY": VAPID.public_key, "VSSID_VAPID_PRIVATE_KEY": VAPID.private_key,
    "VSSID_VAPID_SUBJECT": "mailto:hotro@vss.gov.vn", "VSSID_PUSH_HOSTS": ("127.0.0.1",),
    "VSSID_PUSH_ALLOW_HTTP": True,
}


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class LoopbackPushService:
    statuses: dict = field(default_factory=dict)  # path -> HTTP status (default 201)
    received: list = field(default_factory=list)
    delay: float = 0.0  # seconds each answer takes, like a push service across the internet

    def __post_init__(self) -> None:
        service = self
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if service.delay:
                    time.sleep(service.delay)
                with service.lock:
                    service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status = service.statuses.get(self.path, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def to(self, name: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == f"/push/{name}"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class BrowserKeys:
    """A browser's subscription keys (what PushManager.subscribe() would create)."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64url(public)
        self.auth = b64url(self.auth_secret)

    def subscription(self, endpoint: str) -> dict:
        return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, message: Received) -> dict:
        assert message.headers.get("content-encoding") == "aes128gcm"
        plain = http_ece.decrypt(message.body, private_key=self.private_key, auth_secret=self.auth_secret,
                                 version="aes128gcm")
        return json.loads(plain.decode("utf-8"))


def vapid_claims(message: Received, *, public_key: str = VAPID.public_key) -> dict:
    """The VAPID JWT of a push request, its ES256 signature checked against `public_key`."""
    scheme, _, params = message.headers["authorization"].partition(" ")
    assert scheme == "vapid", message.headers["authorization"]
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == public_key
    header, payload, signature = values["t"].split(".")
    raw = b64url_decode(signature)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.verify(der, f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:  # pragma: no cover (a failing test reports it)
        raise AssertionError("VAPID signature does not verify") from exc
    assert json.loads(b64url_decode(header))["alg"] == "ES256"
    return json.loads(b64url_decode(payload))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def make_subscription(session, account, *, endpoint: str, keys: BrowserKeys | None = None, device: str | None = None):
    """A push subscription of `account` on a device (flushed)."""
    from vssid.notifications.models import PushSubscription

    keys = keys or BrowserKeys()
    subscription = PushSubscription(account_id=account.id, device_hash=device or os.urandom(32).hex(),
                                    endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth, device_label="Chrome trên Android")
    session.add(subscription)
    session.flush()
    return subscription


def push_service(delay: float = 0.0):
    """A started loopback push service (close it when done)."""
    return LoopbackPushService(delay=delay)


def scan_one_at_a_time(session, *, today, batch: int | None = None):
    """The registry scan writing each notice through `notify`, one at a time, as it did before
    the bulk path: the reference the bulk scan is held to (tests) and measured against (bench/).
    Same events, found by the same batched queries, committed per batch."""
    batch = batch or scans.BATCH
    report = scans.ScanReport()
    for found in itertools.chain(scans.card_notices(session, today=today, batch=batch),
                                 scans.contribution_notices(session, today=today, batch=batch),
                                 scans.arrears_notices(session, today=today, batch=batch)):
        for counter, notice in found:
            if services.notify(session, **asdict(notice)):
                setattr(report, counter, getattr(report, counter) + 1)
        session.commit()
    return report
