#!/bin/bash
# bench.sh - `make bench`: prints the performance figures of every issue.
# Runs each tests/bench_*.sh script (which may use $BUILD binaries and
# $BUILD/tests/bench_* programs) in name order. Numbers, not assertions.
set -u
BUILD=${BUILD:-build}
export BUILD
cd "$(dirname "$0")/.." || exit 3
export KIOSK_QUIET=1
# Every bench event is encrypted (issue 14) under this throwaway passphrase.
# Argon2id runs at its minimum cost here so the figures are those of the
# work itself; the cost of one unlock with the real parameters is a figure
# of its own (the vault bench).
BENCH_PASS=$(mktemp "${TMPDIR:-/tmp}/kiosk-bench-pass.XXXXXX") || exit 3
trap 'rm -f "$BENCH_PASS"' EXIT
echo "bench passphrase for throwaway events" >"$BENCH_PASS"
export KIOSK_PASSPHRASE_FILE="$BENCH_PASS" KIOSK_TEST_WEAK_KDF=1
for b in tests/bench_*.sh; do
	[ -f "$b" ] || continue
	[ -n "${BENCH:-}" ] && [[ "$b" != *"$BENCH"* ]] && continue
	echo "== $(basename "$b" .sh)"
	bash "$b" || echo "bench: $b failed (exit $?)"
done
