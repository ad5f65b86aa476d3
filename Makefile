# fazhi — two commands do all set-up on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test test-pg lint messages openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP) messages
	$(BIN)/fazhi collectstatic --noinput --verbosity 0

# Translations are compiled in the build (polib: no GNU gettext needed).
messages: $(STAMP)
	$(BIN)/fazhi compilemessages_py

demo: install
	$(BIN)/fazhi migrate --noinput --verbosity 0
	$(BIN)/fazhi demo
	@echo ""
	@echo "fazhi 示例镇: http://$(HOST):$(PORT)/  (按 Ctrl-C 停止 / Ctrl-C to stop)"
	$(BIN)/fazhi serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/fazhi migrate --noinput --verbosity 0
	$(BIN)/fazhi serve --host $(HOST) --port $(PORT)

# Tests run on every core (pytest-xdist); PYTEST_ARGS adds options, e.g. PYTEST_ARGS="-n 0 -x".
PYTEST_JOBS ?= auto
test: $(TEST_STAMP) messages
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	FAZHI_TASKS=immediate $(BIN)/pytest -n $(PYTEST_JOBS) $(PYTEST_ARGS)

# The suite on a throwaway PostgreSQL 15 cluster (created here, removed afterwards): everything
# but the browser and document-rendering tests (they run once, on SQLite) and, of the
# authorization matrix, one write per row, scope and outcome and one read per view (SQLite runs
# every case).
PG_SELECTION := not browser and not libreoffice and (not matrix or matrix_write_sample or matrix_read_sample)
test-pg: $(TEST_STAMP) messages
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	bash scripts/with-postgres.sh env FAZHI_TASKS=immediate $(BIN)/pytest -n $(PYTEST_JOBS) -m "$(PG_SELECTION)" $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check fazhi
	$(BIN)/ruff format --check fazhi

clean:
	rm -rf $(VENV) var/static

# The API's schema as checked in for other systems (a test fails when it drifts from the code).
openapi: $(STAMP)
	$(BIN)/fazhi spectacular --file docs/openapi.yaml --validate
