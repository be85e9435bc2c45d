#!/bin/bash
# e2e_events.sh - a store that holds an earlier event (init --new, the way a
# seller runs a meetup every month): the door's figures (status, the door's
# menu: both read door_counts) are the current event's only, on the
# organizer's machine, on a door joined for the new event (whose join brings
# the earlier event's entries too), after a rebuild (verify), and in a store
# counted before this rule (the migration); and each meetup's report counts
# its own guests' exits and who is inside at a door both meetups used.
# Real stores and a real folder stick.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"

ORG=$T/org D1=$T/d1 D2=$T/d2
K() { "$KIOSK" --data "$1" "${@:2}"; }
q() { sqlite3 "$ORG/kiosk.db" "$1"; }
# status_of DIR KEY: the value of "KEY: value" in DIR's status
status_of() { K "$1" status | sed -n "s/^$2: //p"; }

printf 'name,phone,code\nরাশেদ করিম,01711000001,GF-1\nনুসরাত জাহান,01711000002,GF-2\nRahim Uddin,01711000003,GF-3\n' \
	>"$T/one.csv"
printf 'name,phone,code\nসাকিব হাসান,01811000001,TW-1\nমিতু আক্তার,01811000002,TW-2\n' >"$T/two.csv"

# The first meetup: a door checks two guests in while offline.
K "$ORG" init --event "নভেম্বরের মিটআপ" --pin 1234 >/dev/null || notok "init one"
K "$ORG" attendees import "$T/one.csv" >/dev/null || notok "import one"
K "$ORG" station add "উপহার ব্যাগ" >/dev/null
K "$ORG" device add "Door 1" --out "$T/d1.kbundle" >/dev/null
K "$D1" device join "$T/d1.kbundle" >/dev/null || notok "join d1"
K "$D1" checkin GF-1 >/dev/null
K "$D1" checkin GF-2 >/dev/null
K "$D1" checkin --exit GF-2 >/dev/null
K "$ORG" checkin GF-3 >/dev/null
K "$ORG" checkin --station "উপহার ব্যাগ" GF-3 >/dev/null
# One walk-in registered at both, offline from each other: one guest.
K "$D1" attendees add --name "করিম" --phone 01911000009 >/dev/null
K "$ORG" attendees add --name "করিম" --phone +8801911000009 >/dev/null
KIOSK_QUIET=1 "$KSYNC" --data "$D1" push --to "$T/usb" >/dev/null 2>&1 || notok "push d1"
KIOSK_QUIET=1 "$KSYNC" --data "$ORG" pull --from "$T/usb" >/dev/null 2>&1 || notok "pull org"
st=$(K "$ORG" status)
for kv in "expected: 4" "admitted: 4" "inside: 3" "exits: 1" "walkins: 1" "walkin_duplicates: 1" \
	"admitted[door 1]: 4" "station[উপহার ব্যাগ]: 1"; do
	contains "first meetup: $kv" "$st" "$kv"
done

# The second meetup in the same store.
expect_exit "init --new" 0 K "$ORG" init --new --event "ডিসেম্বরের মিটআপ" --pin 1234
st=$(K "$ORG" status)
for kv in "expected: 0" "admitted: 0" "inside: 0" "exits: 0" "walkins: 0" "admitted[door 1]: 0" \
	"station[উপহার ব্যাগ]: 0"; do
	contains "new event: $kv (the first meetup's figures are not its own)" "$st" "$kv"
done
case "$st" in *walkin_duplicates*) notok "new event: the first meetup's walk-in twice is not flagged" "$st" ;;
*) ok "new event: the first meetup's walk-in twice is not flagged" ;; esac
K "$ORG" attendees import "$T/two.csv" >/dev/null || notok "import two"
K "$ORG" checkin TW-1 >/dev/null
equals "new event: expected is its roster" "$(status_of "$ORG" expected)" "2"
equals "new event: admitted" "$(status_of "$ORG" admitted)" "1"
equals "new event: inside" "$(status_of "$ORG" inside)" "1"

