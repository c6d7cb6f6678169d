# Drumbeat: the commands people type. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
FRONTEND := frontend
NPM ?= npm
BENCH_ACTIVITIES ?= 1000000

.PHONY: help install install-dev run test lint format migrate demo clean frontend dev test-frontend bench

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-13s\033[0m %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Re-synchronised whenever the dependency declaration or the lock file changes. Running
# Drumbeat needs only its runtime dependencies; the test and lint tools (the dev group) come
# with install-dev, which the test, lint and bench targets use. --inexact keeps a dev
# install's tools when `make run` follows `make test`.
$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --no-dev --inexact --python $(BIN)/python
	@touch $@

$(VENV)/.synced-dev: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@ $(VENV)/.synced

install: $(VENV)/.synced ## Create .venv and install the locked runtime dependencies

install-dev: $(VENV)/.synced-dev ## The same plus the test and lint tools

migrate: install ## Upgrade the database schema (SQLite under var/ unless DRUMBEAT_DATABASE_URL is set)
	$(BIN)/drumbeat migrate

demo: migrate ## Load the demo data set (once)
	$(BIN)/drumbeat demo --if-empty

# npm ci runs again whenever package-lock.json is newer than the last install.
$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend: $(FRONTEND)/node_modules/.installed ## Build the web app into frontend/dist (served by the API at /)
	cd $(FRONTEND) && $(NPM) run build

dev: demo $(FRONTEND)/node_modules/.installed ## API on :8000 in the background + Vite dev server (proxying /api) on :5173
	@$(BIN)/drumbeat api --host $(HOST) --port $(PORT) & api=$$!; \
	trap 'kill $$api 2>/dev/null' EXIT INT TERM; \
	echo "Web app with hot reload on http://127.0.0.1:5173/ (API on http://$(HOST):$(PORT))"; \
	cd $(FRONTEND) && DRUMBEAT_API_URL=http://$(HOST):$(PORT) $(NPM) run dev

run: demo frontend ## Install, migrate, load demo data; serve API, worker and web app on http://$(HOST):$(PORT)
	@echo "Drumbeat on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	@echo "The worker writes reminder emails to var/outbox/ (see README: Email)."
	@# Links in the emails point at this server unless DRUMBEAT_PUBLIC_URL says otherwise.
	@export DRUMBEAT_PUBLIC_URL=$${DRUMBEAT_PUBLIC_URL:-http://$(HOST):$(PORT)}; \
	$(BIN)/drumbeat worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/drumbeat api --host $(HOST) --port $(PORT)

# The SSO tests run a real OpenID provider (oidc-provider on Node) from tests/sso/provider/.
SSO_PROVIDER := tests/sso/provider
$(SSO_PROVIDER)/node_modules/.installed: $(SSO_PROVIDER)/package-lock.json
	cd $(SSO_PROVIDER) && $(NPM) ci --no-audit --no-fund
	@touch $@

# pytest-xdist: one worker per core (auto); PYTEST_WORKERS=0 runs the suite in this process.
PYTEST_WORKERS ?= auto
test: install-dev $(SSO_PROVIDER)/node_modules/.installed ## Lint, then the whole suite (on PostgreSQL too when DRUMBEAT_TEST_POSTGRES_URL is set), then test-frontend
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory lint-infra
	$(BIN)/pytest -n $(PYTEST_WORKERS)
	$(MAKE) --no-print-directory test-frontend

test-frontend: install-dev $(FRONTEND)/node_modules/.installed ## Generated client up to date, tsc, eslint, prettier, catalogs, vitest, build, payload, e2e in Chromium
	cd $(FRONTEND) && bash scripts/check-generated.sh
	cd $(FRONTEND) && node_modules/.bin/tsc --noEmit -p .
	cd $(FRONTEND) && node_modules/.bin/eslint --max-warnings=0 .
	cd $(FRONTEND) && node_modules/.bin/prettier --check .
	cd $(FRONTEND) && $(NPM) run i18n:check
	cd $(FRONTEND) && node_modules/.bin/vitest run
	cd $(FRONTEND) && $(NPM) run build
	node bench/frontend_payload.mjs --max-kb 250
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	cd $(FRONTEND) && node --test --test-reporter=spec e2e/run.mjs

# Not part of `make test`: minutes of load on one generated PostgreSQL data set, made and dropped
# on DRUMBEAT_BENCH_POSTGRES_URL (bench/api.py installs wrk). Figures: bench/RESULTS.md.
bench: install-dev frontend ## Benchmarks on one generated data set (BENCH_ACTIVITIES=1000000; about 30 min)
	$(BIN)/python bench/run.py --activities $(BENCH_ACTIVITIES)

# Offline: no Docker engine, no cluster, no network. Kubernetes schemas of the oldest and the
# newest release kubernetes-validate bundles; any warning (e.g. an unknown apiVersion) fails.
INFRA_K8S := $(filter-out %/kustomization.yaml,$(wildcard infra/k8s/*.yaml infra/k8s/*/*.yaml))
INFRA_K8S_VERSIONS := 1.34.0 1.37.0
.PHONY: lint-infra
lint-infra: install-dev ## Check infra/: hadolint, yamllint, compose schema, Kubernetes schemas (offline)
	$(BIN)/hadolint --config infra/.hadolint.yaml infra/Dockerfile
	$(BIN)/yamllint --strict --config-file infra/.yamllint infra
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec infra/docker-compose.yml
	@for v in $(INFRA_K8S_VERSIONS); do \
		out=$$($(BIN)/kubernetes-validate --strict --quiet -k $$v $(INFRA_K8S) 2>&1); rc=$$?; \
		if [ $$rc -ne 0 ] || [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
		echo "kubernetes-validate $$v: $(words $(INFRA_K8S)) files ok"; \
	done

lint: install-dev ## ruff (lint + format check) and mypy --strict on services, tests, bench, migrations
	$(BIN)/ruff check services tests migrations bench
	$(BIN)/ruff format --check services tests migrations bench
	$(BIN)/mypy

format: install-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix services tests migrations bench
	$(BIN)/ruff format services tests migrations bench

clean: ## Remove the virtualenv, caches and local data (var/)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
