# stancewire: `make run` sets everything up and runs the pipeline on the bundled sample;
# `make test` runs the whole test suite. Both work on a fresh machine with Python >= 3.11.
SHELL := /bin/bash
PYTHON ?= python3
DB ?= stancewire.duckdb
SOURCE ?= seeds/articles
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export UV_LINK_MODE ?= copy

.PHONY: help setup run test bench clean server

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# uv from PATH, else `python -m uv`, installed with pip when missing. --compile-bytecode:
# Prefect and its dependencies are then not compiled again by every process (about 6 CPU s
# of each run's start-up where PYTHONDONTWRITEBYTECODE is set)
.venv/.synced: pyproject.toml uv.lock
	@if command -v uv >/dev/null 2>&1; then uv=uv; \
	else $(PYTHON) -m uv --version >/dev/null 2>&1 || { echo "make: installing uv with pip"; \
	  $(PYTHON) -m pip install --quiet uv; }; uv="$(PYTHON) -m uv"; fi; \
	$$uv sync --locked --quiet --compile-bytecode
	@touch $@

setup: .venv/.synced  ## create .venv from uv.lock (installs uv with pip if missing)

run: setup  ## run the pipeline on the bundled sample into ./stancewire.duckdb and print a summary
	@.venv/bin/stancewire run --source $(SOURCE) --db $(DB)

test: setup  ## run the whole test suite
	@.venv/bin/python -m pytest $(PYTEST_ARGS)

server: setup  ## Prefect server + UI on http://127.0.0.1:4200 (PREFECT_HOME=.prefect); Ctrl-C stops it
	@echo "Prefect UI: http://127.0.0.1:4200   point the CLI at it: export PREFECT_API_URL=http://127.0.0.1:4200/api"
	@PREFECT_UI_API_URL=http://127.0.0.1:4200/api .venv/bin/prefect server start --host 127.0.0.1 --port 4200

bench: setup  ## throughput / memory benchmark on ../shared/corpora/ukraine-media
	@.venv/bin/python bench/run_bench.py

clean:  ## remove the local database, Prefect home and caches
	rm -rf $(DB) $(DB).wal $(DB).creating-* $(DB).staging .prefect .pytest_cache
