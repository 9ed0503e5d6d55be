# Every target creates (once) and reuses its own virtualenv, so a fresh clone needs nothing else.
# Choose the interpreter with PYTHON=..., e.g. `make test PYTHON=python3.13`; the venv is per-interpreter.
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV ?= .venv/py$(PYVER)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench lint venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python examples/run_demo.py

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard examples)
	$(BIN)/ruff format --check src tests $(wildcard examples)
	$(BIN)/mypy

bench: $(STAMP)
	@echo "make bench: the benchmark suite is not built yet (see issue 'Performance')."

clean:
	rm -rf .venv build src/*.egg-info
