# Sourced by start.sh and test.sh: make sure .venv exists, with an up-to-date pip.
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "Python's 'venv' module is missing. On Debian or Ubuntu: sudo apt install python3-venv" >&2
  exit 1
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
