#!/bin/bash
# bench.sh - `make bench`: prints the performance figures of every issue.
# Runs each tests/bench_*.sh script (which may use $BUILD binaries and
# $BUILD/tests/bench_* programs) in name order. Numbers, not assertions.
set -u
BUILD=${BUILD:-build}
export BUILD
cd "$(dirname "$0")/.." || exit 3
export KIOSK_QUIET=1
for b in tests/bench_*.sh; do
	[ -f "$b" ] || continue
	[ -n "${BENCH:-}" ] && [[ "$b" != *"$BENCH"* ]] && continue
	echo "== $(basename "$b" .sh)"
	bash "$b" || echo "bench: $b failed (exit $?)"
done
