#!/bin/bash
# e2e_door_scale.sh - the door on a big roster (issue 15), in a real SDL
# window under Xvfb: search by a part of a name and by a phone's last digits
# through the indexes, check-ins from search and by scan, a walk-in and an
# undo; the counts (the door_counts projection) equal a recount of the tables
# after each, after `kiosk rebuild`, and after the migration that adds them to
# a store written by the kiosk before; verify catches a count changed by hand.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

GUESTS=${DOOR_SCALE_GUESTS:-10000}
FILL="$ROOT/$BUILD/tests/bench_door_fill"
if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3); then
	notok "door scale e2e needs $tool (make deps)"
	exit 0
fi
[ -x "$FILL" ] || { notok "door scale e2e needs $FILL (make all)"; exit 0; }
xvfb_start 1280x720 "$T/xvfb.log"

"$KIOSK" init --event "Scale" --pin 1234 >/dev/null 2>&1 || notok "init"
check "a roster of $GUESTS guests" sh -c "'$FILL' '$DATA' $GUESTS >/dev/null"
cat >"$T/guests.csv" <<'CSV'
name,phone,code
Zubaida Khatun,01799887766,Z-1
জোবায়দা খাতুন,01899887755,Z-2
CSV
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
# The counts as the door reads them, and as a recount of the tables says.
counts() { q "select checked_in || ',' || expected || ',' || walkins from door_counts where door = ''"; }
recount() {
	q "select (select count(distinct attendee_id) from active_checkins) || ',' ||
		(select count(*) from attendees where id not in (select attendee_id from revocations)) || ',' ||
		(select count(*) from attendees where walkin = 1)"
}
equals "counts of the fresh roster" "$(counts)" "0,$((GUESTS + 2)),0"

TRACE="$T/trace"
PID=""
: >"$TRACE"
KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 --camera none >"$T/kiosk.out" 2>"$T/kiosk.err" &
PID=$!
on_exit "kill $PID 2>/dev/null"
wait_trace "first_frame" 1 || { notok "kiosk shows its first frame" "$(cat "$T/kiosk.err")"; exit 0; }
xdotool mousemove 640 360
# Back to the ready screen whatever is up, so one failed step does not take
# the steps after it down too.
back_to_ready() {
	case "$(screen_is)" in
	ready) return 0 ;;
	verdict) open_screen ready 6 ;;
	*) open_screen ready 1 ;;
	esac
}
last_checkin() { q "select a.code from checkins c join attendees a on a.id = c.attendee_id order by c.rowid desc limit 1"; }

# A part of the name (three letters or more: the trigram index), any case.
check "search opens" open_screen search 2
# Each key searches again: the answer is read once the frames stop coming
# (half a second without a new one; the search scans the decrypted roster
# until the door's in-memory index, issue 15, replaces it, and frames of the
# keys typed meanwhile are skipped).
settle() {
	local last=-1 still=0 now
	for _ in $(seq 100); do
		now=$(count results_frame)
		if [ "$now" = "$last" ] && target 100 | grep -q .; then still=$((still + 1)); else still=0; fi
		[ "$still" -ge 10 ] && return 0
		last=$now
		sleep 0.05
	done
	return 1
}
xdotool type --delay 30 "aida kha"
check "search by a part of the name gives a results frame" settle
check "the one guest found is checked in from the result" tap 100
check "verdict after the check-in from search" wait_trace "verdict_frame ok" 1
equals "search check-in journaled for the right guest" "$(last_checkin)" "Z-1"
equals "counts after a check-in from search" "$(counts)" "$(recount)"
back_to_ready

# The last digits of a phone (the reversed-phone index; Bengali digits are
# tested in test_doorq: xdotool types them unreliably on a loaded machine).
check "search opens" open_screen search 2
xdotool type --delay 30 "9887755"
settle
equals "one guest has a phone ending in those digits" "$(grep results_frame "$TRACE" | tail -1 | awk '{print $3}')" "1"
check "the guest found by phone is checked in" tap 100
check "verdict after the phone search" wait_trace "verdict_frame ok" 2
equals "phone search check-in journaled for the right guest" "$(last_checkin)" "Z-2"
back_to_ready

# A scanned code from the big roster, then the same code again: already in.
xdotool type --delay 4 "BENCH-17"; xdotool key Return
check "a roster code scanned" wait_trace "verdict_frame ok" 3
equals "counts after a scan" "$(counts)" "$(recount)"
equals "three guests in" "$(counts | cut -d, -f1)" "3"
back_to_ready

# A walk-in.
check "walk-in opens" open_screen walkin 3
xdotool type --delay 10 "Mita Das"
tap 8
xdotool type --delay 10 "01712345670"
xdotool key Return
check "walk-in verdict" wait_trace "verdict_frame ok" 4
equals "counts after a walk-in" "$(counts)" "$(recount)"
equals "the walk-in is counted in, expected and as a walk-in" "$(counts)" "4,$((GUESTS + 3)),1"
back_to_ready

