#!/bin/bash
# bench_core.sh - figures of the foundation: check-in latency and its ratio to
# a bare SQLite insert, import of a 100,000-row CSV, verify of a 100,000-entry
# journal, and the race of 4 processes x 2 threads scanning the same 200
# tickets (the double-"ok" count, which must be 0). Prints numbers; a step that
# fails stops the bench with its message instead of printing a time.
set -u
BUILD=${BUILD:-build}
K="$PWD/$BUILD/kiosk"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "bench_core: $1 failed" >&2; exit 1; }

"$BUILD/tests/bench_checkin" || fail "bench_checkin"

python3 - "$T/race.csv" "$T/race.codes" <<'PY'
import sys
with open(sys.argv[1], "w") as f, open(sys.argv[2], "w") as c:
    f.write("name,phone,code\n")
    for i in range(200):
        f.write("Guest %d,0171%07d,RC-%04d\n" % (i, i, i))
        c.write("RC-%04d\n" % i)
PY
"$K" --data "$T/race" init --event "Race" --pin 1234 >/dev/null || fail "race init"
"$K" --data "$T/race" attendees import "$T/race.csv" >/dev/null || fail "race import"
"$BUILD/tests/bench_race" "$T/race" "$T/race.codes" 4 2 || fail "the race (a ticket got two oks or a scan failed)"
"$K" --data "$T/race" verify >/dev/null || fail "verify after the race"

python3 - "$T/big.csv" <<'PY'
import sys, random
random.seed(7)
first = ["ফারহানা", "রহিম", "নুসরাত", "Kamal", "Shirin", "তানভীর", "Ayesha", "মাহমুদ"]
last = ["আক্তার", "উদ্দিন", "জাহান", "Hossain", "Akter", "রহমান", "Begum", "Islam"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("Timestamp,Name,Phone number,Email address\n")
    for i in range(100000):
        f.write("2026/11/20 10:%02d:00,%s %s %d,01%d%08d,guest%d@example.com\n" % (
            i % 60, random.choice(first), random.choice(last), i, 3 + i % 7, i, i))
PY
"$K" --data "$T/d" init --event "Bench" --pin 1234 >/dev/null || fail "init"
s=$(date +%s.%N)
"$K" --data "$T/d" attendees import "$T/big.csv" >/dev/null || fail "import"
e=$(date +%s.%N)
echo "import of a 100,000-row CSV: $(echo "$e - $s" | bc) s   (goal <= 2 s)"
n=$(sqlite3 "$T/d/kiosk.db" "select count(*) from journal") || fail "count"
s=$(date +%s.%N)
"$K" --data "$T/d" verify >/dev/null || fail "verify"
e=$(date +%s.%N)
echo "verify of a $n-entry journal: $(echo "$e - $s" | bc) s   (goal <= 1 s)"
