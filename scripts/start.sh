#!/usr/bin/env bash
# First command of the README: create a private Python environment in .venv, install Look
# Twice into it (with the classroom app and the lessons), fetch the example pack once when the
# network allows, and open the classroom app. Safe to run again: the pack is fetched only while
# some of it is missing. Extra arguments go to `looktwice demo`, except `--mirror DIR_OR_URL`
# (a school's offline copy of the pack, made with `looktwice examples export`); the
# LOOKTWICE_MIRROR variable does the same.
set -euo pipefail
cd "$(dirname "$0")/.."

mirror="${LOOKTWICE_MIRROR:-}"
demo_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror="${2:?--mirror needs a folder or an address}"; shift 2 ;;
    --mirror=*) mirror="${1#--mirror=}"; shift ;;
    *) demo_args+=("$1"); shift ;;
  esac
done

source scripts/venv.sh
.venv/bin/python -m pip install --quiet -e ".[demo,lessons]"

pack_missing() {
  .venv/bin/python -c '
from looktwice.examples import default_catalog
catalog = default_catalog()
missing = [e for e in catalog if e.origin == "pack" and not catalog.is_available(e.name)]
raise SystemExit(0 if missing else 1)'
}

if pack_missing; then
  if [ -n "$mirror" ]; then
    echo "Fetching the example pack from the school's copy: $mirror"
    source_args=(--mirror "$mirror")
  else
    echo "Fetching the example pack once (about 90 pictures, checked one by one)..."
    source_args=()
  fi
  if .venv/bin/looktwice examples download "${source_args[@]}"; then
    echo "The example pack is ready."
  else
    echo >&2
    if [ -n "$mirror" ]; then
      echo "The example pack could not be read from $mirror. Check the folder or address" >&2
      echo "(made with 'looktwice examples export DIR')." >&2
    else
      echo "The example pack could not be fetched (no network, or a school proxy in the way)." >&2
      echo "Get it later with '.venv/bin/looktwice examples download', or from a school's copy" >&2
      echo "with 'bash scripts/start.sh --mirror DIR_OR_URL'." >&2
    fi
    echo "The app starts anyway: its built-in photos and specimens work offline, and the quiz" >&2
    echo "uses its built-in set (it says so on the page)." >&2
    echo >&2
  fi
fi

exec .venv/bin/looktwice demo ${demo_args[@]+"${demo_args[@]}"}
