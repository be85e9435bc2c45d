#!/bin/bash
# bench_tickets.sh - issuing 1,000 ticket PNGs (goal: <= 3 s). Builds a
# 1,000-row roster, `kiosk init`, `kiosk attendees import`, then times
# `kiosk tickets issue` (signing, QR encoding, PNG writing with an fsync per
# file, the sheet and codes.csv). Prints numbers; asserts nothing.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
N=${BENCH_TICKETS_N:-1000}
W=$(mktemp -d "${TMPDIR:-/tmp}/bench-tickets.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
export KIOSK_DATA="$W/data" KIOSK_QUIET=1

# Half Bengali, half English names; phones 01[3-9]... all different.
{
	echo "name,phone,type"
	for ((i = 1; i <= N; i++)); do
		if ((i % 2)); then name="ফারহানা আক্তার $i"; else name="Rahim Uddin $i"; fi
		if ((i % 10 == 0)); then type=vip; else type=general; fi
		printf '%s,017%08d,%s\n' "$name" "$i" "$type"
	done
} >"$W/guests.csv"

"$KIOSK" init --event "ঢাকা কাস্টমার মিটআপ" --starts 2026-12-05T15:00+06:00 \
	--ends 2026-12-05T20:00+06:00 --pin 1234 >/dev/null || { echo "bench: init failed"; exit 3; }
"$KIOSK" attendees import "$W/guests.csv" >/dev/null || { echo "bench: import failed"; exit 3; }

best=""
for run in 1 2 3; do
	rm -rf "$W/tickets"
	start=$(date +%s%N)
	"$KIOSK" tickets issue --out "$W/tickets" >/dev/null || { echo "bench: tickets issue failed"; exit 3; }
	end=$(date +%s%N)
	ms=$(((end - start) / 1000000))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	echo "tickets issue, $N tickets, run $run: $ms ms"
done
n=$(find "$W/tickets" -name '*.png' | wc -l)
size=$(du -sk "$W/tickets" | cut -f1)
echo "tickets issue: best of 3 = $best ms for $n PNGs ($((best * 1000 / (n > 0 ? n : 1))) us per ticket; goal <= 3000 ms); folder ${size} KiB"
