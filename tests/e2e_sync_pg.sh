#!/bin/bash
# e2e_sync_pg.sh - kiosk-sync against a real PostgreSQL 15 started here (as
# `nobody` when run as root) on 127.0.0.1 in a temp dir: schema setup, device
# roles with row-level security, push/pull, a server killed (SIGKILL) in the
# middle of a push, and twenty devices pushing at once.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
export KIOSK_QUIET=1

pg_start || { notok "PostgreSQL starts"; exit 1; }
ADMIN=$(pg_url)
q() { pg_q "$1"; }
local_rows() { # DATA [DEVICE]: "device seq hash" of the device's entries
	sqlite3 -separator ' ' "$1/kiosk.db" "SELECT device_id, seq, lower(hex(hash)) FROM journal
		WHERE device_id = (SELECT value FROM meta WHERE key='device_id') ORDER BY 1, 2"
}
server_rows() { q "SELECT device_id || ' ' || seq || ' ' || encode(hash, 'hex') FROM kiosk_journal ${1:-} ORDER BY device_id, seq"; }

ORG=$T/org
"$KIOSK" --data "$ORG" init --event "Meetup" >/dev/null || { notok "init"; exit 1; }
for d in 1 2 k; do
	"$KIOSK" --data "$ORG" device add "door $d" --out "$T/d$d.kbundle" >/dev/null &&
		"$KIOSK" --data "$T/d$d" device join "$T/d$d.kbundle" >/dev/null || notok "enrol door $d"
done
D1=$T/d1 D2=$T/d2 DK=$T/dk

# ---- schema and roles ------------------------------------------------------
q "CREATE ROLE plain LOGIN"
expect_exit "push by a role that cannot create the schema is refused" 3 \
	"$KSYNC" --data "$D1" push --to "$(pg_url plain)"
contains "it says who must create the schema" "$ERR" "run 'kiosk-sync pg-setup --to URL' as the owner"
equals "and it is one line" "$(grep -c . "$T/.err")" "1"
expect_exit "a role that does not exist cannot connect" 3 "$KSYNC" --data "$D1" push --to "$(pg_url nobody_here)"
contains "says so" "$ERR" "cannot connect to PostgreSQL"
expect_exit "pg-setup" 0 "$KSYNC" pg-setup --to "$ADMIN"
expect_exit "pg-setup again is harmless" 0 "$KSYNC" pg-setup --to "$ADMIN"
for d in "$D1" "$D2" "$DK"; do
	expect_exit "pg-enrol $(basename "$d")" 0 "$KSYNC" --data "$ORG" pg-enrol "$(devid "$d")" --to "$ADMIN"
done

expect_exit "pg-enrol: an unknown --kind is a usage error" 4 "$KSYNC" --data "$ORG" pg-enrol "$(devid "$D1")" --kind bogus --to "$ADMIN"
expect_exit "pg-enrol: a device this event never enrolled is refused" 3 "$KSYNC" --data "$ORG" pg-enrol nobody-000000 --to "$ADMIN"
equals "pg-enrol: unknown device: one line" "$(grep -c . "$T/.err")" "1"
equals "pg-enrol: no role made for it" "$(q "SELECT count(*) FROM pg_roles WHERE rolname = 'kiosk_nobody-000000'")" "0"
expect_exit "pg-enrol: moving a role to another event is refused" 3 "$KSYNC" --data "$ORG" pg-enrol "$(devid "$D1")" --event ffffffff --to "$ADMIN"
equals "pg-enrol: the role keeps its event" "$(q "SELECT event_id FROM kiosk_devices WHERE device_id = '$(devid "$D1")'")" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")"