st=$(K "$ORG" status)
expect_exit "new event: projections equal a rebuild" 0 K "$ORG" verify

# A door joined for the new meetup counts its roster only.
K "$ORG" device add "Door 2" --out "$T/d2.kbundle" >/dev/null
K "$D2" device join "$T/d2.kbundle" >/dev/null || notok "join d2"
equals "new door: expected is the new roster" "$(status_of "$D2" expected)" "2"
equals "new door: admitted" "$(status_of "$D2" admitted)" "1"
expect_exit "new door: a guest of the new meetup" 0 K "$D2" checkin TW-2
equals "new door: admitted after its check-in" "$(status_of "$D2" admitted)" "2"
expect_exit "new door: verify" 0 K "$D2" verify

# A store counted before this rule: its door_counts held both events'. (Made
# by hand: the old binary is not at hand in a test; the migration is what
# runs on the user's store.)
v=$(q "pragma user_version")
q "update door_counts set expected = expected + 3, checked_in = checked_in + 3 where door = ''; pragma user_version = $((v - 1))"
equals "old store: the migration counts the current event again" "$(status_of "$ORG" expected)" "2"
equals "old store: admitted again" "$(status_of "$ORG" admitted)" "1"
equals "old store: migrated to the current version" "$(q "pragma user_version")" "$v"
expect_exit "old store: verify" 0 K "$ORG" verify

# ==== One stick, many events ==========================================================
# The stick of the first meetup is used again for the second. Its top holds
# the first event (as every kiosk wrote it); the second event gets its own
# sub-folder event.<id>; a door of the first meetup that never synced before
# `init --new` still brings its entries into the organizer's history, from
# either place, and counts for its own event only.
KS() { KIOSK_QUIET=1 "$KSYNC" --data "$1" "${@:2}"; }
evid() { sqlite3 "$1/kiosk.db" "SELECT value FROM meta WHERE key='event_id'"; }
rows_of() { sqlite3 "$1/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$2'"; }
EV1=$(sqlite3 "$D1/kiosk.db" "SELECT value FROM meta WHERE key='event_id'") EV2=$(evid "$ORG")
ID1=$(devid "$D1") IDO=$(devid "$ORG") ID2=$(devid "$D2")
[ -n "$EV1" ] && [ "$EV1" != "$EV2" ] && ok "two events: $EV1, $EV2" || notok "two events" "$EV1 $EV2"
top_before=$(find "$T/usb" -maxdepth 2 -type f | sort | xargs md5sum)

expect_exit "stick: the new event's organizer pushes to the first event's stick" 0 KS "$ORG" push --to "$T/usb"
contains "stick: into its own sub-folder, and says so" "$OUT" "to this event's folder $T/usb/event.$EV2"
[ -f "$T/usb/event.$EV2/$IDO/000000000001-$(printf %012d "$(rows_of "$ORG" "$IDO")").kseg" ] &&
	ok "stick: the organizer's whole history is in event.$EV2" || notok "stick: event.$EV2 holds the organizer" "$(find "$T/usb")"
equals "stick: the first event's files are as they were" "$(find "$T/usb" -maxdepth 2 -type f | sort | xargs md5sum)" "$top_before"
expect_exit "stick: a door of the new event pushes" 0 KS "$D2" push --to "$T/usb"
contains "stick: to the new event's folder" "$OUT" "event.$EV2"
[ -d "$T/usb/event.$EV2/$ID2" ] && [ ! -e "$T/usb/$ID2" ] && ok "stick: door 2 is in event.$EV2 only" || notok "stick: door 2's folder" "$(find "$T/usb")"
expect_exit "stick: again: nothing to push, naming the folder" 0 KS "$D2" push --to "$T/usb"
contains "stick: nothing to push from event.$EV2" "$OUT" "nothing to push: $T/usb/event.$EV2 already holds"

