# EU–Central Asia Strategy Tracker. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed-stamp
# Node packages the browser tests load from disk (axe-core, pinned in package.json).
NODE_STAMP := node_modules/.installed-stamp
# The embedded default's secret key: generated once, git-ignored, readable by its owner only.
# Settings read it when the SECRET_KEY variable is not set (SECRET_KEY_FILE names another file).
KEY    := .secret_key

.DEFAULT_GOAL := help
.PHONY: help install run test test-browser lint format check messages clean bench

help:
	@echo "make run    - set up .venv, migrate, load the seed data, serve http://127.0.0.1:$(PORT)"
	@echo "make test   - run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make test-browser - only the browser tests (Chromium at /usr/bin/chromium)"
	@echo "make lint   - ruff, import layers (lint-imports), migrations check, Django system checks"
	@echo "make messages - refresh and compile the Russian catalogue (needs gettext)"
	@echo "make bench  - page p50/p95 and export speed vs COPY at LEVELS=$(LEVELS) lines, on the"
	@echo "              (throwaway) database DATABASE_URL names: replaces its demo data"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(KEY):
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp
	mv $@.tmp $@

install: $(STAMP) $(NODE_STAMP) $(KEY)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_strategy
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py populate_history --auto >/dev/null  # older databases
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

test-browser: install
	$(BIN)/python -m pytest tests/browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages --locale ru --no-obsolete \
		--ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'scripts/*' --ignore 'node_modules/*'
	$(BIN)/python manage.py compilemessages --locale ru --ignore '.venv/*'

# Measure pages and exports at each number of demo lines (scripts/bench.py; table to BENCH_OUT).
LEVELS    ?= 1000,1000000
BENCH_OUT ?= /tmp/bench/results.md
bench: install
	$(BIN)/python scripts/bench.py --levels $(LEVELS) --out $(BENCH_OUT)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
