#!/bin/bash
# bench_payments.sh - `make bench`: wallet payments (issue 17). 10,000 bKash
# orders (journaled through store_append by bench_report_fill), then
# `kiosk payments import` of 10,000 pasted "money received" SMS messages
# (9,000 for orders, 100 of those with another amount, 1,000 nobody's), and
# `kiosk payments list` matching the 10,000 payments against the 10,000
# orders (goal: under 1 s). Prints numbers only.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
FILL="$ROOT/$BUILD/tests/bench_report_fill"
T=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-bench-pay.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
export KIOSK_DATA="$T/data" KIOSK_QUIET=1
N=${PAYMENTS:-10000}

ms() { date +%s%3N; }

"$KIOSK" init --event "Pay bench" --pin 1234 >/dev/null || exit 1
awk -v n="$N" 'BEGIN {
	t0 = 1796000000000
	for (i = 0; i < n; i++)
		printf "A\t%.0f\torder\t{\"no\":\"BNCH-%05d-X\",\"seller\":\"Shop\",\"name\":\"Guest %d\",\"phone\":\"+88017%08d\",\"district\":\"Dhaka\",\"address\":\"House %d\",\"method\":\"bkash\",\"trx\":\"B%09d\",\"total_poisha\":%d,\"collect_poisha\":0,\"items\":[{\"id\":\"p1\",\"product\":\"Pickle\",\"qty\":1,\"unit_poisha\":%d}]}\n", t0 + i * 1000, i, i, i, i, i, 50000 + i * 100, 50000 + i * 100
}' | "$FILL" "$KIOSK_DATA" >/dev/null || exit 1
awk -v n="$N" 'BEGIN {
	paid = n * 9 / 10
	for (i = 0; i < n; i++) {
		if (i < paid) { trx = sprintf("B%09d", i); amt = 500 + i; if (i % 90 == 0) amt -= 1 }
		else { trx = sprintf("U%09d", i); amt = 99 }
		printf "You have received Tk %d.00 from 01812%06d. Fee Tk 0.00. Balance Tk 1,234.56. TrxID %s at 29/11/2026 18:%02d\n\n", amt, i, trx, i % 60
	}
}' >"$T/sms.txt"

s=$(ms)
"$KIOSK" payments import "$T/sms.txt" >"$T/import.out" || { echo "import failed"; exit 1; }
e=$(ms)
echo "payments import: $N SMS messages in $((e - s)) ms ($(cat "$T/import.out"))"
s=$(ms)
"$KIOSK" payments import "$T/sms.txt" >/dev/null
e=$(ms)
echo "payments import again (all known): $((e - s)) ms"
s=$(ms)
"$KIOSK" payments list >"$T/list.out"
e=$(ms)
echo "payments list: $N payments against $N orders matched in $((e - s)) ms (goal < 1000 ms):" \
	"$(cut -f2 "$T/list.out" | sort | uniq -c | awk '{printf "%s %s ", $1, $2}')"
