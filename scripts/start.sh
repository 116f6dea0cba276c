#!/usr/bin/env bash
# First command of the README: create a private Python environment in .venv, install Look
# Twice into it, and open the kit on a built-in example. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/looktwice inspect --example coffee "$@"
