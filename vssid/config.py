"""Settings, read from VSSID_* environment variables.

Every setting has a safe development default so `make run` needs nothing; production
(`VSSID_ENV=production`) refuses the development-only defaults (secret key, outbox page).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

_DEV_SECRET = "dev-only-secret-change-me"


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message names the variable."""


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from exc


def from_environment() -> dict:
    env = os.environ.get("VSSID_ENV", "development")
    production = env == "production"
    port = _int("VSSID_PORT", 5000)
    settings = {
        "VSSID_ENV": env,
        "SECRET_KEY": os.environ.get("VSSID_SECRET_KEY", _DEV_SECRET),
        "VSSID_DATABASE_URL": os.environ.get(
            "VSSID_DATABASE_URL", f"sqlite:///{INSTANCE / 'vssid.db'}"
        ),
        # Demo banner and the development outbox page; never in production.
        "VSSID_DEMO": _bool("VSSID_DEMO", not production),
        "VSSID_DEV_OUTBOX": _bool("VSSID_DEV_OUTBOX", not production),
        # WebAuthn relying party: the browser's origin must match exactly.
        "VSSID_RP_ID": os.environ.get("VSSID_RP_ID", "localhost"),
        "VSSID_ORIGIN": os.environ.get("VSSID_ORIGIN", f"http://localhost:{port}"),
        "VSSID_PUBLIC_URL": os.environ.get("VSSID_PUBLIC_URL", f"http://127.0.0.1:{port}"),
        "VSSID_SESSION_IDLE_MINUTES": _int("VSSID_SESSION_IDLE_MINUTES", 30),
        "VSSID_SESSION_ABSOLUTE_HOURS": _int("VSSID_SESSION_ABSOLUTE_HOURS", 12),
        "VSSID_SUPPORT_EMAIL": os.environ.get("VSSID_SUPPORT_EMAIL", "hotro@vss.gov.vn"),
        # Support (vssid/support): petitions are due in this many working days (their attachments
        # are in the database; migration 0013 reads the former VSSID_ATTACHMENT_DIR once).
        "VSSID_PETITION_DAYS": _int("VSSID_PETITION_DAYS", 5),
        "VSSID_OFFLINE_CARD_DAYS": _int("VSSID_OFFLINE_CARD_DAYS", 30),  # offline card copy lifetime
        # Signed card code "Mã xác thực" (vssid/card/keys.py): its lifetime, how long a key stays
        # verifiable after `flask keys rotate`, when the verifier page calls its key set old, and the
        # secret that seals the private keys (empty: SECRET_KEY; see SECURITY.md).
        "VSSID_CARD_CODE_DAYS": _int("VSSID_CARD_CODE_DAYS", 7),
        "VSSID_CARD_KEY_GRACE_DAYS": _int("VSSID_CARD_KEY_GRACE_DAYS", 8),
        "VSSID_VERIFIER_KEYS_MAX_AGE_HOURS": _int("VSSID_VERIFIER_KEYS_MAX_AGE_HOURS", 24),
        "VSSID_CARD_KEY_SECRET": os.environ.get("VSSID_CARD_KEY_SECRET", ""),
        # Hospital gateway (vssid/gateway): token lifetime; Flask-Limiter limits per account and per address.
        "VSSID_GATEWAY_TOKEN_MINUTES": _int("VSSID_GATEWAY_TOKEN_MINUTES", 10),
        "VSSID_GATEWAY_TOKEN_LIMIT": os.environ.get("VSSID_GATEWAY_TOKEN_LIMIT", "10 per minute;100 per hour"),
        "VSSID_GATEWAY_LOOKUP_LIMIT": os.environ.get("VSSID_GATEWAY_LOOKUP_LIMIT", "120 per minute;5000 per hour"),
        "VSSID_GATEWAY_IP_LIMIT": os.environ.get("VSSID_GATEWAY_IP_LIMIT", "600 per minute"),
        # Retention purges (docs/OPERATIONS.md). Card lookups are an access log: SECURITY.md keeps
        # logs at least 12 months (Nghị định 53/2022/NĐ-CP, as it cites it), so `flask gateway
        # purge-lookups` refuses under 365 days; 730 is the project's choice, no cited source sets it.
        # The assistant's conversations: 90 days (at least 30) is the project's choice, no source
        # in the repository sets a period for them (vssid/support/services.py says why it is short).
        "VSSID_GATEWAY_LOOKUP_RETENTION_DAYS": _int("VSSID_GATEWAY_LOOKUP_RETENTION_DAYS", 730),
        "VSSID_SUPPORT_CHAT_RETENTION_DAYS": _int("VSSID_SUPPORT_CHAT_RETENTION_DAYS", 90),
        "VSSID_SMS_GATEWAY_URL": os.environ.get("VSSID_SMS_GATEWAY_URL", ""),
        "VSSID_SMTP_URL": os.environ.get("VSSID_SMTP_URL", ""),
        # Web Push (vssid/notifications): VAPID keys from `flask notifications vapid-keys`; no keys,
        # no push. Subscriptions are accepted only for these push-service hosts (* wildcards).
        "VSSID_VAPID_PUBLIC_KEY": os.environ.get("VSSID_VAPID_PUBLIC_KEY", ""),
        "VSSID_VAPID_PRIVATE_KEY": os.environ.get("VSSID_VAPID_PRIVATE_KEY", ""),
        "VSSID_VAPID_SUBJECT": os.environ.get("VSSID_VAPID_SUBJECT", "mailto:hotro@vss.gov.vn"),
        "VSSID_PUSH_HOSTS": tuple(h.strip().lower() for h in os.environ["VSSID_PUSH_HOSTS"].split(",") if h.strip())
        if "VSSID_PUSH_HOSTS" in os.environ else None,  # None: the browsers' own services (push.py)
        # Several nodes: rate-limit counters must be shared, e.g. redis://redis:6379/0 (README.md,
        # "Several app nodes"). If that store fails, each node falls back to its own memory.
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "VSSID_RATELIMIT_STORAGE_URL", os.environ.get("VSSID_RATELIMIT_STORAGE_URI", "memory://")
        ),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "vssid",
        # No X-RateLimit-*/Retry-After from Flask-Limiter's after-request hook: it rewrites
        # Retry-After on every response of a limited route to the later of the response's own
        # value and the window's reset, so the database outage's 503 "retry in 30 s" said up to
        # an hour on per-hour limits. The 429 handlers write Retry-After from the breached limit
        # (vssid/web/errors.py). Set here, not in Limiter(): a constructor argument wins over config.
        "RATELIMIT_HEADERS_ENABLED": False,
        # Read replicas for pages that tolerate a little lag (vssid/core/routing.py).
        "VSSID_DATABASE_REPLICA_URLS": tuple(
            url.strip() for url in os.environ.get("VSSID_DATABASE_REPLICA_URLS", "").split(",") if url.strip()
        ),
        "VSSID_DB_POOL_SIZE": _int("VSSID_DB_POOL_SIZE", 10),
        "VSSID_DB_MAX_OVERFLOW": _int("VSSID_DB_MAX_OVERFLOW", 20),
        # JSON lines with a request id on stderr (vssid/web/observability.py).
        "VSSID_LOG_JSON": _bool("VSSID_LOG_JSON", production),
        "VSSID_LOG_LEVEL": os.environ.get("VSSID_LOG_LEVEL", "INFO"),
        "RATELIMIT_ENABLED": _bool("VSSID_RATELIMIT_ENABLED", True),
        "SESSION_COOKIE_SECURE": production,
        # __Host- cookies cannot be set by a sibling subdomain (OWASP ASVS 3.4.4).
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "VSSID_COOKIE_PREFIX": "__Host-" if production else "",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the CSRF token lives as long as the session
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "VSSID_STARTUP_CHECK": True,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
        "VSSID_PROXY_HOPS": _int("VSSID_PROXY_HOPS", 0),
        "TESTING": False,
    }
    return settings


def check_production(settings: dict) -> None:
    """Refuse development-only settings in production, naming the variable."""
    if settings["VSSID_ENV"] != "production":
        return
    if settings["SECRET_KEY"] == _DEV_SECRET or len(settings["SECRET_KEY"]) < 32:
        raise ConfigError("Set VSSID_SECRET_KEY to a random value of at least 32 characters.")
    if settings.get("VSSID_CARD_KEY_SECRET") and len(settings["VSSID_CARD_KEY_SECRET"]) < 32:
        raise ConfigError("VSSID_CARD_KEY_SECRET must be a random value of at least 32 characters (or unset).")
    if settings["VSSID_DEV_OUTBOX"] or settings["VSSID_DEMO"]:
        raise ConfigError("VSSID_DEV_OUTBOX and VSSID_DEMO cannot be enabled in production.")
    if settings["RATELIMIT_STORAGE_URI"].startswith("memory://") and not os.environ.get("VSSID_SINGLE_NODE"):
        raise ConfigError(
            "Set VSSID_RATELIMIT_STORAGE_URL to redis://… so every node counts the same limits "
            "(or VSSID_SINGLE_NODE=1 when only one node serves)."
        )
