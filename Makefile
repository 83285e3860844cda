# The two commands of the README: `make demo` and `make test`; plus lint, bench.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON_BIN := $(shell command -v python3.13 || ls $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | head -1 || command -v python3.12 || ls $$HOME/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | head -1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench install venv messages e2e-deps serve clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.13 ou 3.12 introuvable (pyenv)"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

e2e-deps: node_modules/.installed

# The demo runs without DEBUG, as in production, so it needs a secret key that is not the
# public development one (eig/core/checks.py refuses it): one made on this machine, kept
# in var/ (not in git) so that sessions and the demo's TOTP secrets survive a restart.
# A SECRET_KEY already in the environment wins.
DEMO_SECRET_KEY_FILE := var/demo-secret-key
DEMO_ENV = SECRET_KEY="$${SECRET_KEY:-$$(cat $(DEMO_SECRET_KEY_FILE))}"

$(DEMO_SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install $(DEMO_SECRET_KEY_FILE)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(DEMO_ENV) DEMO=1 $(PY) manage.py load_demo
	@echo "Site de démonstration : http://$(HOST):$(PORT)/ (comptes listés sur la page d'accueil)"
	$(DEMO_ENV) DEMO=1 $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.conf.py --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# The browser tests run in their own process: their live server flushes the
# database between tests, which must not meet the rolled-back tests' connection.
# The rest runs on TEST_WORKERS processes (pytest-xdist, one test database each).
TEST_WORKERS ?= 2
test: install e2e-deps
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/pytest -m "not e2e" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	$(VENV)/bin/pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

bench: install
	$(PY) -m tests.bench $(if $(ONLY),--only $(ONLY),)

messages: install
	$(PY) manage.py makemessages -l en --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*'
	$(PY) manage.py compilemessages -l en --ignore='.venv/*' --ignore='.bench/*'

clean:
	rm -rf $(VENV) node_modules staticfiles test-output db.sqlite3*