# The first meetup's door comes back late: a guest's exit, made offline.
held1=$(rows_of "$ORG" "$ID1")
K "$D1" checkin --exit GF-1 >/dev/null || notok "late door: an exit"
expect_exit "late door: pushes to the top of the stick (its event's place)" 0 KS "$D1" push --to "$T/usb"
lacks "late door: not into a sub-folder" "$OUT" "event."
expect_exit "stick: the organizer pulls, every device taken" 0 KS "$ORG" pull --from "$T/usb"
lacks "stick: nothing refused" "$ERR" "refused"
equals "late door: its exit reached the organizer" "$(rows_of "$ORG" "$ID1")" "$((held1 + 1))"
equals "late door: the organizer holds all it has" "$(rows_of "$ORG" "$ID1")" "$(rows_of "$D1" "$ID1")"
st=$(K "$ORG" status)
for kv in "expected: 2" "admitted: 2" "inside: 2" "exits: 0"; do
	contains "late door: the new event's figures are its own: $kv" "$st" "$kv"
done
expect_exit "late door: projections equal a rebuild" 0 K "$ORG" verify
equals "late door: the first event counts it" \
	"$(q "SELECT count(*) FROM exits x JOIN attendees a ON a.id = x.attendee_id WHERE a.event_id = '$EV1'")" "2"
expect_exit "stick: the new event's door pulls" 0 KS "$D2" pull --from "$T/usb"
lacks "stick: door 2 refuses nothing" "$ERR" "refused"
equals "stick: door 2 holds the organizer's history" "$(rows_of "$D2" "$IDO")" "$(rows_of "$ORG" "$IDO")"
expect_exit "stick: the late door pulls too" 0 KS "$D1" pull --from "$T/usb"
lacks "stick: the late door refuses nothing" "$ERR" "refused"

# A stick whose top the new event took first: the late door gets a sub-folder,
# and the organizer reads it (an event it held).
KS "$ORG" push --to "$T/usb2" >/dev/null || notok "stick 2: the organizer pushes"
held1=$(rows_of "$ORG" "$ID1")
K "$D1" checkin GF-2 >/dev/null || notok "late door: a guest comes back in"
expect_exit "stick 2: the late door pushes" 0 KS "$D1" push --to "$T/usb2"
contains "stick 2: into the first event's sub-folder" "$OUT" "to this event's folder $T/usb2/event.$EV1"
expect_exit "stick 2: the organizer pulls" 0 KS "$ORG" pull --from "$T/usb2"
lacks "stick 2: nothing refused" "$ERR" "refused"
equals "stick 2: the late door's entry arrived from event.$EV1" "$(rows_of "$ORG" "$ID1")" "$((held1 + 1))"
equals "stick 2: all of it" "$(rows_of "$ORG" "$ID1")" "$(rows_of "$D1" "$ID1")"
expect_exit "stick 2: verify" 0 K "$ORG" verify

# A stick made to send the journal elsewhere: the event's sub-folder, or the
# device's folder, is a symbolic link. Refused, nothing written there.
mkdir -p "$T/usb3" "$T/elsewhere" "$T/elsewhere2"
KS "$D1" push --to "$T/usb3" >/dev/null || notok "stick 3: the first event's door pushes"
ln -s "$T/elsewhere" "$T/usb3/event.$EV2"
expect_exit "stick 3: a push into a sub-folder that is a symbolic link is refused" 3 KS "$ORG" push --to "$T/usb3"
contains "stick 3: saying so" "$ERR" "is a symbolic link, not a folder; nothing was pushed"
equals "stick 3: nothing written where it points" "$(find "$T/elsewhere" | wc -l)" "1"
mkdir -p "$T/usb4" && ln -s "$T/elsewhere2" "$T/usb4/$IDO"
expect_exit "stick 4: a device folder that is a symbolic link is refused" 3 KS "$ORG" push --to "$T/usb4"
contains "stick 4: saying so" "$ERR" "is a symbolic link, not a folder; nothing was pushed"
equals "stick 4: nothing written where it points" "$(find "$T/elsewhere2" | wc -l)" "1"

