# The two commands: `make run` (install, migrate, seed, serve) and `make test` (install, lint,
# type-check, every test on SQLite and PostgreSQL). Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall whenever pyproject.toml changes.
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint typecheck pytest migrate seed demo bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install
	$(BIN)/shared-purpose migrate
	$(BIN)/shared-purpose seed
	$(BIN)/shared-purpose serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

migrate: install
	$(BIN)/shared-purpose migrate

seed: migrate
	$(BIN)/shared-purpose seed

demo: migrate
	$(BIN)/shared-purpose demo --teams $${TEAMS:-1000}

bench: install
	$(BIN)/python bench/api_bench.py

clean:
	rm -rf $(VENV) shared_purpose.db shared_purpose.db-* .mypy_cache .ruff_cache .pytest_cache
