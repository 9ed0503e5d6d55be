# Every target creates (once) and reuses its own virtualenv, so a fresh clone needs nothing else.
# Choose the interpreter with PYTHON=..., e.g. `make test PYTHON=python3.13`; the venv is per-interpreter.
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV ?= .venv/py$(PYVER)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench bench-http bench-smoke soak lint venv clean hugref

venv: $(STAMP)

# The package with the extras its tests use, plus the development tools of the PEP 735 `dev` group
# (`--group` needs pip>=25.1, hence the upgrade first).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,compat,server]' --group dev
	touch $(STAMP)

# The demo API on PORT (default 8000) and its page on PAGE_PORT (default 3000); when a default
# port is taken, a free one is picked and printed.
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

# The soak test (benchmarks/README.md): 60 s of wrk on loopback against a hug app with sessions
# under granian; fails on any answer outside 2xx/4xx, any socket error, or RSS growing 1 MiB/min.
# Needs wrk (`apt-get install -y wrk`). Not in `make test`; CI runs it. SOAK_SECONDS=10: quick run.
soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak

# The reference hug 2.6.1 (Falcon 2.0) in .venv/hugref, on Python 3.11 (hug 2.6.1 cannot be imported
# on 3.12+ and breaks with numpy 2): the tests that compare with it run it (tests/reference.py; set
# HUG_REFERENCE_PYTHON to use another one), and it records the differential fixtures, e.g.
# `.venv/hugref/bin/python tests/differential/record.py` (marshmallow 3.19 for its schema apps).
# Python 3.11 is $(PYTHON311), else pyenv's newest 3.11, else python3.11 on PATH. Created once (a
# stamp file); .ci/run builds it.
HUGREF := .venv/hugref
HUGREF_STAMP := $(HUGREF)/.hugref-installed

hugref: $(HUGREF_STAMP)

$(HUGREF_STAMP):
	@set -e; python311="$${PYTHON311:-}"; \
	if [ -z "$$python311" ] && command -v pyenv >/dev/null 2>&1; then \
	  full=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.11\.[0-9]+$$' | sort -V | tail -1 || true); \
	  [ -n "$$full" ] && python311="$$(pyenv root)/versions/$$full/bin/python3.11"; \
	fi; \
	[ -n "$$python311" ] && [ -x "$$python311" ] || python311=$$(command -v python3.11 || true); \
	if [ -z "$$python311" ]; then echo "hugref: no Python 3.11 (set PYTHON311=/path/to/python3.11)" >&2; exit 1; fi; \
	echo "hugref: creating $(HUGREF) with $$python311"; \
	rm -rf $(HUGREF); \
	"$$python311" -m venv $(HUGREF); \
	$(HUGREF)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip; \
	$(HUGREF)/bin/python -m pip install --quiet --disable-pip-version-check hug==2.6.1 'numpy<2' marshmallow==3.19.0; \
	$(HUGREF)/bin/python -c 'import hug; assert hug.__version__ == "2.6.1", hug.__version__'; \
	touch $@

clean:
	rm -rf .venv build dist src/*.egg-info