# ---- push / pull -------------------------------------------------------------
"$FILL" "$D1" 1000 && "$FILL" "$D2" 500 || notok "fill"
expect_exit "door-1 pushes with its own role" 0 "$KSYNC" --data "$D1" push --to "$(dev_url "$D1")" --batch 300
contains "pushed in batches" "$OUT" "pushed 1000 entries (seq 1..1000) in 4 batch(es)"
expect_exit "door-2 pushes" 0 "$KSYNC" --data "$D2" push --to "$(dev_url "$D2")"
expect_exit "push again: nothing new" 0 "$KSYNC" --data "$D2" push --to "$(dev_url "$D2")"
contains "nothing to push" "$OUT" "nothing to push"
equals "server holds door-1's entries exactly" "$(server_rows "WHERE device_id = '$(devid "$D1")'")" "$(local_rows "$D1")"
expect_exit "organizer pushes as owner" 0 "$KSYNC" --data "$ORG" push --to "$ADMIN"
n0=$(sqlite3 "$ORG/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "organizer pulls" 0 "$KSYNC" --data "$ORG" pull --from "$ADMIN"
contains "pull counts" "$OUT" "pulled 1500 new entries"
expect_exit "pull again adds nothing" 0 "$KSYNC" --data "$ORG" pull --from "$ADMIN"
contains "second pull" "$OUT" "pulled 0 new entries"
expect_exit "verify after pg pull" 0 "$KSYNC" --data "$ORG" verify
# Roster changes reach the doors: the organizer enrols door 3 (a new entry of
# its own), pushes, and door-1 pulls it.
"$KIOSK" --data "$ORG" device add "door 3" --out "$T/d3.kbundle" >/dev/null
"$KSYNC" --data "$ORG" push --to "$ADMIN" >/dev/null
expect_exit "a door pulls with its own role" 0 "$KSYNC" --data "$D1" pull --from "$(dev_url "$D1")"
equals "door-1 has the organizer's newest entry" \
	"$(sqlite3 "$D1/kiosk.db" "SELECT count(*) FROM journal WHERE body LIKE '%door 3%'")" "1"
expect_exit "door-1 verify" 0 "$KSYNC" --data "$D1" verify

# ---- row-level security: a device inserts only its own rows, changes none ----
D1URL=$(dev_url "$D1") D2ID=$(devid "$D2")
row="'$D2ID', 9999, 0, 'note', '{}', '\\x00'::bytea, '\\x00'::bytea"
if psql -X -q "$D1URL" -c "INSERT INTO kiosk_journal VALUES($row)" 2>"$T/rls.err"; then
	notok "server refuses door-1 inserting door-2's row"
else
	ok "server refuses door-1 inserting door-2's row"
fi
contains "refusal is row-level security" "$(cat "$T/rls.err")" "row-level security"
if psql -X -q "$D1URL" -c "UPDATE kiosk_journal SET body = '{}' WHERE device_id = '$(devid "$D1")'" 2>/dev/null; then
	notok "server refuses door-1 changing its own rows"
else ok "server refuses door-1 changing its own rows"; fi
if psql -X -q "$D1URL" -c "DELETE FROM kiosk_journal" 2>/dev/null; then
	notok "server refuses door-1 deleting rows"
else ok "server refuses door-1 deleting rows"; fi
"$FILL" "$D2" 5
expect_exit "kiosk-sync with another device's role is refused by the server" 3 \
	"$KSYNC" --data "$D2" push --to "$D1URL"
contains "it says whose role it is, before writing" "$ERR" "is enrolled for device"
equals "nothing of it landed" "$(q "SELECT count(*) FROM kiosk_journal WHERE device_id = '$D2ID'")" "500"

# ---- a tampered row on the server is refused on pull ---------------------------
cp -a "$T/d2" "$T/d2copy"
q "UPDATE kiosk_journal SET body = '{\"n\":0}' WHERE device_id = '$(devid "$D1")' AND seq = 500"
before=$(sqlite3 "$T/d2copy/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$(devid "$D1")'")
expect_exit "pull of a tampered server row is refused" 3 "$KSYNC" --data "$T/d2copy" pull --from "$ADMIN"
contains "names the row" "$ERR" "does not match its hash"
contains "names the device" "$ERR" "refused device $(devid "$D1"):"
equals "nothing of that device applied" "$(sqlite3 "$T/d2copy/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$(devid "$D1")'")" "$before"
q "DELETE FROM kiosk_journal WHERE device_id = '$(devid "$D1")' AND seq = 500"
"$KSYNC" --data "$D1" push --to "$D1URL" >/dev/null 2>&1
equals "gap refilled by the device's next push" "$(q "SELECT count(*) FROM kiosk_journal WHERE device_id = '$(devid "$D1")'")" "1000"

# ---- a damaged journal is never pushed; a damaged server row is not "ours" ------
D2ID=$(devid "$D2")
cp -a "$D2" "$T/d2bad"; "$FILL" "$T/d2bad" 2
sqlite3 "$T/d2bad/kiosk.db" "UPDATE journal SET body = replace(body, '{', '{ ') WHERE seq = 501 AND device_id = '$D2ID'"
expect_exit "push of a damaged journal is refused" 3 "$KSYNC" --data "$T/d2bad" push --to "$(dev_url "$D2")"
contains "damaged push says why" "$ERR" "does not match its hash"
equals "damaged push: the server got nothing" "$(q "SELECT max(seq) FROM kiosk_journal WHERE device_id = '$D2ID'")" "500"
q "UPDATE kiosk_journal SET body = '{\"n\":1}' WHERE device_id = '$D2ID' AND seq = 500"
expect_exit "push onto a server row changed under the same hash is refused" 3 "$KSYNC" --data "$D2" push --to "$(dev_url "$D2")"
contains "changed server row named" "$ERR" "entry 500 differs"
q "DELETE FROM kiosk_journal WHERE device_id = '$D2ID' AND seq = 500"
"$KSYNC" --data "$D2" push --to "$(dev_url "$D2")" >/dev/null 2>&1
equals "the intact device refills it" "$(server_rows "WHERE device_id = '$D2ID'")" "$(local_rows "$D2")"
rm -rf "$T/d2bad"

# ---- a password is never printed or stored ---------------------------------------
pwurl=$(dev_url "$D1" | sed 's#^\(postgresql://[^@/]*\)@#\1:s3cretPW@#')
expect_exit "push with a password in the URL" 0 "$KSYNC" --data "$D1" push --to "$pwurl"
expect_exit "and again (nothing to push)" 0 "$KSYNC" --data "$D1" push --to "$pwurl"
lacks "the password is not printed" "$OUT$ERR" "s3cretPW"
contains "the target is named without it" "$OUT" "nothing to push: postgresql://kiosk_"
expect_exit "a keyword connection string is no folder" 3 "$KSYNC" --data "$D1" push --to "host=127.0.0.1 password=hunter4 dbname=kiosk"
lacks "a keyword password is not printed" "$ERR" "hunter4"
expect_exit "pull with a keyword password" 3 "$KSYNC" --data "$D1" pull --from "host=127.0.0.1 password=hunter4 dbname=kiosk"
lacks "a keyword password is not printed on pull" "$ERR" "hunter4"
lacks "no password in the store" "$(sqlite3 "$D1/kiosk.db" "SELECT group_concat(value) FROM meta")" "s3cretPW"

# ---- rows of a device nobody enrolled are refused on pull -----------------------
"$FILL" "$T/stranger" 3 && "$KSYNC" --data "$T/stranger" push --to "$ADMIN" >/dev/null || notok "stranger pushes as owner"
# The owner files them under this event (a device role could not: row-level security).
EV=$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")
q "UPDATE kiosk_journal SET event_id = '$EV' WHERE device_id = '$(devid "$T/stranger")';
   UPDATE kiosk_tips SET event_id = '$EV' WHERE device_id = '$(devid "$T/stranger")'"
before=$(sqlite3 "$T/d2copy/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$(devid "$T/stranger")'")
expect_exit "pull with an unknown device's rows is refused" 3 "$KSYNC" --data "$T/d2copy" pull --from "$ADMIN"
contains "names the unknown device" "$ERR" "not enrolled"
equals "nothing of that device applied" "$(sqlite3 "$T/d2copy/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$(devid "$T/stranger")'")" "$before"
q "DELETE FROM kiosk_journal WHERE device_id = '$(devid "$T/stranger")';
   DELETE FROM kiosk_tips WHERE device_id = '$(devid "$T/stranger")'"

# ---- SIGKILL the server in the middle of a push ---------------------------------
"$FILL" "$DK" 60000
KURL=$(dev_url "$DK") KID=$(devid "$DK")
"$KSYNC" --data "$DK" push --to "$KURL" --batch 2000 >"$T/kill.out" 2>"$T/kill.err" &
push_pid=$!
for _ in $(seq 400); do
	n=$(q "SELECT count(*) FROM kiosk_journal WHERE device_id = '$KID'" 2>/dev/null || echo 0)
	[ "${n:-0}" -gt 0 ] && break
	sleep 0.02
done
pg_kill
wait $push_pid; rc=$?
n_at_kill=${n:-0}
if [ "$rc" -ne 0 ] && [ "$n_at_kill" -lt 60000 ]; then ok "push interrupted by the crash (exit $rc after $n_at_kill rows seen)"
else notok "push interrupted by the crash" "exit $rc, rows seen $n_at_kill"; fi
equals "interrupted push: one error line" "$(grep -c . "$T/kill.err")" "1"
pg_restart || notok "server restarts"
partial=$(q "SELECT count(*) FROM kiosk_journal WHERE device_id = '$KID'")
if [ "$partial" -lt 60000 ] && [ $((partial % 2000)) -eq 0 ]; then ok "only whole batches survived the crash ($partial)"
else notok "only whole batches survived the crash" "rows: $partial"; fi
expect_exit "push again after restart" 0 "$KSYNC" --data "$DK" push --to "$KURL" --batch 2000
contains "resumed from the server's watermark" "$OUT" "seq $((partial + 1))..60000"
equals "server holds exactly the union, nothing twice" \
	"$(server_rows "WHERE device_id = '$KID'")" "$(local_rows "$DK")"

# ---- twenty devices pushing at once ---------------------------------------------
for i in $(seq 20); do
	"$KIOSK" --data "$ORG" device add "desk $i" --out "$T/m$i.kbundle" >/dev/null &&
		"$KIOSK" --data "$T/m$i" device join "$T/m$i.kbundle" >/dev/null &&
		"$KSYNC" --data "$ORG" pg-enrol "$(devid "$T/m$i")" --to "$ADMIN" >/dev/null &&
		"$FILL" "$T/m$i" $((200 + i * 10)) || notok "prepare desk $i"
done
pids=""
for i in $(seq 20); do
	"$KSYNC" --data "$T/m$i" push --to "$(dev_url "$T/m$i")" --batch 100 >"$T/m$i.out" 2>&1 &
	pids="$pids $!"
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
equals "twenty concurrent pushes succeed" "$fails" "0"
want=$(for i in $(seq 20); do local_rows "$T/m$i"; done | sort)
got=$(q "SELECT device_id || ' ' || seq || ' ' || encode(hash, 'hex') FROM kiosk_journal
	WHERE device_id IN (SELECT device_id FROM kiosk_devices WHERE role LIKE 'kiosk_desk-%')" | sort)
equals "server holds exactly the union of twenty devices" "$(echo "$got" | md5sum)" "$(echo "$want" | md5sum)"
equals "twenty devices: row count" "$(echo "$got" | wc -l)" "$(echo "$want" | wc -l)"
expect_exit "organizer pulls all twenty" 0 "$KSYNC" --data "$ORG" pull --from "$ADMIN"
expect_exit "organizer verify after the big pull" 0 "$KSYNC" --data "$ORG" verify

# ---- the kiosk's background worker (sync_worker_step, session kept open) ----------
expect_exit "background worker pushes 5 x 20 new entries with the door's role" 0 \
	"$ROOT/$BUILD/tests/bench_sync_push" "$D2" "$(dev_url "$D2")" 20 5
equals "server holds door-2 exactly after the worker" \
	"$(server_rows "WHERE device_id = '$D2ID'")" "$(local_rows "$D2")"

# ---- status and bad input ----------------------------------------------------------
expect_exit "status after pg push" 0 "$KSYNC" --data "$DK" status
contains "nothing waiting" "$OUT" "waiting:     0 of 60000"
expect_exit "unreachable server: one clear line" 3 "$KSYNC" --data "$D1" push --to "postgresql://x@127.0.0.1:1/none?connect_timeout=2"
equals "unreachable: one line" "$(grep -c . "$T/.err")" "1"
contains "unreachable says connect" "$ERR" "cannot connect"

# ---- double entries on the server (schema v3) ---------------------------------------
# A-7 let in at both doors while inside: flagged. A-9 out at door 1 and back in at
# door 2: a re-entry, not flagged (the v1/v2 view counted it).
ev=$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")
t9=1767400000000
"$FILL" "$D1" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-7\",\"door\":\"north\"}" $t9
"$FILL" "$D2" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-7\",\"door\":\"south\"}" $((t9 + 5000))
"$FILL" "$D1" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"north\"}" $t9
"$FILL" "$D1" 1 exit "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"north\"}" $((t9 + 10000))
"$FILL" "$D2" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"south\"}" $((t9 + 20000))
"$KSYNC" --data "$D1" push --to "$D1URL" >/dev/null && "$KSYNC" --data "$D2" push --to "$(dev_url "$D2")" >/dev/null ||
	notok "doors push their check-ins"
equals "server: both entries of a guest let in twice are flagged" \
	"$(q "SELECT count(*) FROM kiosk_double_entries WHERE attendee_id = 'A-7'")" "2"
equals "server: out and back in is not a double entry" \
	"$(q "SELECT count(*) FROM kiosk_double_entries WHERE attendee_id = 'A-9'")" "0"
equals "server schema is version 5" "$(q "SELECT value FROM kiosk_meta WHERE key = 'schema_version'")" "5"
