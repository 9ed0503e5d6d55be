# Every target creates (once) and reuses its own virtualenv, so a fresh clone needs nothing else.
# Choose the interpreter with PYTHON=..., e.g. `make test PYTHON=python3.13`; the venv is per-interpreter.
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV ?= .venv/py$(PYVER)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench bench-http bench-smoke lint venv clean

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

# Benchmarks (benchmarks/README.md). bench and bench-http build their own venvs under .venv/bench/
# (the project + pinned peers, and hug 2.6.1 on Python 3.11); BENCH_ARGS passes options through,
# e.g. `make bench BENCH_ARGS="--callgrind off"`.
BENCH_ARGS ?=

bench:
	bash benchmarks/setup.sh
	BENCH_COMMAND="make bench" .venv/bench/main/bin/python -m benchmarks.run --callgrind auto $(BENCH_ARGS)

bench-http:
	bash benchmarks/setup.sh
	BENCH_COMMAND="make bench-http" .venv/bench/main/bin/python -m benchmarks.http_bench $(BENCH_ARGS)

# CI: the benchmarks' correctness checks (and a few untimed requests) in the project's own venv.
bench-smoke: $(STAMP)
	$(BIN)/python -m benchmarks.run --smoke $(BENCH_ARGS)

clean:
	rm -rf .venv build src/*.egg-info
