#!/bin/bash
# e2e_verify_copy.sh - `kiosk verify` and `kiosk-sync verify` rebuild every
# projection to compare them, which used to hold the store's write lock all
# the while: at 100,000 guests a door's check-in waited 3 s behind it, on a
# bigger store past its busy timeout (a red "not saved" at the door). They
# now check a private copy taken in one read transaction. A writer that
# waits at most 100 ms (a door waits 1 s), opening the store and running
# BEGIN IMMEDIATE again and again while verify runs, is never refused; the
# copy is 0600 while it lives and gone after, and a killed run's copy goes
# with the next verify. Real store.
. "$(dirname "$0")/lib.sh"

python3 - "$T/guests.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("name,phone\n")
    for i in range(20000):
        f.write("Guest %d,017%08d\n" % (i, i))
PY
"$KIOSK" init --event "Verify" --pin 1234 >/dev/null 2>&1 || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
DB="$DATA/kiosk.db"

# write_tries PID: BEGIN IMMEDIATE, waiting at most 100 ms, while PID runs;
# prints "tries refused". Not 0 ms: any process's first connection to the
# store holds it for a moment as SQLite sets up its shared memory, and a
# writer that never waits was refused about once in 30 verifies (2-16 ms
# into their run) with nothing held for longer. A process that holds the write
# lock for 1 s (as verify on the store itself did) gets 9 of 59 such writes
# refused.
write_tries() {
	local tries=0 refused=0
	while kill -0 "$1" 2>/dev/null; do
		sqlite3 -cmd ".timeout 100" "$DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 ||
			refused=$((refused + 1))
		tries=$((tries + 1))
	done
	echo "$tries $refused"
}
for prog in "$KIOSK" "$KSYNC"; do
	name=$(basename "$prog")
	"$prog" verify >"$T/v.out" 2>&1 &
	pid=$!
	read -r tries refused < <(write_tries "$pid")
	wait "$pid"
	rc=$?
	equals "$name verify: intact" "$rc" "0"
	check "$name verify: a writer tried while it ran ($tries tries)" test "$tries" -ge 3
	equals "$name verify: no write refused while it ran" "$refused" "0"
	equals "$name verify: its copy is gone" "$(find "$DATA" -name '.verify-*' | wc -l)" "0"
done

# The copy while it lives: 0600, beside the store.
"$KIOSK" verify >/dev/null 2>&1 &
pid=$!
mode=""
while kill -0 "$pid" 2>/dev/null && [ -z "$mode" ]; do
	mode=$(find "$DATA" -maxdepth 1 -name ".verify-$pid.db" -printf '%m' 2>/dev/null)
done
wait "$pid"
equals "the copy is 0600" "$mode" "600"

# A killed run's copy (its process gone) goes with the next verify.
dead=$(sh -c 'echo $$') # a process that has ended
cp "$DB" "$DATA/.verify-$dead.db"
printf 'x' >"$DATA/.verify-$dead.db-wal"
expect_exit "verify after a killed one" 0 "$KIOSK" verify
equals "the killed run's copy is removed" "$(find "$DATA" -name '.verify-*' | wc -l)" "0"

# Tampering is still found on the copy.
sqlite3 "$DB" "UPDATE journal SET body = replace(body, '\"serial\":7,', '\"serial\":70000,') WHERE seq = 9"
expect_exit "a changed entry: problems found" 1 "$KIOSK" verify
contains "... the entry named" "$OUT" "entry 9"
