# The two commands that matter: `make run` (set up, ingest the demo corpus, serve) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install system lint typecheck pytest demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

system:
	bash scripts/setup-system.sh

demo: install system
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
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.profile_ingest --docs 100
	$(BIN)/python -m bench.sparql
	$(BIN)/python -m bench.viz
	$(BIN)/python -m bench.remote

clean:
	rm -rf $(VENV) var build .pytest_cache .mypy_cache .ruff_cache