# Another organizer's meetup on the same stick: its own folder, and neither
# side takes, refuses or warns about the other's devices.
X=$T/other
K "$X" init --event "অন্য মিটআপ" --pin 1234 >/dev/null || notok "other: init"
K "$X" device add "Gate" --out "$T/x.kbundle" >/dev/null || notok "other: device add"
expect_exit "other: pushes to the shared stick" 0 KS "$X" push --to "$T/usb"
contains "other: into its own sub-folder" "$OUT" "event.$(evid "$X")"
before=$(rows_of "$ORG" "$(devid "$X")")
expect_exit "other: the organizer's pull still exits 0" 0 KS "$ORG" pull --from "$T/usb"
lacks "other: and refuses nothing" "$ERR" "refused"
equals "other: nothing of it taken" "$(rows_of "$ORG" "$(devid "$X")")" "$before"
expect_exit "other: its own pull exits 0" 0 KS "$X" pull --from "$T/usb"
contains "other: leaving the meetups' devices alone, and saying so" "$OUT" "left alone: 1 device folder(s) of other events"
lacks "other: refusing none" "$ERR" "refused"
equals "other: nothing of theirs taken" "$(rows_of "$X" "$ID1")" "0"

# ==== The report of each meetup counts its own guests at a door ======================
# Both meetups use a door named "Gate": the first one's guest who never
# scanned out, and its exit, are not the second one's (the report's doors
# table counted every event's).
R=$T/rep
K "$R" init --event "Meetup one" --pin 1234 >/dev/null || notok "report: init one"
K "$R" attendees import "$T/one.csv" >/dev/null || notok "report: import one"
K "$R" checkin --door Gate GF-1 >/dev/null && K "$R" checkin --door Gate GF-2 >/dev/null &&
	K "$R" checkin --exit --door Gate GF-2 >/dev/null || notok "report: the first meetup's door"
K "$R" init --new --event "Meetup two" --pin 1234 >/dev/null || notok "report: init two"
K "$R" attendees import "$T/two.csv" >/dev/null || notok "report: import two"
K "$R" checkin --door Gate TW-1 >/dev/null || notok "report: the second meetup's door"
# door_row DIR: the Gate row of the page's doors table: arrivals,scans,exits,inside
door_row() {
	sed 's/<tr>/\n<tr>/g' "$1/index.html" | grep -m1 '^<tr><td>Gate</td>' |
		grep -o '<td class="n">[^<]*' | sed 's/.*>//' | paste -sd,
}
expect_exit "report: the second meetup" 0 K "$R" report --lang en --out "$T/rep2"
equals "report: its door counts its own guest in, and no exit" "$(door_row "$T/rep2")" "1,1,0,1"
expect_exit "report: the first meetup" 0 K "$R" report --lang en \
	--event "$(sqlite3 "$R/kiosk.db" "select event_id from attendees where code='GF-1'")" --out "$T/rep1"
equals "report: its door counts its guest inside and its exit" "$(door_row "$T/rep1")" "2,2,1,1"

# ==== Each meetup's report counts its own orders =====================================
# Two meetups without a time window, the second made soon after the first
# one's order (a seller starts next month's event the evening after): the
# order belonged to the second by time alone (its start is nearer), so the
# second meetup's report counted it. The order names its event now.
S=$T/shop
printf 'seller,product,price,stock\nRina,Mug,100,10\n' >"$T/mug.csv"
K "$S" init --event "Shop one" --pin 1234 >/dev/null && K "$S" catalog import "$T/mug.csv" >/dev/null ||
	notok "orders: the first meetup"
sleep 1.2
buy() { K "$S" orders add --item Mug="$1" --name Guest --phone "$2" --district Dhaka --address "House 1" --pay cash >/dev/null; }
buy 2 01711000001 || notok "orders: the first meetup's order"
K "$S" init --new --event "Shop two" --pin 1234 >/dev/null || notok "orders: init --new"
buy 1 01711000002 || notok "orders: the second meetup's order"
expect_exit "orders: the second meetup's report" 0 K "$S" report --lang en --out "$T/shop2"
equals "orders: the second meetup's report counts its one order" \
	"$(tail -n +2 "$T/shop2/orders_sellers.csv" | cut -d, -f1-4)" "Rina,1,1,100"
