#!/usr/bin/env bash
# Install what Yomitori needs: Debian packages (when missing), then .venv with the project.
# Idempotent and quiet when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# This checkout's code and models, not those of a PYTHONPATH set for another one: with it,
# `yomitori models status` below would find that checkout's models and skip installing ours.
unset PYTHONPATH

# Every package of the one list (servers', building's and development's).
mapfile -t PACKAGES < <(scripts/debian-packages.sh all)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Yomitori needs these Debian packages. Install them as root, then run make again:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "creating .venv"
  "$PYTHON" -m venv .venv
fi
# Every package comes pinned from the lock files, each checked against its SHA-256 there;
# the project itself adds nothing (`make lock` refreshes them from pyproject.toml).
stamp=.venv/.yomitori-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp || requirements.lock -nt $stamp ||
      requirements-build.lock -nt $stamp ]]; then
  echo "installing the project into .venv"
  pip=(.venv/bin/python -m pip install -q --require-hashes --no-build-isolation)
  if ! { "${pip[@]}" -r requirements-build.lock &&
         "${pip[@]}" -r requirements.lock &&
         .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .; } \
       >.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    echo "installing the project failed (log above, also in .venv/pip.log)" >&2
    exit 1
  fi
  touch "$stamp"
fi

# The second-opinion models for form fields (handlers/ocr/models.py), into ./models.
if ! .venv/bin/yomitori models status >/dev/null 2>&1; then
  echo "installing the form-field models into models/"
  .venv/bin/yomitori models install --dir models >/dev/null
fi
