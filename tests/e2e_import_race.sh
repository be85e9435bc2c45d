#!/bin/bash
# e2e_import_race.sh - several imports into one store at once (two
# organizers' laptops on one shared data folder, a script and a person):
# every guest of every file is there under a serial of its own, and one code
# never becomes the ticket of two guests. Fails on the code before, which
# read the last serial and checked the codes before its write transaction:
# imports running together gave one serial to guests of different files, and
# the last one written replaced the others (each import still said
# "imported 40").
. "$(dirname "$0")/lib.sh"

"$KIOSK" init --event "Race import" --pin 1234 >/dev/null 2>&1 || notok "init"
DB="$DATA/kiosk.db"
N=6
ROWS=40

for f in $(seq 1 $N); do
	{
		echo "name,phone,code"
		for i in $(seq 1 $ROWS); do
			printf 'Guest %d-%d,017%02d%06d,IR-%d-%d\n' "$f" "$i" "$f" "$i" "$f" "$i"
		done
	} >"$T/r$f.csv"
done
pids=""
for f in $(seq 1 $N); do
	"$KIOSK" attendees import "$T/r$f.csv" >"$T/out$f" 2>"$T/err$f" &
	pids="$pids $!"
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
equals "$N imports at once all succeed" "$fails" "0"
equals "every guest of every file is in the roster" "$("$KIOSK" attendees list | wc -l)" "$((N * ROWS))"
equals "each under a serial of its own" \
	"$(sqlite3 "$DB" "select count(distinct serial) || ' ' || min(serial) || ' ' || max(serial) from attendees")" \
	"$((N * ROWS)) 1 $((N * ROWS))"
equals "the journal holds one attendee_added per guest, each a new id" \
	"$(sqlite3 "$DB" "select count(distinct json_extract(body,'\$.id')) from journal where kind = 'attendee_added'")" \
	"$((N * ROWS))"

# One code, four files, four phones: one of them gets it; the others import
# nothing and say why.
for f in 1 2 3 4; do
	{
		echo "name,phone,code"
		for i in $(seq 1 $ROWS); do
			printf 'Late %d-%d,018%02d%06d,LR-%d-%d\n' "$f" "$i" "$f" "$i" "$f" "$i"
		done
		printf 'Shared %d,019%02d000000,SAME-CODE\n' "$f" "$f"
	} >"$T/s$f.csv"
done
pids=""
for f in 1 2 3 4; do
	"$KIOSK" attendees import "$T/s$f.csv" >"$T/sout$f" 2>"$T/serr$f" &
	pids="$pids $!"
done
won=0
for p in $pids; do wait "$p" && won=$((won + 1)); done
equals "one import of four takes the shared code" "$won" "1"
equals "one guest holds the code" "$(sqlite3 "$DB" "select count(*) from attendees where code = 'SAME-CODE'")" "1"
equals "the others imported nothing" "$(sqlite3 "$DB" "select count(*) from attendees where code like 'LR-%'")" "$ROWS"
contains "a refused import says whose code it is" "$(cat "$T"/serr*)" "is already the ticket of another guest"
expect_exit "verify" 0 "$KIOSK" verify