expect_exit "orders: the first meetup's report" 0 K "$S" report --lang en \
	--event "$(sqlite3 "$S/kiosk.db" "select id from events order by at_ms limit 1")" --out "$T/shop1"
equals "orders: the first meetup's report counts its own" \
	"$(tail -n +2 "$T/shop1/orders_sellers.csv" | cut -d, -f1-4)" "Rina,1,2,200"
expect_exit "orders: verify" 0 K "$S" verify

# ==== The same over PostgreSQL ========================================================
# One database holds both meetups; the organizer's pull brings the late door
# of the earlier one (an event its store holds), a door's role still sees its
# own event only.
pg_start || { notok "PostgreSQL starts"; exit 1; }
ADMIN=$(pg_url)
PO=$T/pgorg P1=$T/pg1 P2=$T/pg2
K "$PO" init --event "নভেম্বর" --pin 1234 >/dev/null && K "$PO" attendees import "$T/one.csv" >/dev/null &&
	K "$PO" device add "Door 1" --out "$T/p1.kbundle" >/dev/null && K "$P1" device join "$T/p1.kbundle" >/dev/null ||
	notok "pg: the first meetup"
KS "$PO" pg-setup --to "$ADMIN" >/dev/null && KS "$PO" pg-enrol "$(devid "$P1")" --to "$ADMIN" >/dev/null || notok "pg: setup"
K "$P1" checkin GF-1 >/dev/null
KS "$P1" push --to "$(dev_url "$P1")" >/dev/null && KS "$PO" push --to "$ADMIN" >/dev/null &&
	KS "$PO" pull --from "$ADMIN" >/dev/null || notok "pg: the first meetup syncs"
expect_exit "pg: init --new" 0 K "$PO" init --new --event "ডিসেম্বর" --pin 1234
K "$P1" checkin GF-2 >/dev/null || notok "pg: the late door checks a guest in"
expect_exit "pg: the late door pushes to its event's rows" 0 KS "$P1" push --to "$(dev_url "$P1")"
K "$PO" attendees import "$T/two.csv" >/dev/null && K "$PO" device add "Door 2" --out "$T/p2.kbundle" >/dev/null &&
	K "$P2" device join "$T/p2.kbundle" >/dev/null && KS "$PO" pg-enrol "$(devid "$P2")" --to "$ADMIN" >/dev/null ||
	notok "pg: the second meetup's door"
K "$P2" checkin TW-1 >/dev/null
expect_exit "pg: the new door pushes" 0 KS "$P2" push --to "$(dev_url "$P2")"
expect_exit "pg: the organizer pushes the new event" 0 KS "$PO" push --to "$ADMIN"
expect_exit "pg: the organizer pulls" 0 KS "$PO" pull --from "$ADMIN"
lacks "pg: nothing refused" "$ERR" "refused"
equals "pg: the late door's check-in arrived" "$(rows_of "$PO" "$(devid "$P1")")" "$(rows_of "$P1" "$(devid "$P1")")"
equals "pg: and the new door's" "$(rows_of "$PO" "$(devid "$P2")")" "1"
st=$(K "$PO" status)
for kv in "expected: 2" "admitted: 1" "inside: 1"; do
	contains "pg: the new event's figures are its own: $kv" "$st" "$kv"
done
expect_exit "pg: projections equal a rebuild" 0 K "$PO" verify
before=$(rows_of "$P2" "$(devid "$P1")") # what its join brought
expect_exit "pg: the new door pulls with its role" 0 KS "$P2" pull --from "$(dev_url "$P2")"
lacks "pg: refusing nothing" "$ERR" "refused"
equals "pg: its role sees its own event only (row-level security)" "$(rows_of "$P2" "$(devid "$P1")")" "$before"

