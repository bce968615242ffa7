# Two commands on a fresh machine: `make run` and `make test`. Nothing else to install:
# the first creates .venv, installs requirements.lock and the project, migrates a SQLite
# database under var/, loads the demo data and serves the app with a Celery worker beside it.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# auto: uv when it can be had (PATH, or pip brings it), else pip. pip: pip only.
INSTALLER ?= auto

.DEFAULT_GOAL := help
.PHONY: help run test setup install lint format migrate messages check-python clean \
	lock lock-upgrade lock-check audit

help:
	@echo "make run     set everything up and serve the app on http://127.0.0.1:$(PORT)"
	@echo "make test    set everything up and run the whole test suite"
	@echo "make lint    ruff check and format check"
	@echo "make lock    update $(LOCK) after changing dependencies in pyproject.toml"
	@echo "make lock-upgrade [PACKAGE=name]   newest allowed release of every (or one) package"
	@echo "make audit   check the locked packages against known vulnerabilities"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nrtd needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'

# Reinstall only when pyproject.toml or the lock changed, so a second `make run` starts in
# seconds. .ci/install says how (uv, else pip).
$(STAMP): pyproject.toml $(LOCK) | check-python
	PYTHON=$(PYTHON) INSTALLER=$(INSTALLER) .ci/install
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
	@echo "  Jobs (imports, reports) run in a Celery worker started beside the web server;"
	@echo "  Ctrl-C stops both."
	@echo
	$(PY) manage.py serve 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lock: install
	.ci/lock

lock-upgrade: install
	.ci/lock --upgrade $(PACKAGE)

lock-check: install
	.ci/lock --check

audit: install
	$(PY) .ci/audit.py

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
	rm -rf $(VENV) var/nrtd.sqlite3 var/nrtd.sqlite3-wal var/nrtd.sqlite3-shm var/static var/queue var/celerybeat-schedule
