#!/usr/bin/env bash
# Print the Debian packages of packaging/debian-packages.txt, one a line:
#   scripts/debian-packages.sh server   what every server needs
#   scripts/debian-packages.sh build    and what building from source needs too
#   scripts/debian-packages.sh all      and development's (make setup)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-all}" in
  server) wanted='^$' ;;
  build) wanted='^(build)?$' ;;
  all) wanted='.*' ;;
  *) echo "usage: $0 server|build|all" >&2; exit 2 ;;
esac
sed -e 's/#.*//' packaging/debian-packages.txt |
  while read -r name tag; do
    if [[ -n $name && $tag =~ $wanted ]]; then echo "$name"; fi
  done
