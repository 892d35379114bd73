"""Flask glue shared by the payment and public-service pages: settings, "today", the gateway."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, url_for

from vssid.core.dates import to_local
from vssid.core.db import utcnow
from vssid.payments import gateway, settings
from vssid.web.headers import CONTENT_SECURITY_POLICY


def install_settings(bp: Blueprint) -> None:
    """Apply the payment settings (env defaults under test overrides) and refuse unsafe ones."""

    @bp.record_once
    def _settings(state) -> None:
        config = state.app.config
        for key, value in settings.from_environment(config["VSSID_ENV"] == "production").items():
            config.setdefault(key, value)
        settings.check(config)


def today() -> dt.date:
    """Today in Vietnam (or VSSID_FAKE_TODAY in tests; production refuses that setting)."""
    fake = current_app.config.get("VSSID_FAKE_TODAY")
    if fake:
        return dt.date.fromisoformat(fake)
    return to_local(utcnow()).date()


def payments_enabled() -> bool:
    return settings.enabled(current_app.config)


def gateway_config() -> gateway.GatewayConfig:
    config = current_app.config
    url = config["VSSID_PAYMENT_GATEWAY_URL"] or url_for("payment_sandbox.pay_page")
    return gateway.GatewayConfig(url=url, tmn_code=config["VSSID_PAYMENT_TMN_CODE"],
                                 hash_secret=config["VSSID_PAYMENT_HASH_SECRET"])


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on the app's public address (what the gateway calls back)."""
    return current_app.config["VSSID_PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def csp_allowing_gateway() -> str:
    """The app's CSP with the gateway's origin added to form-action, so the payment form
    may be redirected there (Chromium applies form-action to the redirect)."""
    url = current_app.config["VSSID_PAYMENT_GATEWAY_URL"]
    if not url:
        return CONTENT_SECURITY_POLICY
    origin = "/".join(url.split("/", 3)[:3])
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", f"form-action 'self' {origin}")
