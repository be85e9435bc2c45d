#!/bin/bash
# e2e_sync_trust.sh - issue 13, sync you can trust across events, devices and
# bad actors, against a real PostgreSQL (tests/pg.sh) and real folders. One
# section per failure the issue reproduced:
#   1 keys travel: a rotation is a signed journal entry; a door that pulls it
#     accepts tickets signed by the new key (and ignores an unsigned one)
#   2 three events x several devices push into one database at once; each
#     organizer pulls exactly its own union, nothing of the others
#   3 a bad device (forged tip, tampered segment, revoked) is refused alone,
#     with one line naming it, and the others are applied; exit 3
#   4 a stalled server (a table lock held by another session) ends the push
#     and the pull with one line and exit 3 within --timeout
#   5 a password in the target URL goes to a 0600 passfile, never into
#     kiosk.db nor any output, and push (and the background worker) use it
#   6 a cloned or restored data folder is refused as a fork on a folder and
#     on PostgreSQL, never "nothing to push"
#   7 a push into another event's folder is refused before writing
#   8 least privilege: a door cannot read the desks' orders nor another
#     event, a desk cannot read the doors' check-ins; forbidden writes fail
#   9 walk-ins registered twice (one phone at two doors) show on the server
#     in kiosk_walkin_duplicates, per event and under the same rules, as
#     the organizer's store counts them; a server of schema 3 gets the view
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
export KIOSK_QUIET=1
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
pg_start || { notok "PostgreSQL starts"; exit 1; }
ADMIN=$(pg_url)
q() { pg_q "$1"; }
evid() { sqlite3 "$1/kiosk.db" "SELECT value FROM meta WHERE key='event_id'"; }
rows_of() { sqlite3 "$1/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$2'"; }
# "device count" of every device held, sorted.
held() { sqlite3 -separator ' ' "$1/kiosk.db" "SELECT device_id, count(*) FROM journal GROUP BY 1 ORDER BY 1"; }
# as ROLE: psql that must fail (a forbidden write or read).
denied() { # NAME ROLE SQL
	if psql -X -q -v ON_ERROR_STOP=1 "$(pg_url "$2")" -c "$3" >/dev/null 2>"$T/denied.err"; then
		notok "$1" "the server allowed: $3"
	else ok "$1"; fi
}
as_count() { psql -X -qAt -v ON_ERROR_STOP=1 "$(pg_url "$1")" -c "$2"; }

"$KSYNC" pg-setup --to "$ADMIN" >/dev/null || notok "pg-setup"

# Three events, each an organizer with two doors and an order desk.
for e in 1 2 3; do
	"$KIOSK" --data "$T/o$e" init --event "Meetup $e" --pin 1234 >/dev/null || notok "init $e"
	printf 'name,phone\nGuest %s A,0171100000%s\nGuest %s B,0181100000%s\nGuest %s C,0191100000%s\n' \
		$e $e $e $e $e $e >"$T/g$e.csv"
	"$KIOSK" --data "$T/o$e" attendees import "$T/g$e.csv" >/dev/null || notok "roster $e"
	for d in a b k; do
		"$KIOSK" --data "$T/o$e" device add "dev $e$d" --out "$T/$e$d.kbundle" >/dev/null &&
			"$KIOSK" --data "$T/d$e$d" device join "$T/$e$d.kbundle" >/dev/null || notok "enrol $e$d"
	done
done

# ==== 1. keys as journal facts ==============================================
"$KIOSK" --data "$T/o1" tickets issue --out "$T/t1old" >/dev/null || notok "tickets before rotation"
expect_exit "1: keys rotate" 0 "$KIOSK" --data "$T/o1" keys rotate
equals "1: the rotation is a journal entry" \
	"$(sqlite3 "$T/o1/kiosk.db" "SELECT count(*) FROM journal WHERE kind = 'event_key_added'")" "1"
"$KIOSK" --data "$T/o1" tickets issue --out "$T/t1new" >/dev/null || notok "tickets after rotation"
code_of() { sqlite3 :memory: ".import --csv '$1/codes.csv' c" "select code from c where instr(name, '$2') limit 1"; }
new_a=$(code_of "$T/t1new" "Guest 1 A") old_b=$(code_of "$T/t1old" "Guest 1 B")
new_c=$(code_of "$T/t1new" "Guest 1 C")
[ "$new_a" != "$(code_of "$T/t1old" "Guest 1 A")" ] && ok "1: the new ticket is signed by the new key" ||
	notok "1: the new ticket is signed by the new key"
