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

# The issue-14 evidence in one run (about an hour on a quiet 2-core machine at the default scales): ingest,
# named queries and pages every way, 64 clients, budgets, into docs/benchmarks.md's marked blocks.
# `make bench SCALES=10` for a quick run; BENCH_ARGS passes more (e.g. "--reuse --load-seconds 10");
# LEGACY=0 skips the older harnesses (profile_ingest, sparql, viz, remote), which run after it by default.
SCALES ?= 100 1000 5000
BENCH_ARGS ?=
LEGACY ?= 1
bench: install system
	$(BIN)/python -m bench.report --scales $(SCALES) $(BENCH_ARGS)
ifeq ($(LEGACY),1)
	$(BIN)/python -m bench.profile_ingest --docs 100
	$(BIN)/python -m bench.sparql
	$(BIN)/python -m bench.viz
	$(BIN)/python -m bench.remote
endif

# Copy YASGUI and Swagger UI from npm into api/static/vendor/ (after changing package.json; commit the result).
vendor:
	bash scripts/vendor-assets.sh

clean:
	rm -rf $(VENV) var build .pytest_cache .mypy_cache .ruff_cache
