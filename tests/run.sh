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

# The unit tests, one after the other, as one job beside the end-to-end
# scripts (test_qrscan alone takes most of a minute, more under the
# sanitizers: the scripts mostly wait on processes, so the two overlap well).
# Writes units.res "pass fail skip" and units.failed (names), prints a line each.
units() {
	local t n rc p f s up=0 uf=0 us=0
	: >"$log/units.failed"
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
		up=$((up + p)); uf=$((uf + f)); us=$((us + s))
		[ "$f" -ne 0 ] && echo "$n" >>"$log/units.failed"
		printf '%-28s %3d passed, %d failed, %d skipped\n' "$n" "$p" "$f" "$s"
	done
	echo "$up $uf $us" >"$log/units.res"
}

# The end-to-end scripts run TEST_JOBS at a time (default 2: most of their
# time is waiting on processes, an X server or PostgreSQL, so two share the
# 2-core machine well; TEST_JOBS=1 runs them one by one). Each has its own
# temp dir, display, database port and data. e2e_install relinks $BUILD's
# programs, so it runs alone, first. The longest start first. A script's
# line is printed when it ends; a failed one's output after them all.
e2e_one() { # NAME SCRIPT: runs it, writes NAME.res "pass fail skip", prints its line
	local n=$1 t=$2 start rc p f s
	start=$(date +%s)
	bash "$t" >"$log/$n" 2>&1
	rc=$?
	s=$(grep -ciE '^ok - .*# skip|^# skip' "$log/$n")
	p=$(($(grep -c '^ok - ' "$log/$n") - $(grep -ciE '^ok - .*# skip' "$log/$n")))
	f=$(grep -c '^not ok - ' "$log/$n")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $n exited $rc" >>"$log/$n"; fi
	echo "$p $f $s" >"$log/$n.res"
	printf '%-28s %3d passed, %d failed, %d skipped (%ds)\n' "$n" "$p" "$f" "$s" $(($(date +%s) - start))
}
jobs_max=${TEST_JOBS:-2}
first="e2e_sync_bundle e2e_crash e2e_privacy e2e_sync_pg e2e_sync_trust e2e_integrity"
names=()
for t in $(for n in $first; do echo "tests/$n.sh"; done) tests/e2e_*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	[ -n "$pattern" ] && [[ "$n" != *$pattern* ]] && continue
	[[ " ${names[*]} " == *" $n "* ]] && continue
	names+=("$n")
done
for n in "${names[@]}"; do
	[ "$n" = e2e_install ] && e2e_one "$n" "tests/$n.sh"
done
units &
for n in "${names[@]}"; do
	[ "$n" = e2e_install ] && continue
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
	e2e_one "$n" "tests/$n.sh" &
done
wait
if read -r p f s <"$log/units.res" 2>/dev/null; then
	pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + s))
	while read -r n; do
		failed_names="$failed_names $n"
		echo "--- $n"
		cat "$log/$n"
	done <"$log/units.failed"
else
	fail=$((fail + 1)); failed_names="$failed_names unit-tests"; echo "not ok - the unit tests left no result"
fi
for n in "${names[@]}"; do
	read -r p f s <"$log/$n.res" 2>/dev/null || { p=0 f=1 s=0; echo "not ok - $n left no result" >>"$log/$n"; }
	pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $n"
		echo "--- $n"
		cat "$log/$n"
	fi
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