cp -a "$T/d1a" "$T/d1a0"
expect_exit "1: before any pull the door refuses the new-key ticket" 2 "$KIOSK" --data "$T/d1a0" checkin "$new_a"
"$KSYNC" --data "$T/o1" push --to "$T/usb1" >/dev/null || notok "organizer pushes the rotation"
expect_exit "1: the door pulls" 0 "$KSYNC" --data "$T/d1a" pull --from "$T/usb1"
expect_exit "1: after the pull the door accepts a ticket signed by the new key" 0 \
	"$KIOSK" --data "$T/d1a" checkin "$new_a"
expect_exit "1: and still one signed by the old key" 0 "$KIOSK" --data "$T/d1a" checkin "$old_b"
# A rotation entry whose signature does not verify is never used: written
# straight into a copy of the door's journal (as a forger could not even do
# through a pull), then a pull adopts keys.
cp -a "$T/d1a0" "$T/d1x"
fake=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
sqlite3 "$T/d1x/kiosk.db" "INSERT INTO journal VALUES('$(devid "$T/d1x")', 999, 0, 'event_key_added',
	'{\"event\":\"$(evid "$T/o1")\",\"pubkey\":\"$fake\",\"by\":\"$fake\",\"sig\":\"$fake$fake\"}', x'00', x'00')"
"$KSYNC" --data "$T/d1x" pull --from "$T/usb1" >/dev/null 2>&1
equals "1: a rotation with a bad signature is not adopted" \
	"$(sqlite3 "$T/d1x/kiosk.db" "SELECT count(*) FROM event_keys WHERE hex(pubkey) = upper('$fake')")" "0"
equals "1: the good one is" "$(sqlite3 "$T/d1x/kiosk.db" "SELECT count(*) FROM event_keys")" "2"

# ==== 8 (setup). roles per kind, orders on the desks, check-ins on the doors ===
for e in 1 2 3; do
	"$KSYNC" --data "$T/o$e" pg-enrol "$(devid "$T/o$e")" --to "$ADMIN" >/dev/null || notok "enrol organizer $e"
	for d in a b; do
		"$KSYNC" --data "$T/o$e" pg-enrol "$(devid "$T/d$e$d")" --to "$ADMIN" >/dev/null || notok "enrol $e$d"
		"$FILL" "$T/d$e$d" $((200 + e * 10)) || notok "fill $e$d"
		"$FILL" "$T/d$e$d" 1 checkin "{\"event\":\"$(evid "$T/o$e")\",\"id\":\"x$e$d\",\"door\":\"door $d\"}"
	done
	"$KSYNC" --data "$T/o$e" pg-enrol "$(devid "$T/d${e}k")" --kind desk --to "$ADMIN" >/dev/null || notok "enrol desk $e"
	"$FILL" "$T/d${e}k" 3 order "{\"no\":\"O$e\",\"name\":\"Rahim\",\"phone\":\"+8801711111111\",\"district\":\"Dhaka\",\"address\":\"House 5, Road 2, Secret Lane $e\",\"method\":\"cod\",\"total_poisha\":100,\"items\":[]}"
done

# ==== 2. three events x four devices pushing into one database at once =====
pids=""
for e in 1 2 3; do
	for d in "$T/o$e" "$T/d${e}a" "$T/d${e}b" "$T/d${e}k"; do
		"$KSYNC" --data "$d" push --to "$(dev_url "$d")" --batch 50 >"$d.push" 2>&1 &
		pids="$pids $!"
	done
done
fails=0
for p in $pids; do wait "$p" || fails=$((fails + 1)); done
equals "2: twelve devices of three events push at once" "$fails" "0"
for e in 1 2 3; do
	expect_exit "2: organizer $e pulls with its own role" 0 "$KSYNC" --data "$T/o$e" pull --from "$(dev_url "$T/o$e")"
	want=$(for d in "$T/o$e" "$T/d${e}a" "$T/d${e}b" "$T/d${e}k"; do echo "$(devid "$d") $(rows_of "$d" "$(devid "$d")")"; done | sort)
	equals "2: organizer $e holds exactly its own union" "$(held "$T/o$e")" "$want"
	expect_exit "2: organizer $e verifies" 0 "$KSYNC" --data "$T/o$e" verify
done
expect_exit "2: organizer 1 pulling as the owner sees only its event too" 0 "$KSYNC" --data "$T/o1" pull --from "$ADMIN"
contains "2: nothing new, nothing refused" "$OUT" "pulled 0 new entries"
expect_exit "2: a door of event 2 pulls" 0 "$KSYNC" --data "$T/d2a" pull --from "$(dev_url "$T/d2a")"
equals "2: it holds no device of another event" \
	"$(sqlite3 "$T/d2a/kiosk.db" "SELECT count(*) FROM journal WHERE device_id IN ('$(devid "$T/o1")', '$(devid "$T/d1a")', '$(devid "$T/o3")')")" "0"