# Undo the latest check-in from the organizer menu.
xdotool key Escape
wait_screen pin
xdotool type --delay 10 "1234"
xdotool key Return
check "menu opens" wait_screen menu
tap 200 && sleep 0.2   # undo asks why (issue 16): "wrong person", then confirm
tap 300 && sleep 0.2
tap 15
for _ in $(seq 40); do [ "$(q "select count(*) from checkin_undos")" = 1 ] && break; sleep 0.05; done
equals "undo journaled" "$(q "select count(*) from checkin_undos")" "1"
equals "counts after an undo" "$(counts)" "$(recount)"
equals "one guest fewer in" "$(counts | cut -d, -f1)" "3"
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null

# The counts are a projection: a rebuild gives them again, verify compares.
before=$(q "select * from door_counts order by door")
expect_exit "verify passes after the door's writes" 0 "$KIOSK" verify
expect_exit "rebuild" 0 "$KIOSK" rebuild
equals "rebuild gives the same counts, event and per door" "$(q "select * from door_counts order by door")" "$before"
q "update door_counts set checked_in = checked_in + 1 where door = ''"
expect_exit "verify finds a count changed behind the journal's back" 1 "$KIOSK" verify
contains "and names the table" "$OUT$ERR" "door_counts"
expect_exit "rebuild repairs it" 0 "$KIOSK" rebuild
equals "counts right again" "$(counts)" "$(recount)"

# A store written before the counts and indexes existed (schema 2; so also
# before issue 17's payments, parcels and delivery charges of schema 4, and
# before issue 14 sealed the names and the shop's personal fields) gets them from its own tables when it is
# opened. Such a store's journal has its names in clear: it is made by the
# fill's --clear and check-ins, then its tables are taken back to schema 2.
OLD="$T/old"
KIOSK_DATA="$OLD" "$KIOSK" init --event "Old" --pin 1234 >/dev/null 2>&1 || notok "init the old store"
check "an old roster of $GUESTS guests" sh -c "'$FILL' --clear '$OLD' $GUESTS >/dev/null"
for c in BENCH-3 BENCH-17 BENCH-40; do KIOSK_DATA="$OLD" "$KIOSK" checkin "$c" >/dev/null || notok "old check-in $c"; done
KIOSK_DATA="$OLD" "$KIOSK" checkin --door "gate 2" BENCH-41 >/dev/null || notok "old check-in at gate 2"
DB="$OLD/kiosk.db"
before=$(q "select * from door_counts order by door")
equals "the old store's counts" "$(counts)" "4,$GUESTS,0"
q "drop view guest_counts; drop view guest_shares; drop view walkin_duplicates;
   drop view guest_members; drop table guest_aliases;
   drop index orders_phone_bi; alter table orders drop column pii; alter table orders drop column phone_bi;
   alter table orders add column name TEXT NOT NULL DEFAULT ''; alter table orders add column phone TEXT NOT NULL DEFAULT '';
   alter table orders add column address TEXT NOT NULL DEFAULT ''; create index orders_phone on orders(phone, at_ms);
   alter table feedback drop column pii; alter table feedback drop column phone_bi;
   alter table feedback add column comment TEXT; alter table feedback add column phone TEXT;
   drop table door_counts; drop index attendees_phone_bi; drop index attendees_clear_phone;
   drop index attendees_walkin_group;
   alter table attendees add column name TEXT NOT NULL DEFAULT '';
   alter table attendees add column phone TEXT; alter table attendees add column email TEXT;
   update attendees set name = json_extract(pii,'\$.name'), phone = json_extract(pii,'\$.phone'),
     email = json_extract(pii,'\$.email');
   alter table attendees drop column pii; alter table attendees drop column phone_bi;
   create index attendees_phone on attendees(phone); create index attendees_name on attendees(event_id, name);
   drop index checkins_at;
   drop view if exists double_entries; drop view repeat_entries; drop view inside; drop view movements; drop table exits;
   drop table stations; drop table station_visits;
   alter table doors drop column mode; alter table doors drop column self_service;
   drop view payments_first; drop table payments; drop index orders_trx;
   alter table orders drop column delivery_poisha; alter table catalog_entries drop column category;
   drop table delivery_charge_entries; drop view seller_pay; drop table seller_pay_entries;
   drop view delivery_latest; drop table delivery_entries;
   pragma user_version = 2"
equals "taken back to schema 2 with its names in clear" "$(q "select count(*) from attendees where name like '% %'")" "$GUESTS"
expect_exit "an older store opens and verifies" 0 env KIOSK_DATA="$OLD" "$KIOSK" verify
equals "its counts are filled from its tables" "$(counts)" "$(recount)"
equals "per-door counts as a rebuild makes them" "$(q "select * from door_counts order by door")" "$before"
equals "its names moved into pii" "$(q "select count(*) from attendees where json_extract(pii,'\$.name') is not null")" "$GUESTS"
equals "and no clear column is left" "$(q "select count(*) from pragma_table_info('attendees') where name in ('name','phone','email')")" "0"
name17=$(KIOSK_DATA="$OLD" "$KIOSK" attendees list | awk -F'\t' '$1 == 17 {print $2}')
expect_exit "the old names are found by the door's search" 0 env KIOSK_DATA="$OLD" "$KIOSK" attendees list --search "$name17"
contains "guest 17 among them" "$OUT" "$name17"
