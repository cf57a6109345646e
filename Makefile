# Boardhouse: `make run` serves the demo on http://127.0.0.1:5000; `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint bench install clean

$(BIN)/boardhouse: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/boardhouse

run: install
	$(BIN)/boardhouse init-db
	$(BIN)/boardhouse demo
	$(BIN)/boardhouse run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
