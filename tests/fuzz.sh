#!/bin/bash
# fuzz.sh - link and run every fuzz target (tests/fuzz_*.c) for FUZZ_SECONDS
# each with a memory cap, FUZZ_JOBS at a time (default 2: each fuzzer runs on
# one core), and print one closing line "N passed, N failed, 0 skipped" like
# tests/run.sh. Every target runs even after one fails. Called by `make fuzz`,
# which builds build-fuzz/lib*.a first and passes FUZZ_SRC (the targets' C
# files), FUZZ_FLAGS, PKG_CFLAGS and KLIBS. A crash leaves its input in
# build-fuzz/fuzz/NAME-*; a target's log is build-fuzz/fuzz/NAME.log.
set -u
cd "$(dirname "$0")/.." || exit 3
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
jobs_max=${FUZZ_JOBS:-2}
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
mkdir -p build-fuzz/fuzz

one() { # FILE: link it, run it, write NAME.res (1 passed / 0 failed), print its line
	local f=$1 n
	n=$(basename "$f" .c)
	# shellcheck disable=SC2086 # the flags are word lists
	if ! clang $FUZZ_FLAGS -fsanitize=fuzzer -std=c11 -D_GNU_SOURCE -Ikiosk -I. $PKG_CFLAGS \
		-o "build-fuzz/fuzz/$n" "$f" build-fuzz/libsupport.a build-fuzz/libkiosk.a $KLIBS \
		>"build-fuzz/fuzz/$n.log" 2>&1; then
		cat "build-fuzz/fuzz/$n.log"
		echo "not ok - fuzz $n: does not build"
		echo 0 >"$res/$n"
		return
	fi
	mkdir -p "build-fuzz/corpus/$n"
	if "build-fuzz/fuzz/$n" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=1024 -max_len=4096 \
		-artifact_prefix="build-fuzz/fuzz/$n-" "build-fuzz/corpus/$n" \
		$(test -d "tests/fuzz-seeds/$n" && echo "tests/fuzz-seeds/$n") \
		2>"build-fuzz/fuzz/$n.log"; then
		echo "ok - fuzz $n for ${FUZZ_SECONDS}s: $(grep -E '^Done|#[0-9]+.*DONE' "build-fuzz/fuzz/$n.log" | tail -1)"
		echo 1 >"$res/$n"
	else
		tail -30 "build-fuzz/fuzz/$n.log"
		echo "not ok - fuzz $n: the crashing input is build-fuzz/fuzz/$n-*"
		echo 0 >"$res/$n"
	fi
}

names=()
for f in ${FUZZ_SRC:-tests/fuzz_*.c}; do
	names+=("$(basename "$f" .c)")
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
	one "$f" &
done
wait
pass=0 fail=0
for n in "${names[@]}"; do
	if [ "$(cat "$res/$n" 2>/dev/null)" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
