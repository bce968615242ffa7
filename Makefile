# Two commands on a fresh machine: `make run` and `make test`. Nothing else to install:
# the first creates .venv, installs the project, migrates a SQLite database under var/,
# loads the demo data and serves the app.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test setup install lint format migrate messages check-python clean

help:
	@echo "make run     set everything up and serve the app on http://127.0.0.1:$(PORT)"
	@echo "make test    set everything up and run the whole test suite"
	@echo "make lint    ruff check and format check"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nrtd needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'

# Reinstall only when pyproject.toml changed, so a second `make run` starts in seconds.
$(STAMP): pyproject.toml | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

setup: migrate
	$(PY) manage.py seed_demo

run: setup
	@echo
	@echo "  nrtd is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (password: nrtd-demo): secretariat, focal.health, focal.justice, viewer, nhri, cso"
	@echo "  Health check: http://127.0.0.1:$(PORT)/healthz"
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l fr -l es -l ar -l ru -l zh_Hans -l pt --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/nrtd.sqlite3 var/static
