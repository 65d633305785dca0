# Two commands: `make run` serves the app with a worker and beat on the embedded default
# (SQLite, filesystem broker); `make test` checks the layers (lint-imports, .importlinter), then runs the whole
# suite against PostgreSQL and Redis.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements/lock.txt | cut -c1-12)

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2
# Where `make run` serves (scripts/run_local.py reads the same variables from the environment).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup system test test-postgres test-sqlite lint format messages bench clean

run: setup
	@scripts/ensure_system.sh run
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_rules
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_data
	@echo
	@echo "  Open http://$(HOST):$(PORT)/ and log in as one of the users above."
	$(BIN)/python scripts/run_local.py

setup: $(STAMP)

$(STAMP): requirements/lock.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/lock.txt
	rm -f $(VENV)/.installed-*
	touch $@

test: setup
	@scripts/ensure_system.sh test
	@scripts/ensure_services.sh
	$(BIN)/lint-imports --no-logo
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-sqlite

# The whole suite against the real PostgreSQL and Redis.
test-postgres: setup
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The same suite on the embedded default (SQLite, filesystem broker).
test-sqlite: setup
	env -u DATABASE_URL -u CELERY_BROKER_URL -u REDIS_URL \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf var $(VENV)
