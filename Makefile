# Drumbeat: the commands people type. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format migrate demo clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Re-synchronised whenever the dependency declaration or the lock file changes.
$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

install: $(VENV)/.synced ## Create .venv and install the locked dependencies

migrate: install ## Upgrade the database schema (SQLite under var/ unless DRUMBEAT_DATABASE_URL is set)
	$(BIN)/drumbeat migrate

demo: migrate ## Load the demo data set (once)
	$(BIN)/drumbeat demo --if-empty

run: demo ## Install, migrate, load demo data, and serve on http://$(HOST):$(PORT)
	@echo "Drumbeat on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(BIN)/drumbeat api --host $(HOST) --port $(PORT)

test: install ## Run the whole suite (on PostgreSQL too when DRUMBEAT_TEST_POSTGRES_URL is set)
	$(BIN)/pytest

lint: install ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check services tests migrations
	$(BIN)/ruff format --check services tests migrations
	$(BIN)/mypy services

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix services tests migrations
	$(BIN)/ruff format services tests migrations

clean: ## Remove the virtualenv, caches and local data (var/)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
