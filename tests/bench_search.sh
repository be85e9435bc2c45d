#!/bin/bash
# bench_search.sh - `make bench`: the door's search at GUESTS (100,000)
# guests, Bengali and Latin names, with transliteration (rashed finds রাশেদ):
# the latency of one keystroke's search, in-process (bench_search).
# Goal: a keystroke's results within 50 ms.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
FILL="$ROOT/$BUILD/tests/bench_report_fill"
SEARCH="$ROOT/$BUILD/tests/bench_search"
T=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-bench-search.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
export KIOSK_DATA="$T/data" KIOSK_QUIET=1
GUESTS=${GUESTS:-100000}

"$KIOSK" init --event "Search bench" --pin 1234 >/dev/null || exit 1
e=$(sqlite3 "$KIOSK_DATA/kiosk.db" "select value from meta where key='event_id'")
start=$(date +%s%3N)
awk -v n="$GUESTS" -v e="$e" 'BEGIN {
	split("রাশেদ কৌশিক ফারহানা নুসরাত তানভীর শর্মিষ্ঠা স্বপ্না কিরণ ক্ষমা মিতা Rashed Kaushik Farhana Nusrat Tanvir Rahim Karim Shirin Mitu Joy", f, " ")
	split("করিম দাস আক্তার জাহান হাসান চক্রবর্তী সরকার রক্ষিত হোসেন চৌধুরী Karim Das Akter Jahan Hasan Sarkar Hossain Chowdhury Uddin Biswas", l, " ")
	for (i = 0; i < n; i++)
		printf "A\t%.0f\tattendee_added\t{\"id\":\"%s-%d\",\"event\":\"%s\",\"serial\":%d,\"name\":\"%s %s %d\",\"phone\":\"+88017%08d\",\"type\":\"general\"}\n", 1780304400000 + i, e, i, e, i + 1, f[i % 20 + 1], l[int(i / 20) % 20 + 1], i, i
}' | "$FILL" "$KIOSK_DATA" >/dev/null || exit 1
echo "filled $GUESTS guests in $(( $(date +%s%3N) - start )) ms"
"$SEARCH" "$KIOSK_DATA" rashed kaushik "rashed karim" ra ক রাশেদ "ফারহানা আক্তার" chowdhury 12345 zzqx
