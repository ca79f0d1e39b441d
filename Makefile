# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev serve lint format messages clean loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Development server on SQLite with demo data, and a background worker beside it (one
# command: Ctrl+C stops both). DEBUG is on for this command only.
run: install
	DEBUG=on $(BIN)/python manage.py migrate --noinput
	DEBUG=on $(BIN)/python manage.py load_regions
	DEBUG=on $(BIN)/python manage.py seed_demo
	DEBUG=on $(BIN)/python manage.py seed_demo_programs
	DEBUG=on $(BIN)/python manage.py seed_demo_visits
	@# The background worker (imports, exports, the report's workbook) beside the web
	@# server, stopped with it (Ctrl+C stops both).
	DEBUG=on $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	DEBUG=on $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite on every core (pytest-xdist, a test database per worker), then the browser
# tests on their own: each starts a live server and drives one Chromium. JOBS=0 runs the
# suite in this one process; BROWSER_TESTS=no leaves the browser tests out (CI runs them once,
# on PostgreSQL); PYTEST_ARGS passes more options to both runs.
JOBS ?= auto
BROWSER_TESTS ?= yes
PYTEST_ARGS ?=
test: install-dev
	$(BIN)/pytest -n $(JOBS) -m "not browser" $(PYTEST_ARGS)
ifeq ($(BROWSER_TESTS),yes)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)
endif

# gunicorn (2 workers) on PostgreSQL driven by wrk for 30 s through the client list, a
# client's page and the outcome report; fails on any error (see scripts/loadtest.sh).
loadtest: install
	bash scripts/loadtest.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Indonesian catalogue after changing translatable text (needs gettext).
messages: install-dev
	DEBUG=on $(BIN)/python manage.py makemessages --locale id --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	DEBUG=on $(BIN)/python manage.py compilemessages --locale id --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles
