#!/usr/bin/env bash
# First command of the README: create a private Python environment in .venv, install Look
# Twice into it (with the classroom app and the lessons), and open the classroom app on its
# built-in examples. Safe to run again. Extra arguments go to `looktwice demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
.venv/bin/python -m pip install --quiet -e ".[demo,lessons]"
exec .venv/bin/looktwice demo "$@"
