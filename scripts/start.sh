#!/usr/bin/env bash
# First command of the README: create a private Python environment in .venv, install Look
# Twice into it, and open the kit on a built-in example. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "Python's 'venv' module is missing. On Debian or Ubuntu: sudo apt install python3-venv" >&2
  exit 1
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/looktwice inspect --example coffee "$@"
