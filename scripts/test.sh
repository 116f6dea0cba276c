#!/usr/bin/env bash
# Second command of the README (and what CI runs): install what the tests need into .venv and
# run the whole test suite. Extra arguments go to pytest (e.g. -k metadata).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
.venv/bin/python -m pip install --quiet -e ".[test]"
# The browser tests drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's Chromium: sudo apt-get install chromium" >&2
  fi
fi
# The school server tests run Debian's nginx and configurable-http-proxy from npm (JupyterHub's proxy).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "The school server tests need Debian's nginx: sudo apt-get install nginx" >&2
  fi
fi
if ! command -v configurable-http-proxy >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    npm install --global --silent configurable-http-proxy >/dev/null
  else
    echo "The school hub test needs configurable-http-proxy: sudo npm install -g configurable-http-proxy" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
