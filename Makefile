# GTIS — `make run` serves the platform, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run setup test test-postgres lint bench messages vendor clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: install
	GTIS_DEBUG=1 $(BIN)/gtis migrate --no-input
	GTIS_DEBUG=1 $(BIN)/gtis collectstatic --no-input --verbosity 0
	GTIS_DEBUG=1 $(BIN)/gtis load-reference
	GTIS_DEBUG=1 $(BIN)/gtis load-demo

# The server, and beside it the worker that runs background jobs.
run: setup
	GTIS_DEBUG=1 $(BIN)/gtis db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	GTIS_DEBUG=1 $(BIN)/gtis runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/gtis_ci} $(BIN)/pytest

lint: install
	$(BIN)/ruff check gtis tests bench
	$(BIN)/ruff format --check gtis tests bench
	$(BIN)/mypy gtis
	$(BIN)/lint-imports
	$(BIN)/gtis makemigrations --check --dry-run

bench: install
	$(BIN)/python -m bench

# Regenerate the translation catalogues after changing strings (needs gettext).
messages: install
	cd gtis && ../$(BIN)/gtis makemessages --locale zh_Hans --no-obsolete --ignore 'static/*'
	cd gtis && ../$(BIN)/gtis compilemessages --locale zh_Hans

vendor:
	bash scripts/vendor-static.sh

clean:
	rm -rf $(VENV) var
