"""Settings of online payment, from the environment (applied when the blueprint registers).

VSSID_PAYMENT_GATEWAY_URL   the gateway's payment page (VNPay: .../paymentv2/vpcpay.html);
                            empty with the sandbox on: the app's own sandbox bank page
VSSID_PAYMENT_TMN_CODE      the merchant terminal code VNPay issued
VSSID_PAYMENT_HASH_SECRET   the merchant's hash secret (HMAC-SHA512 key)
VSSID_PAYMENT_SANDBOX       serve the sandbox gateway (development and tests only)
VSSID_FAKE_TODAY            YYYY-MM-DD: the payment and service pages' "today" (tests only)
"""
from __future__ import annotations

import os

from vssid.config import ConfigError

DEV_TMN_CODE = "VSSIDDEV"
DEV_HASH_SECRET = "sandbox-hash-secret-for-development-only"


def from_environment(production: bool) -> dict:
    sandbox = os.environ.get("VSSID_PAYMENT_SANDBOX")
    return {
        "VSSID_PAYMENT_GATEWAY_URL": os.environ.get("VSSID_PAYMENT_GATEWAY_URL", ""),
        "VSSID_PAYMENT_TMN_CODE": os.environ.get("VSSID_PAYMENT_TMN_CODE", "" if production else DEV_TMN_CODE),
        "VSSID_PAYMENT_HASH_SECRET": os.environ.get("VSSID_PAYMENT_HASH_SECRET", "" if production else DEV_HASH_SECRET),
        "VSSID_PAYMENT_SANDBOX": (not production) if sandbox is None else sandbox.strip().lower() in {"1", "true", "yes", "on"},
        "VSSID_FAKE_TODAY": os.environ.get("VSSID_FAKE_TODAY", ""),
    }


def check(config: dict) -> None:
    """Production refuses the sandbox, the fake clock, and missing or development secrets."""
    if config.get("VSSID_ENV") != "production":
        return
    if config["VSSID_PAYMENT_SANDBOX"]:
        raise ConfigError("VSSID_PAYMENT_SANDBOX (the app's own test bank) cannot be enabled in production.")
    if config["VSSID_FAKE_TODAY"]:
        raise ConfigError("VSSID_FAKE_TODAY is for tests only.")
    secret = config["VSSID_PAYMENT_HASH_SECRET"]
    if not (config["VSSID_PAYMENT_GATEWAY_URL"] or config["VSSID_PAYMENT_TMN_CODE"] or secret):
        return  # online payment switched off: the pages say so and point to collection points
    if not config["VSSID_PAYMENT_GATEWAY_URL"].startswith("https://") or not config["VSSID_PAYMENT_TMN_CODE"] \
            or secret == DEV_HASH_SECRET or len(secret) < 16:
        raise ConfigError("Set VSSID_PAYMENT_GATEWAY_URL (https), VSSID_PAYMENT_TMN_CODE and VSSID_PAYMENT_HASH_SECRET "
                          "to the values the payment gateway issued (or none of them: no online payment).")


def enabled(config: dict) -> bool:
    return bool(config["VSSID_PAYMENT_SANDBOX"] or config["VSSID_PAYMENT_GATEWAY_URL"])
