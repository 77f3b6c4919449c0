# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint format serve setup db seed bench wrk chromium clean-db messages translations gettext

run: setup seed
	$(MANAGE) ensure_dev_admin --url http://$(HOST):$(PORT)/admin/
	SITE_URL=http://$(HOST):$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

test: setup chromium
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

serve: setup seed
	$(MANAGE) collectstatic --noinput -v 0
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(VENV)/bin/gunicorn pasadena_pd.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

setup: $(VENV)/.installed .env db translations

# Reinstalls only when pyproject.toml changes, so a second `make run` is fast.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# A development .env with a fresh secret key; never overwrites an existing one.
.env:
	$(PY) -c "import secrets; \
	print(open('.env.example').read().replace('SECRET_KEY=', 'SECRET_KEY=' + secrets.token_urlsafe(50), 1).replace('DEBUG=false', 'DEBUG=true', 1), end='')" > $@
	@echo "Wrote .env for development (DEBUG on, new SECRET_KEY)."

# Starts the embedded PostgreSQL when DATABASE_URL is not set (see pasadena_pd/embedded_db.py).
db:
	$(MANAGE) migrate --noinput -v 0

seed:
	$(MANAGE) seed_demo

# The compiled catalogues (locale/*/LC_MESSAGES/*.mo, not committed) from the .po files, in
# pure Python (pasadena_pd/translations.py): no GNU gettext needed to run or test.
translations: $(VENV)/.installed
	$(PY) -m pasadena_pd.translations

# Refreshes every catalogue from the source (templates and Python), then compiles it. Give
# NEW_LANGUAGE=fr to start a new one. Translate every new or fuzzy entry before landing:
# tests/pasadena_pd/test_translations.py fails on any left. Needs GNU gettext's xgettext.
NEW_LANGUAGE ?=
messages: $(VENV)/.installed gettext
	$(MANAGE) makemessages $(if $(NEW_LANGUAGE),--locale $(NEW_LANGUAGE),--all) --no-obsolete \
		--add-location file --ignore 'var/*' --ignore 'bench/*' --ignore 'deploy/*' \
		--ignore 'tests/*' --ignore 'static/*' --ignore 'docs/*'
	$(PY) -m pasadena_pd.translations

# Debian's gettext for `make messages` (installed when run as root, like chromium).
gettext:
	@if command -v xgettext >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's gettext for makemessages..."; \
		(apt-get install -y -q gettext >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q gettext >/dev/null)); \
	else \
		echo "make messages needs GNU gettext. Run: sudo apt-get install -y gettext"; exit 1; \
	fi

bench: setup wrk
	$(PY) bench/run.py

# Debian's wrk, the benchmark's load generator (installed when run as root, like chromium).
wrk:
	@if command -v wrk >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's wrk for the benchmark..."; \
		(apt-get install -y -q wrk >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null)); \
	else \
		echo "The benchmark needs wrk. Run: sudo apt-get install -y wrk"; exit 1; \
	fi

# Debian's Chromium for the browser tests: Playwright's own download is not reachable here.
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
	else \
		echo "The browser tests need Chromium. Run: sudo apt-get install -y chromium"; exit 1; \
	fi

clean-db:
	$(PY) -m pasadena_pd.embedded_db stop
	rm -rf var/postgres

# Calendar feeds: 5,000 events in a separate `<database>_bench` database (see bench/feeds.py).
.PHONY: bench-feeds
bench-feeds: setup
	$(PY) bench/feeds.py

# The production layout on this machine, on loopback (docs/deployment.md, deploy/cluster.py):
# HAProxy, two gunicorn app servers, Redis, PostgreSQL, a task worker, an SMTP sink.
.PHONY: cluster cluster-stop test-cluster cluster-packages
cluster: $(VENV)/.installed translations cluster-packages
	$(PY) -m deploy.cluster start

cluster-stop:
	$(PY) -m deploy.cluster stop

# The fault drills of issue 18 against the cluster (started if needed, stopped again if it was
# started here); not part of `make test`. Bounded: the whole run is cut off after 15 minutes.
test-cluster: $(VENV)/.installed translations cluster-packages
	timeout --kill-after=30 900 $(PY) -m deploy.drills

# Debian's HAProxy, Redis and wrk (installed when run as root, like chromium).
cluster-packages:
	@missing=""; \
	command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's$$missing for the cluster..."; \
		(apt-get install -y -q $$missing >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)); \
	else \
		echo "The cluster needs$$missing. Run: sudo apt-get install -y$$missing"; exit 1; \
	fi
