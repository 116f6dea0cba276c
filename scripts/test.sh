#!/usr/bin/env bash
# Second command of the README (and what CI runs): install what the tests need into .venv and
# run the whole test suite. Extra arguments go to pytest (e.g. -k metadata).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
.venv/bin/python -m pip install --quiet -e ".[test]"
exec .venv/bin/python -m pytest "$@"
