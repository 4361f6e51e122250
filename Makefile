# The two commands: `make run` (install, migrate, seed, serve) and `make test` (install, lint,
# type-check, every test on SQLite and PostgreSQL). Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Python packages come from uv.lock (exact versions and hashes), installed by uv, which lives in
# its own small environment (.uv/) so that syncing .venv never removes it. Reinstall whenever
# pyproject.toml or the lock changes; `--locked` refuses a lock that no longer matches pyproject.
UV_VERSION := 0.13.9
UV := .uv/bin/uv
export UV_PYTHON_DOWNLOADS := never
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

FRONTEND_STAMP := frontend/node_modules/.installed-$(shell sha1sum frontend/package-lock.json | cut -c1-12)

.PHONY: run test install lock lock-check lint typecheck pytest frontend-build frontend-test migrate seed demo bench bench-dashboard bench-load bench-webhooks clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install -q uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra dev --python $(PYTHON)
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# The dashboard's packages, reinstalled whenever the lock file changes.
$(FRONTEND_STAMP): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@rm -f frontend/node_modules/.installed-* && touch $@

frontend-build: install $(FRONTEND_STAMP)
	cd frontend && npm run build

# The client must match the API's OpenAPI document; then lint, types, unit and browser tests.
frontend-test: install $(FRONTEND_STAMP)
	cd frontend && npm run check:client && npm run lint && npm run typecheck && npm test
	cd frontend && npm run build && npm run e2e

run: install frontend-build
	$(BIN)/shared-purpose migrate
	$(BIN)/shared-purpose seed
	SP_PUBLIC_READ=$${SP_PUBLIC_READ:-true} $(BIN)/shared-purpose serve --host $(HOST) --port $(PORT)

# The lock must match pyproject.toml (make test fails otherwise; `make lock` rewrites it).
lock-check: $(UV)
	$(UV) lock --check --python $(PYTHON)

lock: $(UV)
	$(UV) lock --python $(PYTHON)

lint: install lock-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/gixy deploy/nginx.conf

typecheck: install
	$(BIN)/mypy

# Two workers by default (this machine's cores): each makes its own databases, so they never share.
PYTEST_WORKERS ?= 2
pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint typecheck pytest frontend-test

migrate: install
	$(BIN)/shared-purpose migrate

seed: migrate
	$(BIN)/shared-purpose seed

demo: migrate
	$(BIN)/shared-purpose demo --teams $${TEAMS:-1000}

# Benchmarks print tables; never part of `make test`. BENCH_ARGS go to the script, e.g.
# `make bench BENCH_ARGS="--teams 10000"`; the dashboard bench runs once per BENCH_TEAMS.
BENCH_TEAMS ?= 1000 10000

bench: install
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

bench-dashboard: install frontend-build
	cd frontend && for n in $(BENCH_TEAMS); do npm run bench:dashboard -- --teams $$n || exit 1; done

bench-load: install
	$(BIN)/python bench/load_bench.py

bench-webhooks: install
	$(BIN)/python bench/webhooks_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .uv shared_purpose.db shared_purpose.db-* .mypy_cache .ruff_cache .pytest_cache
	rm -rf frontend/node_modules frontend/dist