# The organizer's own role (pg-enrol --kind organizer), not the owner's: it
# was bound to the first event, so the organizer could push no later one.
# Enrolled again after init --new, it spans both; doors' roles stay one event.
PO2=$T/pgorg2 Q1=$T/q1 Q2=$T/q2
K "$PO2" init --event "জানুয়ারি" --pin 1234 >/dev/null && K "$PO2" attendees import "$T/one.csv" >/dev/null &&
	K "$PO2" device add "Door 1" --out "$T/q1.kbundle" >/dev/null && K "$Q1" device join "$T/q1.kbundle" >/dev/null ||
	notok "org role: the first meetup"
KS "$PO2" pg-enrol "$(devid "$PO2")" --kind organizer --to "$ADMIN" >/dev/null &&
	KS "$PO2" pg-enrol "$(devid "$Q1")" --to "$ADMIN" >/dev/null || notok "org role: roles"
K "$Q1" checkin GF-1 >/dev/null
KS "$Q1" push --to "$(dev_url "$Q1")" >/dev/null || notok "org role: the door pushes"
expect_exit "org role: pushes the first meetup" 0 KS "$PO2" push --to "$(dev_url "$PO2")"
expect_exit "org role: pulls it" 0 KS "$PO2" pull --from "$(dev_url "$PO2")"
equals "org role: the door's check-in arrived" "$(rows_of "$PO2" "$(devid "$Q1")")" "1"
K "$PO2" init --new --event "ফেব্রুয়ারি" --pin 1234 >/dev/null || notok "org role: init --new"
EVQ2=$(evid "$PO2")
expect_exit "org role: before it is enrolled for the new event, its push is refused" 3 KS "$PO2" push --to "$(dev_url "$PO2")"
contains "org role: saying which event it has" "$ERR" "not this store's event '$EVQ2'"
expect_exit "org role: enrolled for the new event too" 0 KS "$PO2" pg-enrol "$(devid "$PO2")" --kind organizer --to "$ADMIN"
contains "org role: of the new event" "$OUT" "organizer of event $EVQ2"
equals "org role: one role, both events" \
	"$(pg_q "SELECT count(*) FROM kiosk_devices WHERE role = 'kiosk_$(devid "$PO2")'")" "2"
K "$Q1" checkin GF-2 >/dev/null
KS "$Q1" push --to "$(dev_url "$Q1")" >/dev/null || notok "org role: the late door pushes"
K "$PO2" attendees import "$T/two.csv" >/dev/null && K "$PO2" device add "Door 2" --out "$T/q2.kbundle" >/dev/null &&
	K "$Q2" device join "$T/q2.kbundle" >/dev/null && KS "$PO2" pg-enrol "$(devid "$Q2")" --to "$ADMIN" >/dev/null ||
	notok "org role: the new door"
K "$Q2" checkin TW-1 >/dev/null
KS "$Q2" push --to "$(dev_url "$Q2")" >/dev/null || notok "org role: the new door pushes"
expect_exit "org role: pushes the new meetup" 0 KS "$PO2" push --to "$(dev_url "$PO2")"
expect_exit "org role: pulls" 0 KS "$PO2" pull --from "$(dev_url "$PO2")"
lacks "org role: nothing refused" "$ERR" "refused"
equals "org role: the late door's check-in arrived" "$(rows_of "$PO2" "$(devid "$Q1")")" "$(rows_of "$Q1" "$(devid "$Q1")")"
equals "org role: the new door's too" "$(rows_of "$PO2" "$(devid "$Q2")")" "1"
expect_exit "org role: verify" 0 K "$PO2" verify
expect_exit "org role: a door's role is never put in a second event" 3 \
	KS "$PO2" pg-enrol "$(devid "$Q1")" --event "$EVQ2" --to "$ADMIN"
expect_exit "org role: the first meetup's door pulls" 0 KS "$Q1" pull --from "$(dev_url "$Q1")"
equals "org role: and sees nothing of the new meetup's door" "$(rows_of "$Q1" "$(devid "$Q2")")" "0"
before=$(rows_of "$Q2" "$(devid "$Q1")")
expect_exit "org role: the new door pulls" 0 KS "$Q2" pull --from "$(dev_url "$Q2")"
equals "org role: and gets nothing of the first meetup's door" "$(rows_of "$Q2" "$(devid "$Q1")")" "$before"
