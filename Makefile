# The two commands that matter: `make run` (set up, ingest the demo corpus, serve) and `make test`.
# `make run` needs no root and no system parts: a venv, `pip install -e .`, ingest, serve.
# `make test` adds the dev tools and the system parts (scripts/setup-system.sh: Chromium, Virtuoso, fonts, npm).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-serve system lint typecheck pytest demo bench clean vendor

# What serving needs: the package and its runtime dependencies (the browser assets are package data).
$(VENV)/.installed-serve: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# What testing needs on top: the dev extra (pytest, ruff, mypy, playwright, pandas, ...).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-serve

install-serve: $(VENV)/.installed-serve

install: $(VENV)/.installed

system:
	bash scripts/setup-system.sh

demo: install-serve
	$(BIN)/policykg ingest corpus/demo --store $(STORE)

run: demo
	$(BIN)/policykg serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .

typecheck: install
	bash scripts/typecheck.sh $(BIN)

pytest: install system
	$(BIN)/pytest $(PYTEST_ARGS) || test $$? -eq 5

test: lint typecheck pytest

bench: install system
	$(BIN)/python -m bench.sparql
	$(BIN)/python -m bench.viz
	$(BIN)/python -m bench.remote

# Copy YASGUI and Swagger UI from npm into api/static/vendor/ (after changing package.json; commit the result).
vendor:
	bash scripts/vendor-assets.sh

clean:
	rm -rf $(VENV) var build .pytest_cache .mypy_cache .ruff_cache
