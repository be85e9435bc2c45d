#!/bin/bash
# bench_sync.sh - sync figures (make bench): push of 100,000 entries to a local
# PostgreSQL against `psql \copy` of the same rows in the same run (goal ratio
# <= 1.3, with event-keyed rows and per-device checks), bundle export + import
# of 100,000 entries (goal <= 1 s), an incremental push of 100 new entries
# (goal <= 50 ms), and a pull of 20 devices x 5,000 entries from PostgreSQL
# (SYNC_BENCH_PULL_DEVICES x SYNC_BENCH_PULL_N). Numbers, not assertions.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
export KIOSK_QUIET=1
N=${SYNC_BENCH_N:-100000}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
timed() { local t0; t0=$(now_ms); "$@" >/dev/null || { echo "bench_sync: failed: $*" >&2; exit 1; }; echo $(($(now_ms) - t0)); }

pg_start || exit 1
ADMIN=$(pg_url)
"$KSYNC" pg-setup --to "$ADMIN" >/dev/null || exit 1

# One organizer and one enrolled door holding N entries.
"$KIOSK" --data "$T/org" init --event "Bench" >/dev/null || exit 1
"$KIOSK" --data "$T/org" device add "door" --out "$T/door.kbundle" >/dev/null || exit 1
"$KIOSK" --data "$T/door" device join "$T/door.kbundle" >/dev/null || exit 1
"$FILL" "$T/door" "$N" || exit 1
DOOR_ID=$(sqlite3 "$T/door/kiosk.db" "SELECT value FROM meta WHERE key='device_id'")
"$KSYNC" --data "$T/org" pg-enrol "$DOOR_ID" --to "$ADMIN" >/dev/null || exit 1
DOOR_URL=$(pg_url "kiosk_$DOOR_ID")

# ---- PostgreSQL push vs psql \copy -------------------------------------------
# Five rounds, alternating which goes first; each starts from an empty table
# (the machine may be shared: the median of five is steadier than of three).
psql -X -q "$ADMIN" -c "CREATE TABLE bench_copy (LIKE kiosk_journal INCLUDING ALL)" || exit 1
ratios="" pushes="" copies=""
for round in 1 2 3 4 5; do
	# Both targets empty and fresh (TRUNCATE, not DELETE: no dead rows or
	# bloated index on one side only); only the door's rows live here.
	psql -X -q "$ADMIN" -c "TRUNCATE kiosk_journal, kiosk_tips, bench_copy; CHECKPOINT" || exit 1
	if [ $((round % 2)) -eq 0 ] && [ -f "$T/rows.copy" ]; then
		copy_ms=$(timed psql -X -q "$ADMIN" -c "\\copy bench_copy FROM '$T/rows.copy'")
		push_ms=$(timed "$KSYNC" --data "$T/door" push --to "$DOOR_URL")
	else
		push_ms=$(timed "$KSYNC" --data "$T/door" push --to "$DOOR_URL")
		# The same rows as a COPY file, loaded by psql into a table of the same shape.
		psql -X -q "$ADMIN" -c "\\copy (SELECT * FROM kiosk_journal WHERE device_id = '$DOOR_ID') TO '$T/rows.copy'" || exit 1
		copy_ms=$(timed psql -X -q "$ADMIN" -c "\\copy bench_copy FROM '$T/rows.copy'")
	fi
	pushes="$pushes $push_ms" copies="$copies $copy_ms"
	ratios="$ratios $(awk -v a="$push_ms" -v b="$copy_ms" 'BEGIN { printf "%.2f", a / (b ? b : 1) }')"
done
rows=$(psql -X -qAt "$ADMIN" -c "SELECT count(*) FROM kiosk_journal WHERE device_id = '$DOOR_ID'")
median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "pg push of $rows entries (ms, 5 rounds):$pushes; psql \\copy of the same rows:$copies;" \
	"ratio median $(median "$ratios") (rounds:$ratios) (goal <= 1.3)"

# ---- incremental push of 100 entries ----------------------------------------
"$FILL" "$T/door" 100 || exit 1
inc_ms=$(timed "$KSYNC" --data "$T/door" push --to "$DOOR_URL")
echo "pg incremental push of 100 entries, whole kiosk-sync process (exec, open, connect, push, close): ${inc_ms} ms"
inproc=$("$ROOT/$BUILD/tests/bench_sync_push" "$T/door" "$DOOR_URL" 100 9) || exit 1
echo "pg incremental push of 100 entries by the kiosk's background worker (session kept open), min/median/max of 9: ${inproc} ms (goal <= 50 ms)"

# ---- bundle export + import ------------------------------------------------------
exp_ms=$(timed "$KSYNC" --data "$T/door" push --to "$T/usb")
imp_ms=$(timed "$KSYNC" --data "$T/org" pull --from "$T/usb")
echo "bundle export of $((N + 100)) entries: ${exp_ms} ms; import: ${imp_ms} ms;" \
	"together $((exp_ms + imp_ms)) ms (goal <= 1000 ms)"
"$FILL" "$T/door" 100 || exit 1
binc_ms=$(timed "$KSYNC" --data "$T/door" push --to "$T/usb")
echo "bundle incremental export of 100 entries, whole process: ${binc_ms} ms"
inproc=$("$ROOT/$BUILD/tests/bench_sync_push" "$T/door" "$T/usb" 100 9) || exit 1
echo "bundle incremental export of 100 entries by the background worker, min/median/max of 9: ${inproc} ms"

# ---- pull of 20 devices x 5,000 entries from PostgreSQL ------------------------
PD=${SYNC_BENCH_PULL_DEVICES:-20} PN=${SYNC_BENCH_PULL_N:-5000}
psql -X -q "$ADMIN" -c "TRUNCATE kiosk_journal, kiosk_tips" || exit 1
for i in $(seq "$PD"); do
	"$KIOSK" --data "$T/org" device add "desk $i" --out "$T/p$i.kbundle" >/dev/null &&
		"$KIOSK" --data "$T/p$i" device join "$T/p$i.kbundle" >/dev/null &&
		"$FILL" "$T/p$i" "$PN" || exit 1
	id=$(sqlite3 "$T/p$i/kiosk.db" "SELECT value FROM meta WHERE key='device_id'")
	"$KSYNC" --data "$T/org" pg-enrol "$id" --to "$ADMIN" >/dev/null || exit 1
done
"$KSYNC" --data "$T/org" push --to "$ADMIN" >/dev/null || exit 1
for i in $(seq "$PD"); do
	id=$(sqlite3 "$T/p$i/kiosk.db" "SELECT value FROM meta WHERE key='device_id'")
	"$KSYNC" --data "$T/p$i" push --to "$(pg_url "kiosk_$id")" >/dev/null || exit 1
done
# Three pulls into fresh copies of the organizer's store (it knows every desk).
pulls=""
for round in 1 2 3; do
	rm -rf "$T/orgp"; cp -a "$T/org" "$T/orgp"
	pulls="$pulls $(timed "$KSYNC" --data "$T/orgp" pull --from "$ADMIN")"
done
got=$(sqlite3 "$T/orgp/kiosk.db" "SELECT count(*) FROM journal WHERE device_id LIKE 'desk-%'")
echo "pg pull of $PD devices x $PN entries ($got entries, checked per device: enrolment, signature," \
	"chain) into the organizer's store, whole kiosk-sync process (ms, 3 rounds):$pulls; median $(median "$pulls")"
