# Наставничество — two commands: `make run` (try the portal) and `make test` (run every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the portal needs at run time: WeasyPrint (Pango), Cyrillic fonts, gettext, Node.js for assets.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext
TEST_SYSTEM_PACKAGES := chromium poppler-utils
# DEBUG is off by default and the settings refuse to start without SECRET_KEY: manage.py here gets the
# environment's or .env's key, or else the one generated once into .secret_key (git-ignored, mode 600).
KEY_GIVEN = $(or $(SECRET_KEY),$(shell grep -qs '^SECRET_KEY=.' .env && echo yes))
MANAGE = $(if $(KEY_GIVEN),,SECRET_KEY="$$(cat .secret_key)" )$(PY) manage.py

.PHONY: run test smoke api-check faults load setup sysdeps deps assets messages static migrate demo lint lock clean backup restore

run: setup migrate demo .secret_key
	@echo "Портал: http://$(HOST):$(PORT)/  (остановить: Ctrl+C)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

# The production stack (gunicorn, Celery worker and beat, PostgreSQL, Redis) as processes on loopback,
# started with docker-compose.yml's own commands, and every role's browser journey against it.
smoke: setup
	$(PY) smoke/run.py

# The open API against its own OpenAPI schema: schemathesis on the demo lyceum behind gunicorn (smoke/api_check.py).
api-check: setup
	$(PY) smoke/api_check.py

# Fault drills on the same stack: the worker killed mid-summary, Redis stopped for seconds (bench/faults.py).
faults: setup
	$(PY) bench/faults.py

# Load: 50 staff users and anonymous visitors against the stack's gunicorn (bench/load.py --help).
load: setup
	$(PY) bench/load.py $(LOAD_ARGS)

setup: sysdeps deps assets messages static

sysdeps:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Нужен Python 3.11 или новее")'
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done; \
	  command -v npm >/dev/null || echo nodejs npm; $(PYTHON) -c 'import ensurepip' 2>/dev/null || echo python3-venv); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Устанавливаю системные пакеты: $$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Не хватает системных пакетов. Выполните:"; echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	touch $@

deps: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

messages: deps .secret_key
	$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules

static: deps assets .secret_key
	$(MANAGE) collectstatic --noinput -v0

migrate: deps .secret_key
	$(MANAGE) migrate --noinput -v0

demo: deps .secret_key
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) seed_demo_roadmap --if-empty
	$(MANAGE) create_demo_users
	$(MANAGE) seed_demo_monitoring --if-empty
	$(MANAGE) seed_demo_history --if-empty

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

# PostgreSQL (DATABASE_URL) and media: `make backup` writes backups/<date>/{db.dump,media.tar.gz};
# `make restore BACKUP=backups/<date>` puts them back (asks first).
backup: deps .secret_key
	$(MANAGE) backup --dir $${BACKUP_DIR:-backups}

restore: deps .secret_key
	@test -n "$(BACKUP)" || { echo "Укажите папку: make restore BACKUP=backups/<дата>"; exit 1; }
	$(MANAGE) restore $(BACKUP)

.secret_key:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

# Regenerate requirements.lock after changing pyproject.toml.
lock: deps
	$(PY) -m pip install -q pip-tools
	$(BIN)/pip-compile -q --extra dev --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles
