#!/usr/bin/env bash
# Second command of the README (and what CI runs): install what the tests need into .venv and
# run the whole test suite. Extra arguments go to pytest (e.g. -k metadata).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "Python's 'venv' module is missing. On Debian or Ubuntu: sudo apt install python3-venv" >&2
  exit 1
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
exec .venv/bin/python -m pytest "$@"
