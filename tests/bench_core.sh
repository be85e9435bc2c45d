#!/bin/bash
# bench_core.sh - figures of the foundation: check-in latency and its ratio to
# a bare SQLite insert, import of a 100,000-row CSV, verify of a 100,000-entry
# journal. Prints numbers; asserts nothing.
set -u
BUILD=${BUILD:-build}
K="$PWD/$BUILD/kiosk"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$BUILD/tests/bench_checkin"

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
"$K" --data "$T/d" init --event "Bench" --pin 1234 >/dev/null
s=$(date +%s.%N)
"$K" --data "$T/d" attendees import "$T/big.csv" >/dev/null || echo "import failed"
e=$(date +%s.%N)
echo "import of a 100,000-row CSV: $(echo "$e - $s" | bc) s   (goal <= 2 s)"
n=$(sqlite3 "$T/d/kiosk.db" "select count(*) from journal")
s=$(date +%s.%N)
"$K" --data "$T/d" verify >/dev/null || echo "verify failed"
e=$(date +%s.%N)
echo "verify of a $n-entry journal: $(echo "$e - $s" | bc) s   (goal <= 1 s)"
