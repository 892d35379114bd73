# The two commands a newcomer needs: `make run` and `make test` (README.md).
# Each installs what is missing, so a fresh clone on a fresh Debian machine works.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := VSSID_ENV=$${VSSID_ENV:-development} $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_BIN := /usr/lib/postgresql/15/bin
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

.PHONY: run test test-sqlite test-postgres bench translations-extract

run: $(STAMP) $(MO_FILES)
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) accounts demo-logins
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(STAMP) $(MO_FILES) /usr/bin/chromium $(PG_BIN)/initdb /usr/bin/redis-server
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	$(PY) -m pytest

# A throwaway PostgreSQL cluster, started for the run and removed after it (TESTING.md).
test-postgres: $(STAMP)
	@set -e; url=$$(tests/throwaway_pg.sh start); \
	trap 'tests/throwaway_pg.sh stop' EXIT; \
	VSSID_TEST_DATABASE_URL=$$url $(PY) -m pytest

# Figures for docs/PERFORMANCE.md (bench/README in bench/__main__.py): wrk, gunicorn, Lighthouse.
bench: $(STAMP) $(MO_FILES) /usr/bin/chromium $(PG_BIN)/initdb /usr/bin/wrk /usr/bin/time bench/node_modules/.bin/lighthouse
	BENCH="$(BENCH)" $(PY) -m bench

$(STAMP):
	[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@

/usr/bin/chromium:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(PG_BIN)/initdb:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql

# A throwaway Redis holds the shared rate-limit counters in the two-node test.
/usr/bin/redis-server:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server

/usr/bin/wrk:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk

# GNU time measures the peak memory of `flask seed-demo` in bench/production.py.
/usr/bin/time:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time

# Lighthouse 12 (Node 20; 13 needs Node 22), kept in bench/node_modules (gitignored).
bench/node_modules/.bin/lighthouse:
	command -v npm >/dev/null || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm)
	cd bench && npm install --no-audit --no-fund --silent lighthouse@12

translations-extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations
