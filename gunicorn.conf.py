"""Gunicorn settings for one VssID app node (`gunicorn -c gunicorn.conf.py app:app`).

Every node is stateless: sessions, OTPs, WebAuthn challenges, payments and the outbox live
in PostgreSQL, rate-limit counters in Redis (VSSID_RATELIMIT_STORAGE_URL), so N identical
nodes can sit behind one reverse proxy (README.md, "Several app nodes").
Each value can be overridden with an environment variable named below, or on the command line.
"""
import multiprocessing
import os

from vssid.core.logs import gunicorn_logconfig

# Threads, not processes, carry the concurrency: a request mostly waits on PostgreSQL and the
# argon2 hash releases the GIL; two processes per core keep every core busy.
bind = os.environ.get("VSSID_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VSSID_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("VSSID_THREADS", 4))

# Each worker holds its own SQLAlchemy pool (pool_size 10 + overflow 20, vssid/core/db.py):
# keep workers × threads ≤ 10 per process and nodes × workers × 30 below PostgreSQL's
# max_connections, or put PgBouncer (transaction mode) in between (docs/SCALING.md).
timeout = int(os.environ.get("VSSID_TIMEOUT", 30))  # a worker silent this long is restarted
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5  # seconds; the reverse proxy keeps connections to the node open

# Recycle workers now and then, spread out, so a slow leak never takes a node down.
max_requests = int(os.environ.get("VSSID_MAX_REQUESTS", 20000))
max_requests_jitter = 2000

# Import the app once in the master, then fork: faster start, shared read-only memory.
# SQLAlchemy pools are created lazily per worker, so no connection crosses a fork.
preload_app = True

# Behind the reverse proxy: trust X-Forwarded-* only from it (also set VSSID_PROXY_HOPS=1).
forwarded_allow_ips = os.environ.get("VSSID_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs: JSON lines on stderr (journald or the container runtime collects them). The app
# writes one access line per request itself, with its request id and without the query
# string (vssid/web/observability.py), so gunicorn's own access log stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("VSSID_LOG_LEVEL", "info")
logconfig_dict = gunicorn_logconfig(loglevel)


def post_fork(server, worker):
    """Each worker opens its own database connections.

    With preload_app the master ran the startup schema check, which left a connection in
    the pool; a socket shared by two processes corrupts both sessions, so each worker
    forgets (without closing) what it inherited (SQLAlchemy's documented fork recipe).
    """
    import sys

    module = sys.modules.get("app")  # the VssID app, when it is what this server preloaded
    application = getattr(module, "app", None)
    if application is None or "vssid.db" not in getattr(application, "extensions", {}):
        return
    for engine in (application.extensions["vssid.db"][0], *application.extensions.get("vssid.db.replicas", ())):
        engine.dispose(close=False)
