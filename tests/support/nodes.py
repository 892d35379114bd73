"""Real app processes for multi-node tests: gunicorn nodes, a throwaway Redis, a browser.

Each node is `gunicorn -c gunicorn.conf.py app:app` (the production settings file) on a
loopback port, with its stderr (JSON-lines logs) kept in a file for the test to read.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from vssid.config import ROOT

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not come up")
        time.sleep(0.1)


class Redis:
    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: `make test` installs it (apt-get install redis-server)"
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"
        _wait_for(self._answers, "redis-server")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Node:
    """One app node: gunicorn with gunicorn.conf.py, 1 worker × 2 threads."""

    def __init__(self, name: str, workdir: Path, *, target: str = "app:app", **env: str) -> None:
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"node-{name}.log"
        environment = {
            **os.environ, "VSSID_ENV": "development", "VSSID_BIND": f"127.0.0.1:{self.port}",
            "VSSID_WORKERS": "1", "VSSID_THREADS": "2", "VSSID_LOG_JSON": "1", **env,
        }
        environment.pop("FLASK_RUN_FROM_CLI", None)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), target],
            cwd=ROOT, env=environment, stdout=self._log, stderr=subprocess.STDOUT,
        )
        _wait_for(self._healthy, f"node {name}")

    def _healthy(self) -> bool:
        assert self.process.poll() is None, self.log()
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.text = status, headers, body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """A cookie-keeping HTTP client that can talk to any node (like a phone behind a proxy)."""

    def __init__(self, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.jar = jar or http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def copy(self) -> "Browser":
        clone = http.cookiejar.CookieJar()
        for cookie in self.jar:
            clone.set_cookie(cookie)
        return Browser(clone)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, url: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, url: str) -> Response:
        return self.request(url)

    def post_form(self, url: str, data: dict, *, token_from: str) -> Response:
        page = self.get(token_from).text
        match = _CSRF.search(page)
        assert match, f"no CSRF token on {token_from}"
        return self.request(url, {**data, "csrf_token": match.group(1)})
