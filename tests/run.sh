#!/bin/bash
# run.sh - run every unit test binary and every end-to-end script, then print
# one closing line "N passed, N failed, N skipped". Exit 1 if anything failed.
# Skipped checks (cmocka's skip(), e2e lines "ok - NAME # SKIP" or "# skip:")
# are counted, so a check that quietly stopped running shows.
# Unit tests are cmocka programs ($BUILD/tests/test_*); end-to-end tests are
# tests/e2e_*.sh printing "ok - NAME" / "not ok - NAME" lines (tests/lib.sh).
# TESTS=pattern runs only the matching files.
set -u
BUILD=${BUILD:-build}
export BUILD
cd "$(dirname "$0")/.." || exit 3
pattern=${TESTS:-}
pass=0 fail=0 skipped=0 failed_names=""
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.o|*.d) continue ;; esac
	n=$(basename "$t")
	[ -n "$pattern" ] && [[ "$n" != *$pattern* ]] && continue
	"$t" >"$log/$n" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log/$n" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log/$n" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log/$n" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $n"
		cat "$log/$n"
	fi
	printf '%-28s %3d passed, %d failed, %d skipped\n' "$n" "$p" "$f" "$s"
done

for t in tests/e2e_*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	[ -n "$pattern" ] && [[ "$n" != *$pattern* ]] && continue
	start=$(date +%s)
	bash "$t" >"$log/$n" 2>&1
	rc=$?
	s=$(grep -ciE '^ok - .*# skip|^# skip' "$log/$n")
	p=$(($(grep -c '^ok - ' "$log/$n") - $(grep -ciE '^ok - .*# skip' "$log/$n")))
	f=$(grep -c '^not ok - ' "$log/$n")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $n exited $rc" >>"$log/$n"; fi
	pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $n"
		cat "$log/$n"
	fi
	printf '%-28s %3d passed, %d failed, %d skipped (%ds)\n' "$n" "$p" "$f" "$s" $(($(date +%s) - start))
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
