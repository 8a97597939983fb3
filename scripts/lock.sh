#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: every dependency and dev dependency, pinned,
# with the SHA-256 of every file PyPI holds for that version (`make setup` installs with
# --require-hashes). Run after changing dependencies in pyproject.toml: `make lock`.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9  # the resolver, pinned so that a refresh does not depend on when it ran
PYTHON_VERSION=3.11  # the oldest Python that pyproject.toml allows

[[ -x .venv/bin/python ]] || python3 -m venv .venv
if [[ "$(.venv/bin/uv --version 2>/dev/null)" != "uv $UV_VERSION" ]]; then
  .venv/bin/python -m pip install -q "uv==$UV_VERSION"
fi
compile() {
  .venv/bin/uv pip compile --quiet --universal --python-version "$PYTHON_VERSION" \
    --generate-hashes --custom-compile-command "make lock" "$@"
}
# Installed first: pip itself, and what builds the packages that come as source only
# (systemd-python) and the project (its build-system requires).
printf 'pip\nsetuptools>=68\n' | compile - --output-file requirements-build.lock
compile pyproject.toml --extra dev --output-file requirements.lock
echo "requirements.lock and requirements-build.lock written"