expect_exit "1: a door of event 1 pulls the rotation from PostgreSQL" 0 "$KSYNC" --data "$T/d1b" pull --from "$(dev_url "$T/d1b")"
cp -a "$T/d1b" "$T/d1b0"
expect_exit "1: and accepts a ticket signed by the new key" 0 "$KIOSK" --data "$T/d1b0" checkin "$new_c" --door "door b"

# ==== 8. least privilege on the server ==========================================
R1A=kiosk_$(devid "$T/d1a") R1K=kiosk_$(devid "$T/d1k") R1O=kiosk_$(devid "$T/o1")
ID1A=$(devid "$T/d1a") ID1B=$(devid "$T/d1b") EV1=$(evid "$T/o1") EV2=$(evid "$T/o2")
equals "8: the owner sees the desks' addresses" "$(q "SELECT count(*) > 0 FROM kiosk_journal WHERE body LIKE '%Secret Lane 1%'")" "t"
equals "8: a door cannot read the orders' addresses" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_journal WHERE body LIKE '%Secret Lane%'")" "0"
equals "8: a door reads the roster (the organizer's rows)" \
	"$(as_count "$R1A" "SELECT count(*) > 0 FROM kiosk_journal WHERE kind = 'attendee_added'")" "t"
equals "8: a door reads the other door's check-ins" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_journal WHERE kind = 'checkin' AND device_id = '$ID1B'")" "1"
equals "8: a door reads the keys (the rotation)" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_journal WHERE kind = 'event_key_added'")" "1"
equals "8: a door cannot read another event" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_journal WHERE event_id <> '$EV1'")" "0"
equals "8: nor its tips" "$(as_count "$R1A" "SELECT count(*) FROM kiosk_tips WHERE event_id <> '$EV1'")" "0"
equals "8: a desk cannot read the doors' check-ins" \
	"$(as_count "$R1K" "SELECT count(*) FROM kiosk_journal WHERE kind = 'checkin'")" "0"
equals "8: a desk reads its orders" \
	"$(as_count "$R1K" "SELECT count(*) FROM kiosk_journal WHERE body LIKE '%Secret Lane 1%'")" "3"
equals "8: a desk cannot read another event's orders" \
	"$(as_count "$R1K" "SELECT count(*) FROM kiosk_journal WHERE body LIKE '%Secret Lane 2%'")" "0"
equals "8: the organizer's role reads its whole event" \
	"$(as_count "$R1O" "SELECT count(DISTINCT device_id) FROM kiosk_journal")" "4"
equals "8: the double-entries view obeys the same rules" \
	"$(as_count "$R1K" "SELECT count(*) FROM kiosk_double_entries")" "0"
denied "8: a door cannot read the device table" "$R1A" "SELECT * FROM kiosk_devices"
denied "8: a door cannot insert another device's row" "$R1A" \
	"INSERT INTO kiosk_journal VALUES('$ID1B', 999, 0, 'note', '{}', '\\x00', '\\x00', '$EV1')"
denied "8: a door cannot insert its own row into another event" "$R1A" \
	"INSERT INTO kiosk_journal VALUES('$ID1A', 999, 0, 'note', '{}', '\\x00', '\\x00', '$EV2')"
denied "8: a door cannot insert a tip for another device" "$R1A" \
	"INSERT INTO kiosk_tips VALUES('$ID1B', 999, '\\x00', '\\x00', '$EV1')"
denied "8: a door cannot change rows" "$R1A" "UPDATE kiosk_journal SET body = '{}' WHERE device_id = '$ID1A'"
denied "8: a door cannot delete rows" "$R1A" "DELETE FROM kiosk_journal WHERE device_id = '$ID1A'"
denied "8: a door cannot delete tips" "$R1A" "DELETE FROM kiosk_tips WHERE device_id = '$ID1A'"
denied "8: a door cannot enrol itself elsewhere" "$R1A" \
	"INSERT INTO kiosk_devices VALUES('$R1A', '$ID1A', '$EV2', 'organizer')"
denied "8: a door cannot drop the policies" "$R1A" "DROP POLICY kiosk_read ON kiosk_journal"
denied "8: a desk cannot insert a door's row" "$R1K" \
	"INSERT INTO kiosk_journal VALUES('$ID1A', 999, 0, 'checkin', '{}', '\\x00', '\\x00', '$EV1')"
denied "8: the organizer's role cannot rewrite a door's rows" "$R1O" \
	"UPDATE kiosk_journal SET body = '{}' WHERE device_id = '$ID1A'"

