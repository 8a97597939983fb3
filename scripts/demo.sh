#!/usr/bin/env bash
# make demo: an embedded deployment in ./demo, the service in the foreground, sample scans fed in.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-demo}
SAMPLES=${2:-build/samples}
Y=.venv/bin/yomitori

if [[ ! -f $DIR/yomitori.toml ]]; then
  $Y init "$DIR" --departments kodomo,kokuho --example-form
  # A person for the review station; the link is printed once and kept for the message below.
  $Y users add demo --department kodomo -c "$DIR/yomitori.toml" | tail -n 1 >"$DIR/review/demo-enrolment-link"
fi

feed() {
  sleep 3
  local i=0
  for f in "$SAMPLES"/*.*; do
    [[ -f $f ]] || continue
    if [[ $f == */questionnaire.* ]] || ((i % 2 == 0)); then dept=kodomo; else dept=kokuho; fi
    cp "$f" "$DIR/scan/$dept/"
    i=$((i + 1))
  done
  echo ">>> fed $i sample scans into $DIR/scan/kodomo and $DIR/scan/kokuho" >&2
  for _ in $(seq 1 120); do
    n=$(find "$DIR/outbox" -name '*.age' | wc -l)
    ((n >= i)) && break
    sleep 1
  done
  first=$(find "$DIR/outbox/kodomo" -name '*.age' | head -n 1)
  cat >&2 <<MSG

>>> $(find "$DIR/outbox" -name '*.age' | wc -l) encrypted results are in $DIR/outbox/<department>/.
>>> Open one with the standard age tool:
>>>   age -d -i $DIR/keys/kodomo.key -o result.zip ${first:-$DIR/outbox/kodomo/<job>.age} && python3 -m zipfile -l result.zip
>>> or with Yomitori (decrypts and unpacks every bundle given):
>>>   $Y open -i $DIR/keys/kodomo.key -o opened $DIR/outbox/kodomo/*.age
>>> The filled questionnaire's bundle also holds fields.csv; merge all form rows with
>>>   $Y open -i $DIR/keys/kodomo.key -o opened --csv fields.csv $DIR/outbox/kodomo/*.age
>>> Verify the deletion ledger:  $Y ledger verify -c $DIR/yomitori.toml
>>> Review station: https://localhost:8443 (import $DIR/review/demo-terminal.p12 into the
>>> browser, password in $DIR/review/demo-terminal.password; trust $DIR/review/terminals/ca.crt).
>>> Enrol the person "demo" with the one-time link:$(cat "$DIR/review/demo-enrolment-link" 2>/dev/null)
>>> Press Ctrl-C to stop the service.

MSG
}

echo ">>> starting Yomitori on $DIR/yomitori.toml (embedded broker); Ctrl-C stops it" >&2
feed &
exec $Y run -c "$DIR/yomitori.toml"
