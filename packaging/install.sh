#!/usr/bin/env bash
# Install Yomitori from this archive alone, with no network (`make dist` builds the archive).
# As root, in the unpacked folder:  ./install.sh
#
#   --prefix DIR   the program's virtual environment (default /opt/yomitori, where the
#                  systemd units look for it)
#   --models DIR   the form-field models (default /usr/local/share/yomitori/models, where
#                  the service looks for them; another folder needs YOMITORI_MODELS)
#   --bin DIR      where the `yomitori` command is linked, so it is on the PATH
#                  (default /usr/local/bin; --bin '' links nothing)
#   --docs DIR     the documentation the units name (default /usr/share/doc/yomitori)
#
# Then follow docs/operations.md, "Installation on a server": users, folders, units and
# the configuration.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=/opt/yomitori models=/usr/local/share/yomitori/models bin=/usr/local/bin
docs=/usr/share/doc/yomitori
while (($#)); do
  case $1 in
    --prefix) prefix=$2 ;;
    --models) models=$2 ;;
    --bin) bin=$2 ;;
    --docs) docs=$2 ;;
    *) echo "install.sh: unknown option $1 (see the top of this file)" >&2; exit 2 ;;
  esac
  shift 2
done

# 1. The Debian packages come from the ward's Debian mirror or installation media.
missing=() differ=()
while IFS== read -r name version; do
  [[ -z $name || $name == \#* ]] && continue
  have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
  if [[ $have != "install ok installed "* ]]; then
    missing+=("$name")
  elif [[ ${have##* } != "$version" ]]; then
    differ+=("$name ${have##*} (tested with $version)")
  fi
done <"$here/debian-packages.txt"
if ((${#missing[@]})); then
  echo "install.sh: install these Debian packages first, then run install.sh again:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi
for line in "${differ[@]}"; do
  echo "note: Debian package $line"
done

# 2. The program and every dependency, from the archive's wheels, each checked against
#    the SHA-256 that `make dist` recorded.
python=${PYTHON:-/usr/bin/python3}
tag=$("$python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
if ! compgen -G "$here/wheels/*-$tag-*.whl" >/dev/null; then
  echo "install.sh: this archive holds no wheels for $python ($tag); build it (make dist)" \
    "with the Python of this server's Debian release" >&2
  exit 1
fi
[[ -x $prefix/bin/python ]] || "$python" -m venv "$prefix"
"$prefix/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
  --find-links "$here/wheels" --only-binary=:all: --require-hashes \
  -r "$here/wheels/requirements.txt"
# An upgrade may bring the program under the same version number: replace it anyway.
"$prefix/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
  --find-links "$here/wheels" --no-deps --force-reinstall --require-hashes \
  -r <(grep '^yomitori==' "$here/wheels/requirements.txt")
echo "installed $("$prefix/bin/yomitori" --version 2>/dev/null || echo yomitori) into $prefix"

# 3. The form-field models and the handwriting recognizer, checked against their pins.
sources=()
for package in "$here"/models/*.tgz "$here"/models/*.whl; do sources+=(--from "$package"); done
"$prefix/bin/yomitori" models install --dir "$models" "${sources[@]}" >/dev/null
echo "installed the form-field models into $models"

# 4. `yomitori` on the PATH, and the documentation the units name.
if [[ -n $bin ]]; then
  mkdir -p "$bin"
  ln -sfn "$prefix/bin/yomitori" "$bin/yomitori"
  echo "linked $bin/yomitori"
fi
install -d "$docs"
install -m 0644 "$here"/docs/*.md "$docs/"
echo "installed the documentation into $docs"
echo "next: the rest of \"Installation on a server\" in $docs/operations.md (users, folders, units)"