# ==== 9. walk-ins registered twice, on the server ==================================
# Doors a and b of event 1, offline from each other, register one phone as a
# walk-in (written two ways); the organizer imports a guest after the doors
# left and door a registers that phone too. Event 2's doors register the
# phone as well (its blind index is event 2's: another key). Door 3a writes
# a walk-in of event 3 carrying event 1's blind index (no real pair of events
# shares one; as a device of event 3 could write it): per event, it joins no
# group and shows nowhere.
R2A=kiosk_$(devid "$T/d2a") EV3=$(evid "$T/o3")
for e in 1 2; do
	"$KIOSK" --data "$T/d${e}a" attendees add --name "Karim" --phone 01712345678 --door "door a" >/dev/null &&
		"$KIOSK" --data "$T/d${e}b" attendees add --name "করিম" --phone "+880 1712-345678" --door "door b" >/dev/null ||
		notok "9: event $e: both doors register Karim"
done
printf 'name,phone\nNadia Late,01911000111\n' >"$T/late9.csv"
"$KIOSK" --data "$T/o1" attendees import "$T/late9.csv" >/dev/null || notok "9: a late roster guest"
"$KIOSK" --data "$T/d1a" attendees add --name "Nadia" --phone 01911000111 --door "door a" >/dev/null ||
	notok "9: door 1a registers the late guest as a walk-in"
wid() { sqlite3 "$1/kiosk.db" "SELECT id FROM attendees WHERE walkin = 1 AND device_id = '$(devid "$1")' ORDER BY at_ms LIMIT 1 OFFSET ${2:-0}"; }
K1A=$(wid "$T/d1a") K1B=$(wid "$T/d1b") N1A=$(wid "$T/d1a" 1) K2A=$(wid "$T/d2a") K2B=$(wid "$T/d2b")
NADIA=$(sqlite3 "$T/o1/kiosk.db" "SELECT id FROM attendees WHERE walkin = 0 ORDER BY serial DESC LIMIT 1")
KBI=$(sqlite3 "$T/d1a/kiosk.db" "SELECT phone_bi FROM attendees WHERE id = '$K1A'")
"$FILL" "$T/d3a" 1 walkin "{\"id\":\"w-other-event\",\"event\":\"$EV3\",\"door\":\"door a\",\"phone_bi\":\"$KBI\",\"type\":\"general\"}" ||
	notok "9: event 3's walk-in"
for d in "$T/o1" "$T/d1a" "$T/d1b" "$T/d2a" "$T/d2b" "$T/d3a"; do
	"$KSYNC" --data "$d" push --to "$(dev_url "$d")" >/dev/null || notok "9: $(basename "$d") pushes"
done
# "guest attendee is_guest walkin door times" per row, in a fixed order.
W9="SELECT guest_id || ' ' || attendee_id || ' ' || is_guest::int || ' ' || walkin::int || ' '
	|| coalesce(door, '-') || ' ' || times FROM kiosk_walkin_duplicates"
W9_ORDER='ORDER BY guest_id COLLATE "C", is_guest DESC, attendee_id COLLATE "C"'
equals "9: event 1: Karim's two walk-ins (the first is the guest), the late guest and her walk-in" \
	"$(q "$W9 WHERE event_id = '$EV1' $W9_ORDER")" \
	"$(printf '%s\n' "$NADIA $NADIA 1 0 - 2" "$NADIA $N1A 0 1 door a 2" \
		"$K1A $K1A 1 1 door a 2" "$K1A $K1B 0 1 door b 2" | LC_ALL=C sort -k1,1 -k3,3r -k2,2)"
equals "9: event 2: its own pair" "$(q "$W9 WHERE event_id = '$EV2' $W9_ORDER")" \
	"$(printf '%s\n' "$K2A $K2A 1 1 door a 2" "$K2A $K2B 0 1 door b 2")"
equals "9: event 3's walk-in with event 1's blind index shows nowhere" \
	"$(q "SELECT count(*) FROM kiosk_walkin_duplicates WHERE event_id = '$EV3' OR attendee_id = 'w-other-event'")" "0"
lacks "9: no phone in the view" "$(q "SELECT * FROM kiosk_walkin_duplicates")" "1712345678"
equals "9: no phone column either" \
	"$(q "SELECT count(*) FROM information_schema.columns WHERE table_name = 'kiosk_walkin_duplicates' AND column_name LIKE '%phone%'")" "0"
