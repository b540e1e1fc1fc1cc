# Expo Directory: `make run` serves the site with the shipped data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development defaults; production sets its own environment (see README).
DEV_ENV = DEBUG=1
TEST_ENV = SECRET_KEY=test-only-not-a-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz

.PHONY: run install install-dev migrate load test test-fast lint format browser deploy-tools vnu html-check superuser demo clean loadtest audit flags gettext messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the requirements change, so a second `make run` is quick.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

load: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_shipped_data

run: load
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# An organiser login without prompts: make superuser [ADMIN_USER=... ADMIN_EMAIL=... ADMIN_PASSWORD=...].
# With ADMIN_PASSWORD empty a random password is made and printed once. A user of that name that
# exists already is left as it is, so a second run changes nothing.
ADMIN_USER ?= admin
ADMIN_EMAIL ?= admin@example.org
ADMIN_PASSWORD ?=
superuser: export DJANGO_SUPERUSER_USERNAME = $(ADMIN_USER)
superuser: export DJANGO_SUPERUSER_EMAIL = $(ADMIN_EMAIL)
superuser: export DJANGO_SUPERUSER_PASSWORD = $(ADMIN_PASSWORD)
superuser: migrate
	@if $(DEV_ENV) $(BIN)/python manage.py shell --no-imports -c "import os, sys; from django.contrib.auth import get_user_model; sys.exit(0 if get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: os.environ['DJANGO_SUPERUSER_USERNAME']}).exists() else 1)"; then \
		echo "User \"$$DJANGO_SUPERUSER_USERNAME\" exists already: left as it is."; \
	else \
		generated=; \
		if [ -z "$$DJANGO_SUPERUSER_PASSWORD" ]; then \
			DJANGO_SUPERUSER_PASSWORD="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(18))')"; \
			export DJANGO_SUPERUSER_PASSWORD; generated=1; \
		fi; \
		$(DEV_ENV) $(BIN)/python manage.py createsuperuser --noinput || exit 1; \
		if [ -n "$$generated" ]; then \
			echo "Password of \"$$DJANGO_SUPERUSER_USERNAME\": $$DJANGO_SUPERUSER_PASSWORD (shown only now)"; \
		fi; \
	fi

# Demo data at any size beside the shipped data (slugs starting demo-, replaced on each run):
# make demo [EXHIBITORS=1000 SHOWCASES=5000 SEED=1 IMAGES=1]. IMAGES=1 draws logos and
# illustrations into media/demo/ (about 2.5 minutes at the default size on 2 cores); IMAGES=0 makes
# the rows only, in seconds. See generate_demo_data --help.
EXHIBITORS ?= 1000
SHOWCASES ?= 5000
SEED ?= 1
IMAGES ?= 1
demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py generate_demo_data --replace \
		--exhibitors $(EXHIBITORS) --showcases $(SHOWCASES) --seed $(SEED) \
		$(if $(filter 1,$(IMAGES)),--images,--no-images)

# The interface's translations: locale/<language>/LC_MESSAGES/django.po, written by translators, and
# the compiled django.mo beside each, both committed (so `make run` needs nothing beyond Python).
# `make messages` collects the strings of the code and templates into the .po files (new ones
# untranslated) and compiles them; it needs GNU gettext (xgettext, msgfmt), from Debian.
# tests/core/test_catalogues.py checks that the catalogues are complete, current and compiled.
MESSAGE_LANGUAGES = zh_Hans ru
MAKEMESSAGES = $(BIN)/python manage.py makemessages --no-obsolete --add-location=file --domain django \
	--ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=docs --ignore=datafiles
gettext:
	@command -v xgettext >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing Debian's gettext for the translation catalogues"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

messages: install gettext
	$(DEV_ENV) $(MAKEMESSAGES) $(foreach l,$(MESSAGE_LANGUAGES),-l $(l))
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0

