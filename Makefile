# K-Talent Portal. `make run` serves the demo site; `make test` runs every check.
PYTHON ?= $(shell scripts/find-python)
VENV ?= .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
PYTEST_ARGS ?= -n 2

.PHONY: help install run worker beat test test-sqlite test-postgres lint typecheck fmt migrations-check clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || exit 1
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Compiled catalogues are build output (git-ignored): rebuilt from the committed
# .po whenever it changes, so `make test` and `make run` always see them.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

$(MO_FILES): %.mo: %.po $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore '$(VENV)' --ignore var --ignore node_modules

install: $(VENV)/.installed $(MO_FILES)  ## Create .venv, install the pinned requirements, compile the translations

# Local commands run in development mode: the settings refuse to start without
# DJANGO_SECRET_KEY otherwise.
run: export DJANGO_DEBUG ?= 1
run: install  ## Migrate, seed the demo and serve http://127.0.0.1:8000 (SQLite, eager Celery)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

worker: install  ## Celery worker (needs REDIS_URL)
	$(PY) -m celery -A portal worker -l info

beat: install  ## Celery beat (needs REDIS_URL)
	$(PY) -m celery -A portal beat -l info

lint: install typecheck  ## ruff lint and format check, then mypy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The django-stubs plugin imports portal.settings, which refuses to start without
# DJANGO_SECRET_KEY unless DJANGO_DEBUG=1. The files are in pyproject.toml.
typecheck: install  ## mypy with django-stubs and celery-types (portal, accounts, jobs)
	DJANGO_DEBUG=1 $(PY) -m mypy

fmt: install  ## Apply ruff fixes and formatting
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install  ## Fail when a model change has no migration
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install  ## The suite on SQLite
	$(PY) -m pytest $(PYTEST_ARGS)

# Only the tests that can reach the database: pytest-django blocks it for the
# others, which ran on SQLite already (tests/conftest.py, --database-tests-only).
test-postgres: install  ## The database tests on a throwaway PostgreSQL cluster
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS) --database-tests-only

test: lint migrations-check test-sqlite test-postgres  ## Everything CI runs

clean:  ## Remove the virtualenv and local data
	rm -rf $(VENV) var
