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

station_up() {
  for _ in $(seq 1 60); do
    (exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

feed() {
  # The demo person enrols first, so that the questionnaire's bundle is encrypted to them too
  # (keys follow people): enrolment does what the enrolment page does, over HTTPS.
  if [[ ! -f $DIR/review/demo-account.json ]] && station_up; then
    .venv/bin/python -m scripts.demo_person enrol "$DIR" >/dev/null ||
      echo ">>> enrolling the demo person failed; see the service's messages above" >&2
  fi
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
>>> Review station (確認ステーション): https://localhost:8443
>>>   1. Import the terminal certificate $DIR/review/demo-terminal.p12 into the browser
>>>      (Chromium: Settings > Privacy and security > Security > Manage certificates > Your
>>>      certificates > Import), password: $(cat "$DIR/review/demo-terminal.password")
>>>   2. Trust $DIR/review/terminals/ca.crt as an authority (same place, the tab for
>>>      authorities or trusted certificates > Import).
>>>   3. Log in: $(demo_account)
>>>   4. Open the questionnaire from 確認待ち, check and correct the fields, 承認, ダウンロード, 完了.
>>>   Staff guide: docs/review-staff-guide.md
>>> Press Ctrl-C to stop the service.

MSG
}

demo_account() {
  if [[ -f $DIR/review/demo-account.json ]]; then
    .venv/bin/python - "$DIR" <<'PY'
import json, sys
a = json.load(open(f"{sys.argv[1]}/review/demo-account.json", encoding="utf-8"))
print(f"user name {a['name']}, passphrase {a['passphrase']},")
print(f">>>      authenticator secret {a['totp_secret']} (add it to an authenticator app), or")
print(f">>>      print the code to type now: .venv/bin/python -m scripts.demo_person code {sys.argv[1]}")
PY
  else
    echo "enrol the person \"demo\" with the one-time link$(cat "$DIR/review/demo-enrolment-link")"
  fi
}

echo ">>> starting Yomitori on $DIR/yomitori.toml (embedded broker); Ctrl-C stops it" >&2
feed &
exec $Y run -c "$DIR/yomitori.toml"
