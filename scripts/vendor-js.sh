#!/bin/sh
# Vendor the review station's browser libraries: install the versions pinned in
# scripts/vendor-js/package-lock.json (npm ci, no install scripts), bundle each into one
# plain ES module with esbuild, and record versions and sha384 integrity in
# daemon/review/static/vendor/manifest.json. The station serves these files itself with
# `integrity` attributes; the browser never loads code from another origin.
#
# Run it only to change a version (edit scripts/vendor-js/package.json, then
# `npm install --package-lock-only` there), and commit the result.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$root/daemon/review/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$here/vendor-js/package.json" "$here/vendor-js/package-lock.json" "$here"/vendor-js/*.js "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

version() { node -p "require('$work/node_modules/$1/package.json').version"; }
integrity() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }

rm -rf "$out"
mkdir -p "$out"
manifest="{"
sep=""
for lib in age-encryption fflate encoding-japanese; do
    mkdir -p "$out/$lib"
    # Run from the work folder: the module paths esbuild writes in comments are then
    # relative to it, and the output is the same bytes on every run and machine.
    (cd "$work" && ./node_modules/.bin/esbuild "$lib.js" --bundle --format=esm \
        --target=es2020 --platform=browser --legal-comments=eof --charset=utf8 \
        --log-level=warning --outfile="$out/$lib/index.js")
    cp "$work/node_modules/$lib/LICENSE"* "$out/$lib/" 2>/dev/null || true
    manifest="$manifest$sep
  \"$lib\": {\"version\": \"$(version "$lib")\", \"file\": \"$lib/index.js\", \"integrity\": \"$(integrity "$out/$lib/index.js")\"}"
    sep=","
done
manifest="$manifest,
  \"esbuild\": {\"version\": \"$(version esbuild)\", \"file\": null, \"integrity\": null}
}"
printf '%s\n' "$manifest" > "$out/manifest.json"
echo "vendored into $out:"
cat "$out/manifest.json"