# Chromium for the browser tests comes from Debian (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# SVG flags (4:3) from the flag-icons npm package (MIT), with its LICENSE, into static/vendor/flag-icons/.
# The files are committed, so `make run` needs no npm; run this only to change FLAG_ICONS_VERSION. It
# takes the two-letter (ISO 3166-1 alpha-2 style) flags only, and replaces the folder whole.
FLAG_ICONS_VERSION ?= 7.5.0
FLAGS_DIR = static/vendor/flag-icons
flags:
	@command -v npm >/dev/null 2>&1 || { echo "make flags needs npm (Debian: apt-get install npm)"; exit 1; }
	@set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent flag-icons@$(FLAG_ICONS_VERSION) >/dev/null && tar -xzf flag-icons-$(FLAG_ICONS_VERSION).tgz); \
	rm -rf $(FLAGS_DIR); mkdir -p $(FLAGS_DIR)/4x3; \
	cp "$$tmp"/package/flags/4x3/[a-z][a-z].svg $(FLAGS_DIR)/4x3/; \
	cp "$$tmp"/package/LICENSE $(FLAGS_DIR)/LICENSE; \
	echo "flag-icons $(FLAG_ICONS_VERSION) (https://github.com/lipis/flag-icons), MIT licence: see LICENSE. Made by \`make flags\`." >$(FLAGS_DIR)/VERSION; \
	echo "$$(ls $(FLAGS_DIR)/4x3 | wc -l) flags of flag-icons $(FLAG_ICONS_VERSION) in $(FLAGS_DIR)/4x3"

# nginx for the deployment test (tests/test_deployment.py) and `make loadtest`, from Debian, with
# openssl for the test's certificate. No system nginx is left running on port 80: a policy-rc.d (an
# existing one is kept) stops apt from starting the service, and it is stopped in case it started.
deploy-tools:
	@{ PATH="$$PATH:/usr/sbin"; command -v nginx && command -v openssl; } >/dev/null 2>&1 || { \
		echo "Installing Debian's nginx for the deployment test (its service is not started)"; \
		added=; \
		if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && added=1; \
		fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null; \
		status=$$?; \
		if [ -n "$$added" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
		service nginx stop >/dev/null 2>&1 || true; \
		exit $$status; }

# The Nu Html Checker (vnu, the W3C validator) from the vnu-jar npm package, run with Java, under
# var/vnu/. tests/test_html_validity.py (part of `make test`) checks every page type with it.
VNU_VERSION ?= 26.9.27
VNU_DIR = var/vnu
VNU_JAR = $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)

$(VNU_JAR):
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java runtime for the HTML checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	mkdir -p $(VNU_DIR)
	npm install --silent --no-audit --no-fund --prefix $(VNU_DIR) vnu-jar@$(VNU_VERSION)

# Only the HTML check: every page type through vnu, 0 errors.
html-check: install-dev vnu
	$(TEST_ENV) $(BIN)/pytest tests/test_html_validity.py $(PYTEST_ARGS)

# The suite runs in TEST_WORKERS parallel processes (pytest-xdist; TEST_WORKERS=0 runs it in one).
TEST_WORKERS ?= 2
test: install-dev
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: install-dev
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Load test: wrk for 60 s at 64 connections through nginx (docs/deployment.md's block, over TLS) to gunicorn
# on PostgreSQL (database expo_loadtest, 10,000 demo exhibitors) with Redis, over cached pages,
# searches, filtered lists and exports; fails on any non-2xx/3xx answer or socket error. See
# .ci/loadtest.sh.
loadtest: install deploy-tools
	bash .ci/loadtest.sh

# Benchmark (7 to 10 minutes): PostgreSQL database expo_bench with 10,000 generated exhibitors and
# 50,000 showcases, gunicorn as documented, wrk per page against /healthz/live, uncached server
# times, worker memory, load_expo against loaddata, query plans. See .ci/bench.py and BENCHMARKS.md.
# It uses Redis (running on this machine) as the documented production setup does; set
# BENCH_REDIS_URL= (empty) to measure with the local-memory cache instead.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
.PHONY: bench
bench: install
	BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python .ci/bench.py

# The same benchmark at the Canton Fair's scale: 35,000 exhibitors and 3,000,000 showcases in the
# database expo_scale (about 9 GB), generated once and reused while it holds that data (the
# generation alone takes 15 to 25 minutes; a run that reuses it about 30). The loaders load 100,000
# showcases as JSON Lines; loaddata is left out (it holds the whole file in memory). Output in
# /tmp/expo-bench-scale; the figures go into BENCHMARKS.md by hand.
.PHONY: bench-scale
bench-scale: install
	BENCH_REDIS_URL=$(BENCH_REDIS_URL) BENCH_EXHIBITORS=35000 BENCH_SHOWCASES=3000000 \
	BENCH_DATABASE=expo_scale BENCH_REUSE=1 BENCH_LOAD_SHOWCASES=100000 BENCH_LOAD_FORMAT=jsonl \
	BENCH_LOADDATA=0 BENCH_SAMPLES=20 BENCH_PAGE_SECONDS=8 BENCH_OUT=/tmp/expo-bench-scale \
	$(BIN)/python .ci/bench.py

# Known vulnerabilities in the pinned requirements (pip-audit, advisories from PyPI).
audit: install-dev
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
