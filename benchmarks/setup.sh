#!/usr/bin/env bash
# Create (once) and reuse the benchmark virtualenvs under .venv/bench/:
#   main    this project (editable) + the peers pinned in benchmarks/requirements.txt
#   hug261  hug 2.6.1 (benchmarks/requirements-hug261.txt) on Python 3.11
# A venv is rebuilt when its interpreter or requirements change. Python 3.11 is taken from
# $PYTHON311, else python3.11 on PATH, else pyenv; without one the hug 2.6.1 peer is skipped
# (benchmarks.run says so). The main venv uses $BENCH_PYTHON, else that Python 3.11 (the same
# interpreter as hug 2.6.1, so the ratios compare frameworks, not interpreters), else python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=.venv/bench

# Print the real executable of a Python 3.11 (not a pyenv shim: valgrind needs the binary).
find_python311() {
  local candidate version
  for candidate in "${PYTHON311:-}" "$(command -v python3.11 || true)"; do
    if [ -n "$candidate" ] &&
      "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    version=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.11\.[0-9]+$' | sort -V | tail -1 || true)
    candidate="$(pyenv root)/versions/$version/bin/python3.11"
    if [ -n "$version" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  fi
  return 1
}

# ensure_venv DIR PYTHON "FILES THE STAMP COVERS" PIP-INSTALL-ARGS...
ensure_venv() {
  local dir=$1 python=$2 covered=$3
  shift 3
  local want
  # shellcheck disable=SC2086  # $covered is a list of file names
  want="$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)') $(cat $covered | cksum)"
  if [ -f "$dir/.bench-installed" ] && [ "$(cat "$dir/.bench-installed")" = "$want" ]; then
    return 0
  fi
  echo "bench: creating $dir ($python; takes a minute, once)" >&2
  rm -rf "$dir"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  echo "$want" >"$dir/.bench-installed"
}

python311=$(find_python311 || true)
main_python=${BENCH_PYTHON:-${python311:-python3}}

ensure_venv "$bench/main" "$main_python" "benchmarks/requirements.txt pyproject.toml" \
  -e . -r benchmarks/requirements.txt

if [ -n "$python311" ]; then
  ensure_venv "$bench/hug261" "$python311" benchmarks/requirements-hug261.txt \
    -r benchmarks/requirements-hug261.txt
else
  echo "bench: no Python 3.11 found (set PYTHON311=/path/to/python3.11 or put python3.11 on" \
    "PATH): the hug 2.6.1 peer will be skipped" >&2
  rm -rf "$bench/hug261"
fi
