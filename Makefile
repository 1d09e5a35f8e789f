# Two commands on a fresh clone: `make run` serves, `make test` checks everything.
# Each creates the virtual environment and installs what it needs on first use.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
CONSTRAINTS := constraints.txt

.PHONY: run test lint types pytest migrate bench crash fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e '.[test]'
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	@echo "Serving on http://$${HELPDESK_HOST:-127.0.0.1}:$${HELPDESK_PORT:-8000} (API docs at /docs)."
	@echo "Mint a token in another shell, for example:"
	@echo "  $(BIN)/helpdesk token create --account-type operations --account-name Ops --email ops@example.com"
	@echo "  $(BIN)/helpdesk token create --uvdesk-role admin --email admin@example.com"
	$(BIN)/helpdesk serve

migrate: $(VENV)/.runtime-installed
	$(BIN)/helpdesk migrate

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

types: $(VENV)/.test-installed
	$(BIN)/mypy

# Tests run on one process per core (pytest-xdist); PYTEST_ARGS="-n 0" runs them in one.
PYTEST_ARGS ?= -n auto
pytest: $(VENV)/.test-installed
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint types pytest

$(VENV)/.bench-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e '.[test,bench]'
	@touch $@ $(VENV)/.test-installed $(VENV)/.runtime-installed

# The benchmark suite (bench/README.md): seeds 1k, 100k and 1M tickets on SQLite and
# PostgreSQL, serves each with 2 workers, drives it with wrk at 1, 8 and 32 connections, runs
# the floors and the peer, and writes bench/results/<date>-<machine>/. SIZE=N: one size, short
# runs (minutes, not hours). More options: make bench BENCH_ARGS="--help"
bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench.suite $(if $(SIZE),--sizes $(SIZE) --quick) $(BENCH_ARGS)

# The long crash profile: 200 SIGKILL cycles on SQLite, and on PostgreSQL when
# HELPDESK_TEST_DATABASE_URL is set (make test runs 20 per database). Replay a failure with
# the seed it printed: make crash CRASH_ARGS="--seed 123 --backend sqlite"
crash: $(VENV)/.test-installed
	$(BIN)/python -m tests.crash --cycles 200 $(CRASH_ARGS)

# The long fuzz profile: schemathesis against /openapi.json, 150 examples per operation on
# SQLite, and on PostgreSQL when HELPDESK_TEST_DATABASE_URL is set (make test runs 4 per
# operation). More or fewer: make fuzz FUZZ_EXAMPLES=500
fuzz: $(VENV)/.test-installed
	HELPDESK_FUZZ_PROFILE=long HELPDESK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/pytest -p no:cacheprovider tests/fuzz -q

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