# The organizer's store, pulled from the server, counts the same guests.
W9COLS="guest_id, attendee_id, is_guest, walkin, at_ms, device_id, seq, coalesce(door, '-'), times"
same_as_organizer() { # NAME
	"$KSYNC" --data "$T/o1" pull --from "$(dev_url "$T/o1")" >/dev/null || notok "$1: organizer 1 pulls"
	equals "$1" \
		"$(q "SELECT $W9COLS FROM (SELECT guest_id, attendee_id, is_guest::int AS is_guest, walkin::int AS walkin,
			at_ms, device_id, seq, door, times FROM kiosk_walkin_duplicates WHERE event_id = '$EV1') w
			ORDER BY guest_id COLLATE \"C\", attendee_id COLLATE \"C\"")" \
		"$(sqlite3 "$T/o1/kiosk.db" "SELECT $W9COLS FROM walkin_duplicates ORDER BY 1, 2")"
}
same_as_organizer "9: the server's rows are the organizer's walkin_duplicates"
# Row-level security holds through the view (it reads with the caller's rights).
equals "9: a door of event 1 sees its event's four rows" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_walkin_duplicates WHERE event_id = '$EV1'")" "4"
equals "9: and nothing of another event" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_walkin_duplicates WHERE event_id <> '$EV1'")" "0"
equals "9: a door of event 2 sees only event 2's pair" \
	"$(as_count "$R2A" "SELECT string_agg(attendee_id, ' ' ORDER BY attendee_id COLLATE \"C\") FROM kiosk_walkin_duplicates")" \
	"$(printf '%s\n' "$K2A" "$K2B" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
equals "9: a desk (no reading the doors' walk-ins) sees none" \
	"$(as_count "$R1K" "SELECT count(*) FROM kiosk_walkin_duplicates")" "0"
# A corrected roster row (attendee_updated; the phone by its blind index, as
# the import writes it) that gives roster guest 1 A Karim's phone makes that
# guest the one both walk-ins repeat, on the server as in the store; giving
# it its own phone back undoes that (the latest correction counts).
A1=$(sqlite3 "$T/o1/kiosk.db" "SELECT id FROM attendees WHERE serial = 1 AND event_id = '$EV1'")
A1BI=$(sqlite3 "$T/o1/kiosk.db" "SELECT phone_bi FROM attendees WHERE id = '$A1'")
"$FILL" "$T/o1" 1 attendee_updated "{\"id\":\"$A1\",\"phone_bi\":\"$KBI\"}" 1767225600000 &&
	"$KSYNC" --data "$T/o1" push --to "$(dev_url "$T/o1")" >/dev/null || notok "9: a corrected roster phone"
equals "9: corrected: the roster guest is the guest of both walk-ins" \
	"$(q "$W9 WHERE event_id = '$EV1' AND guest_id = '$A1' $W9_ORDER")" \
	"$(printf '%s\n' "$A1 $A1 1 0 - 3" "$A1 $K1A 0 1 door a 3" "$A1 $K1B 0 1 door b 3")"
same_as_organizer "9: corrected: the server's rows are the organizer's"
"$FILL" "$T/o1" 1 attendee_updated "{\"id\":\"$A1\",\"phone_bi\":\"$A1BI\"}" 1767225601000 &&
	"$KSYNC" --data "$T/o1" push --to "$(dev_url "$T/o1")" >/dev/null || notok "9: the phone corrected back"
equals "9: corrected back: Karim's first walk-in is the guest again" \
	"$(q "SELECT string_agg(DISTINCT guest_id, ' ') FROM kiosk_walkin_duplicates WHERE attendee_id IN ('$K1A', '$K1B')")" "$K1A"
same_as_organizer "9: corrected back: the server's rows are the organizer's"
# A server made before the view (schema 3) gets it from pg-setup; device roles
# keep pushing to it meanwhile.
q "DROP VIEW kiosk_walkin_duplicates; UPDATE kiosk_meta SET value = '3' WHERE key = 'schema_version'"
"$FILL" "$T/d1b" 1 || notok "9: door 1b adds one"
expect_exit "9: a door pushes to a schema-3 server" 0 "$KSYNC" --data "$T/d1b" push --to "$(dev_url "$T/d1b")"
expect_exit "9: pg-setup migrates it" 0 "$KSYNC" pg-setup --to "$ADMIN"
contains "9: to the current version" "$OUT" "kiosk schema version 5 ready"
equals "9: the server records it" "$(q "SELECT value FROM kiosk_meta WHERE key = 'schema_version'")" "5"
equals "9: the migrated view shows the same rows to a door" \
	"$(as_count "$R1A" "SELECT count(*) FROM kiosk_walkin_duplicates")" "4"
equals "9: and still none to the desk" "$(as_count "$R1K" "SELECT count(*) FROM kiosk_walkin_duplicates")" "0"
"$KSYNC" --data "$T/o1" pull --from "$(dev_url "$T/o1")" >/dev/null || notok "9: organizer 1 pulls door 1b's last entry"

# ==== 3. a bad device is refused alone ==============================================
# door 1a forges a tip for its own device with its own role (allowed by the
# rules: its own rows), then appends a row with a one-byte-wrong hash.
psql -X -q -v ON_ERROR_STOP=1 "$(pg_url "$R1A")" -c \
	"INSERT INTO kiosk_tips VALUES('$ID1A', 1000000, '\\x$(printf '%064d' 0)', '\\x$(printf '%0128d' 0)', '$EV1')" ||
	notok "3: door 1a writes a forged tip of its own"
"$FILL" "$T/d1b" 5 || notok "3: door 1b adds 5"
"$KSYNC" --data "$T/d1b" push --to "$(dev_url "$T/d1b")" >/dev/null || notok "3: door 1b pushes"
b_before=$(rows_of "$T/o1" "$ID1B") a_before=$(rows_of "$T/o1" "$ID1A")
expect_exit "3: the organizer's pull refuses the bad device (exit 3)" 3 "$KSYNC" --data "$T/o1" pull --from "$(dev_url "$T/o1")"
equals "3: one line for the one bad device" "$(grep -c . "$T/.err")" "1"
contains "3: the line names the device" "$ERR" "refused device $ID1A:"
equals "3: the good door's new entries are applied" "$(rows_of "$T/o1" "$ID1B")" "$((b_before + 5))"
equals "3: nothing of the bad device changed" "$(rows_of "$T/o1" "$ID1A")" "$a_before"
contains "3: the pull says what it did" "$OUT" "pulled 5 new entries"
printf 'name,phone\nLate Guest,01711999999\n' >"$T/late.csv"
"$KIOSK" --data "$T/o1" attendees import "$T/late.csv" >/dev/null &&
	"$KSYNC" --data "$T/o1" push --to "$(dev_url "$T/o1")" >/dev/null || notok "3: organizer adds a guest"
expect_exit "3: another door's pull is not blocked either (exit 3, one line)" 3 \
	"$KSYNC" --data "$T/d1b" pull --from "$(dev_url "$T/d1b")"
contains "3: it names the bad device" "$ERR" "refused device $ID1A:"
equals "3: and gets the organizer's new guest" \
	"$("$KIOSK" --data "$T/d1b" attendees list | cut -f2 | grep -cx 'Late Guest')" "1"
# Folder: a tampered segment of door 1a refuses door 1a only.
"$KSYNC" --data "$T/d1a" push --to "$T/usb1" >/dev/null && "$KSYNC" --data "$T/d1b" push --to "$T/usb1" >/dev/null ||
	notok "3: doors push to the folder"
rm -rf "$T/bad1"; cp -a "$T/usb1" "$T/bad1"
seg=$(ls "$T/bad1/$ID1A"/*.kseg | head -1)
sed -i '0,/packaging/s/packaging/packagin9/' "$seg"
rm -rf "$T/o1f"; cp -a "$T/o1" "$T/o1f"
sqlite3 "$T/o1f/kiosk.db" "DELETE FROM journal WHERE device_id IN ('$ID1A', '$ID1B'); DELETE FROM sync_tips"
"$KIOSK" --data "$T/o1f" rebuild >/dev/null
expect_exit "3: folder pull with one tampered device exits 3" 3 "$KSYNC" --data "$T/o1f" pull --from "$T/bad1"
contains "3: and names it" "$ERR" "refused device $ID1A:"
equals "3: the other door is applied from the folder" "$(rows_of "$T/o1f" "$ID1B")" "$(rows_of "$T/d1b" "$ID1B")"
equals "3: nothing of the tampered device" "$(rows_of "$T/o1f" "$ID1A")" "0"
# Revocation: the organizer revokes door 1a; everyone who pulls refuses its
# entries past the cut-off (what the organizer held of it).
expect_exit "3: the organizer revokes door 1a" 0 "$KIOSK" --data "$T/o1" device revoke "$ID1A"
expect_exit "3: revoke refuses an unknown device" 3 "$KIOSK" --data "$T/o1" device revoke "nobody-000000"
expect_exit "3: a door cannot revoke" 3 "$KIOSK" --data "$T/d1b" device revoke "$ID1A"
"$KSYNC" --data "$T/o1" push --to "$T/usb1" >/dev/null || notok "3: organizer pushes the revocation"
"$FILL" "$T/d1a" 2 && "$KSYNC" --data "$T/d1a" push --to "$T/usb1" >/dev/null || notok "3: the revoked door pushes on"
rm -rf "$T/d1k2"; cp -a "$T/d1k" "$T/d1k2"
expect_exit "3: a desk pulling the folder refuses the revoked door" 3 "$KSYNC" --data "$T/d1k2" pull --from "$T/usb1"
contains "3: revoked, it says" "$ERR" "revoked by the organizer"
# The cut-off rule (e2e_sync_revoke has the details): what the organizer held
# of the door when it revoked it is kept, the rest refused.
equals "3: the revoked door's entries up to its cut-off only" "$(rows_of "$T/d1k2" "$ID1A")" "$(rows_of "$T/o1" "$ID1A")"
check "3: some of its entries refused" test "$(rows_of "$T/d1a" "$ID1A")" -gt "$(rows_of "$T/o1" "$ID1A")"
equals "3: the other door's are there" "$(rows_of "$T/d1k2" "$ID1B")" "$(rows_of "$T/d1b" "$ID1B")"

# ==== 4. time limits: a stalled server ===============================================
"$FILL" "$T/d2b" 10
psql -X -q "$ADMIN" -c "BEGIN; LOCK TABLE kiosk_journal, kiosk_tips IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 100); do
	[ "$(q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'kiosk_journal' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.1
done
t0=$(date +%s)
expect_exit "4: push to a stalled server ends (exit 3)" 3 timeout 60 "$KSYNC" --data "$T/d2b" push --to "$(dev_url "$T/d2b")" --timeout 2
t1=$(date +%s)
[ $((t1 - t0)) -le 15 ] && ok "4: within the time limit ($((t1 - t0)) s)" || notok "4: within the time limit" "took $((t1 - t0)) s"
equals "4: one line" "$(grep -c . "$T/.err")" "1"
contains "4: it says it timed out" "$ERR" "timed out after 2 s"
t0=$(date +%s)
expect_exit "4: pull from a stalled server ends (exit 3)" 3 timeout 60 "$KSYNC" --data "$T/d2b" pull --from "$(dev_url "$T/d2b")" --timeout 2
[ $(($(date +%s) - t0)) -le 15 ] && ok "4: pull within the time limit" || notok "4: pull within the time limit"
contains "4: pull says it timed out" "$ERR" "timed out"
# The kiosk's background worker (its own thread in the kiosk; the door never
# waits for it) gives up on a stalled server after its own limit too.
t0=$(date +%s)
expect_exit "4: the background worker's step ends on a stalled server" 3 \
	timeout 60 "$ROOT/$BUILD/tests/bench_sync_push" "$T/d2b" "$(dev_url "$T/d2b")" 1 1
[ $(($(date +%s) - t0)) -le 20 ] && ok "4: within its limit ($(($(date +%s) - t0)) s)" ||
	notok "4: worker within its limit" "took $(($(date +%s) - t0)) s"
contains "4: the worker says it timed out" "$ERR" "timed out after 10 s"
kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null
q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
expect_exit "4: --timeout must be a number of seconds" 4 "$KSYNC" --data "$T/d2b" push --to "$ADMIN" --timeout x
expect_exit "4: push --help" 0 "$KSYNC" push --help
contains "4: the help names the default limit" "$OUT" "(default 30)"
expect_exit "4: after the stall the push goes through" 0 "$KSYNC" --data "$T/d2b" push --to "$(dev_url "$T/d2b")"

# ==== 5. secrets: the password goes to a 0600 passfile ================================
D=$T/d2a PW="S3cret-Pw:9"
ROLE=kiosk_$(devid "$D")
printf '%s\n' "$PW" >"$T/pw"
"$KSYNC" --data "$T/o2" pg-enrol "$(devid "$D")" --to "$ADMIN" --password-file "$T/pw" >/dev/null || notok "5: enrol with a password"
# This role must authenticate by password from now on (the rest stays trust).
hba="$PG_DIR/data/pg_hba.conf"
{ echo "host all $ROLE 127.0.0.1/32 scram-sha-256"; cat "$hba"; } >"$T/hba" && cat "$T/hba" >"$hba"
q "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
PWURL="postgresql://$ROLE:S3cret-Pw%3A9@127.0.0.1:$PG_PORT/$PG_DB?sslmode=disable"
BARE="postgresql://$ROLE@127.0.0.1:$PG_PORT/$PG_DB?sslmode=disable"
"$FILL" "$D" 3
expect_exit "5: without the password the server refuses" 3 env PGPASSFILE=/dev/null "$KSYNC" --data "$D" push --to "$BARE"
expect_exit "5: target with a password" 0 "$KSYNC" --data "$D" target "$PWURL"
lacks "5: target does not print it" "$OUT" "S3cret"
equals "5: the passfile is 0600" "$(stat -c %a "$D/pgpass")" "600"
contains "5: in libpq's format" "$(cat "$D/pgpass")" "127.0.0.1:$PG_PORT:$PG_DB:$ROLE:S3cret-Pw\\:9"
equals "5: never in kiosk.db" "$(cat "$D"/kiosk.db* | grep -c -a "S3cret")" "0"
expect_exit "5: target shows it" 0 "$KSYNC" --data "$D" target
lacks "5: without the password" "$OUT" "S3cret"
contains "5: but the URL" "$OUT" "postgresql://$ROLE@127.0.0.1"
expect_exit "5: push with the bare URL uses the passfile" 0 env PGPASSFILE=/dev/null "$KSYNC" --data "$D" push --to "$BARE"
contains "5: pushed" "$OUT" "pushed 3 entries"
"$FILL" "$D" 2
expect_exit "5: the background worker uses it too" 0 env PGPASSFILE=/dev/null "$ROOT/$BUILD/tests/bench_sync_push" "$D" "$BARE" 1 1
expect_exit "5: a push given the password in the URL" 0 "$KSYNC" --data "$D" push --to "$PWURL"
expect_exit "5: status" 0 "$KSYNC" --data "$D" status
lacks "5: status does not show it" "$OUT" "S3cret"
equals "5: still never in kiosk.db" "$(cat "$D"/kiosk.db* | grep -c -a "S3cret")" "0"

# ==== 6. forks: a cloned data folder ==================================================
F=$T/d3a
"$KSYNC" --data "$F" push --to "$T/usb3" >/dev/null || notok "6: door pushes to the folder"
"$KSYNC" --data "$F" push --to "$(dev_url "$F")" >/dev/null || notok "6: door pushes to PostgreSQL"
cp -a "$F" "$T/clone"
"$FILL" "$F" 3 && "$FILL" "$T/clone" 3 note '{"clone":1}' || notok "6: both go on, differently"
"$KSYNC" --data "$F" push --to "$T/usb3" >/dev/null || notok "6: the original pushes"
"$KSYNC" --data "$F" push --to "$(dev_url "$F")" >/dev/null || notok "6: the original pushes to PostgreSQL"
expect_exit "6: the clone's folder push is refused" 3 "$KSYNC" --data "$T/clone" push --to "$T/usb3"
contains "6: as a fork" "$ERR" "fork"
contains "6: saying what to do" "$ERR" "enrol this device again as a new one"
lacks "6: never 'nothing to push'" "$OUT" "nothing to push"
"$FILL" "$T/clone" 2
expect_exit "6: also with more entries than the folder" 3 "$KSYNC" --data "$T/clone" push --to "$T/usb3"
contains "6: fork again" "$ERR" "fork"
expect_exit "6: the clone's PostgreSQL push is refused" 3 "$KSYNC" --data "$T/clone" push --to "$(dev_url "$F")"
contains "6: as a fork there too" "$ERR" "fork"
equals "6: the folder still holds the original's history only" \
	"$(ls "$T/usb3/$(devid "$F")" | wc -l)" "2"

# ==== 7. a push into another event's folder ==========================================
# One stick, many events: the top stays event 2's, event 3 gets event.<id>.
"$KSYNC" --data "$T/o2" push --to "$T/usb2" >/dev/null || notok "7: event 2 pushes its folder"
before=$(find "$T/usb2" -maxdepth 2 -type f | sort | md5sum)
expect_exit "7: a door of event 3 pushing into event 2's folder" 0 "$KSYNC" --data "$T/d3b" push --to "$T/usb2"
contains "7: goes to event 3's own sub-folder" "$OUT" "to this event's folder $T/usb2/event.$(evid "$T/o3")"
equals "7: event 2's files are as they were" "$(find "$T/usb2" -maxdepth 2 -type f | sort | md5sum)" "$before"
[ -d "$T/usb2/$(devid "$T/d3b")" ] && notok "7: no folder of it at the top" || ok "7: no folder of it at the top"
expect_exit "7: event 2 still pulls its folder" 0 "$KSYNC" --data "$T/d2b" pull --from "$T/usb2"
lacks "7: without a word about event 3" "$ERR" "$(devid "$T/d3b")"
expect_exit "7: event 3's organizer pulls its door from the sub-folder" 0 "$KSYNC" --data "$T/o3" pull --from "$T/usb2"
equals "7: all of it" "$(rows_of "$T/o3" "$(devid "$T/d3b")")" "$(rows_of "$T/d3b" "$(devid "$T/d3b")")"
contains "7: and leaves event 2's devices alone, saying so" "$OUT" "left alone:"
expect_exit "7: a role of event 1 used by a device of event 3 is refused" 3 \
	"$KSYNC" --data "$T/d3b" push --to "$(dev_url "$T/d1b")"
contains "7: before writing" "$ERR" "nothing was pushed"
