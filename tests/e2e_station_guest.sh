#!/bin/bash
# e2e_station_guest.sh - a station serves a guest once, whatever registration
# they come with. Two doors offline from each other each register the same
# walk-in (one phone) and each lets that registration collect a gift bag;
# both push to a folder stick and the organizer pulls in both orders: the
# station counts the person once and flags the second bag (station_twice),
# in status, the report and after verify/rebuild; both visits stay in the
# journal. Once a store knows the registrations are one guest, another try
# under either is refused as a repeat ("already collected", exit 1), and so
# is a roster guest's ticket whose walk-in registration collected at a door
# that never saw the roster row. Only the current event counts.
source "$(dirname "$0")/lib.sh"
export KIOSK_QUIET=1

ORG=$T/org D1=$T/d1 D2=$T/d2
K() { "$KIOSK" --data "$@"; }
q() { sqlite3 "$1/kiosk.db" "$2"; }
BAG="Gift bag"
K "$ORG" init --event "মিটআপ" >/dev/null || { notok "init"; exit 1; }
cat >"$T/roster.csv" <<'CSV'
নাম,মোবাইল,কোড
ফারহানা আক্তার,01711223344,GF-1
Rahim Uddin,01812345678,GF-2
CSV
expect_exit "roster imported" 0 K "$ORG" attendees import "$T/roster.csv"
expect_exit "station added" 0 K "$ORG" station add "$BAG"
expect_exit "door 1 enrolled" 0 K "$ORG" device add "Door 1" --out "$T/d1.kbundle"
expect_exit "door 2 enrolled" 0 K "$ORG" device add "Door 2" --out "$T/d2.kbundle"
expect_exit "door 1 joins" 0 K "$D1" device join "$T/d1.kbundle"
expect_exit "door 2 joins" 0 K "$D2" device join "$T/d2.kbundle"
# A roster row added after the doors left: they cannot know its phone.
printf 'নাম,মোবাইল,কোড\nLate Guest,01911000111,GF-3\n' >"$T/late.csv"
expect_exit "late roster row on the organizer" 0 K "$ORG" attendees import "$T/late.csv"

# id DATA PHONE-DIGITS: the walk-in of this store's own device with a phone
# ending in those digits (by attendees list, which the store unlocks for).
id() { K "$1" attendees list | awk -F'\t' -v p="$2" '$1 ~ /^w-/ && $3 ~ p"$" {print $1; exit}'; }

# ---- the doors, offline from each other ---------------------------------
expect_exit "door 1: Karim walks in" 0 K "$D1" attendees add --name "Karim" --phone 01712345678 --door north
expect_exit "door 2: Karim again, the phone written another way" 0 \
	K "$D2" attendees add --name "করিম" --phone "+880 1712-345678" --door south
expect_exit "door 1: the late roster guest as a walk-in" 0 \
	K "$D1" attendees add --name "Late G." --phone 01911000111 --door north
expect_exit "door 2: Mita, a guest of her own" 0 K "$D2" attendees add --name "Mita" --phone 01812000002 --door south
expect_exit "door 1: Nila walks in" 0 K "$D1" attendees add --name "Nila" --phone 01555000777 --door north
expect_exit "door 2: Nila again" 0 K "$D2" attendees add --name "নীলা" --phone 01555000777 --door south
karim1=$(id "$D1" 2345678) karim2=$(id "$D2" 2345678) late_w=$(id "$D1" 1000111)
nila1=$(id "$D1" 5000777) nila2=$(id "$D2" 5000777)
[ -n "$karim1" ] && [ -n "$karim2" ] && [ -n "$late_w" ] && [ -n "$nila1" ] && [ -n "$nila2" ] ||
	notok "the walk-ins' ids" "$karim1 $karim2 $late_w $nila1 $nila2"

expect_exit "door 1: Karim collects (by his ID)" 0 K "$D1" checkin --station "$BAG" --attendee "$karim1"
equals "door 1: collected" "$OUT" "collected: Karim ($BAG)"
expect_exit "door 2: Karim collects again (by the phone: this door knows one Karim)" 0 \
	K "$D2" checkin --station "gift BAG" --attendee 01712345678
equals "door 2: collected" "$OUT" "collected: করিম ($BAG)"
expect_exit "door 1: the late guest's walk-in collects" 0 K "$D1" checkin --station "$BAG" --attendee "$late_w"
expect_exit "door 2: Mita collects" 0 K "$D2" checkin --station "$BAG" --attendee 01812000002
expect_exit "door 1: Rahim's ticket collects" 0 K "$D1" checkin --station "$BAG" GF-2
expect_exit "door 2: Rahim's ticket collects again (door 2 cannot know)" 0 K "$D2" checkin --station "$BAG" GF-2
expect_exit "the organizer's table: Rahim a third time" 0 K "$ORG" checkin --station "$BAG" GF-2
expect_exit "a door still refuses a registration's own repeat" 1 K "$D1" checkin --station "$BAG" --attendee "$karim1"
contains "the repeat says already collected" "$OUT" "already collected at "
expect_exit "--attendee is not for --exit" 4 K "$D1" checkin --exit --attendee "$karim1"
expect_exit "--attendee: nobody by that key" 3 K "$D1" checkin --station "$BAG" --attendee w-nobody-1
contains "--attendee: nobody, in one line" "$ERR" "no attendee 'w-nobody-1' in this event (nothing was recorded)"


# ---- the organizer: two fresh copies, pulled in both orders -------------
pull_both_orders "$ORG" "$D1" "$D2"

for s in x y; do
	S=$T/$s
	expect_exit "$s: status" 0 K "$S" status
	st=$OUT
	# Karim (two walk-ins), the late guest (her walk-in), Mita and Rahim
	# (one ticket at three tables): four people, seven visits, three of
	# them counted once with an earlier one.
	contains "$s: the station counts each guest once" "$st" "station[$BAG]: 4"
	contains "$s: status flags the visits beyond one per guest" "$st" "station_twice: 3"
	contains "$s: and per station" "$st" "station_twice[$BAG]: 3"
	lacks "$s: status prints no phone" "$st" "1712345678"
	equals "$s: every visit is kept in the journal" \
		"$(q "$S" "SELECT count(*) FROM journal WHERE kind = 'station'")" "7"
	equals "$s: and in the projection" "$(q "$S" "SELECT count(*) FROM station_visits")" "7"
	expect_exit "$s: verify (projections equal a rebuild)" 0 K "$S" verify
	expect_exit "$s: report" 0 K "$S" report --out "$T/rep-$s" --lang en --no-font
	contains "$s: report says so" "$OUT" "station visits of a guest served before: 3"
	sum=$(cat "$T/rep-$s/summary.csv")
	contains "$s: report: flagged in summary.csv" "$sum" "station_twice,3"
	html=$(cat "$T/rep-$s/index.html")
	contains "$s: report page: the station's guests, each once" "$html" \
		"<td>$BAG</td><td class=\"n\">4</td><td class=\"n\">3</td>"
	contains "$s: report page: the note" "$html" "Served again: a guest the station had served before"
	lacks "$s: report page: no phone in the station section" \
		"$(grep -o '<h2>Stations</h2>.*' "$T/rep-$s/index.html" | sed 's#</table>.*##')" "1712345678"
done
equals "both pull orders: the same status" "$(K "$T/x" status)" "$(K "$T/y" status)"
expect_exit "report in Bengali" 0 K "$T/x" report --out "$T/rep-bn" --no-font
contains "report page in Bengali: the column" "$(cat "$T/rep-bn/index.html")" "আবার পেয়েছেন"

# ---- a store that knows: another registration is a repeat ---------------
X=$T/x
rows=$(q "$X" "SELECT count(*) FROM station_visits")
expect_exit "x: Karim a third time, under door 2's registration" 1 \
	K "$X" checkin --station "$BAG" --attendee "$karim2"
contains "x: refused as already collected" "$OUT" "already collected at "
contains "x: naming the registration scanned" "$OUT" ": করিম"
expect_exit "x: Karim under door 1's registration" 1 K "$X" checkin --station "$BAG" --attendee "$karim1"
expect_exit "x: the late guest's roster ticket: the walk-in collected" 1 K "$X" checkin --station "$BAG" GF-3
equals "x: refused as a repeat, naming the ticket's guest" \
	"$(sed 's/ at [0-9][0-9]:[0-9][0-9]:/ at HH:MM:/' <<<"$OUT")" "already collected at HH:MM: Late Guest"
expect_exit "x: Nila collects under door 1's registration" 0 K "$X" checkin --station "$BAG" --attendee "$nila1"
expect_exit "x: Nila under door 2's registration is a repeat" 1 K "$X" checkin --station "$BAG" --attendee "$nila2"
equals "x: its four refusals journaled as repeats" \
	"$(q "$X" "SELECT count(*) FROM journal WHERE kind = 'checkin_rejected'
		AND device_id = (SELECT value FROM meta WHERE key = 'device_id')
		AND json_extract(body,'$.reason') = 'already_collected' AND json_extract(body,'$.station') = '$BAG'")" "4"
equals "x: only Nila's visit was added" "$(q "$X" "SELECT count(*) FROM station_visits")" "$((rows + 1))"
expect_exit "x: status" 0 K "$X" status
contains "x: Nila counted once" "$OUT" "station[$BAG]: 5"
contains "x: no new flag" "$OUT" "station_twice: 3"
before=$OUT
expect_exit "x: verify" 0 K "$X" verify
expect_exit "x: rebuild" 0 K "$X" rebuild
equals "x: the same status after rebuild" "$(K "$X" status)" "$before"
expect_exit "x: verify after rebuild" 0 K "$X" verify

# The doors pull the other way too. Door 2 pulls door 1 only (it knows
# Karim is one guest now, not the late roster row); door 1 pulls the
# organizer (who enrolled door 2 after door 1 left) and door 2, and then
# counts as the organizer's copy y does.
expect_exit "door 2 pulls door 1" 0 "$KSYNC" --data "$D2" pull --from "$T/a"
expect_exit "door 2: status" 0 K "$D2" status
contains "door 2: Karim once (Karim, the late walk-in, Mita, Rahim)" "$OUT" "station[$BAG]: 4"
contains "door 2: flagged (Karim's and Rahim's second bags)" "$OUT" "station_twice[$BAG]: 2"
expect_exit "the organizer pushes" 0 "$KSYNC" --data "$ORG" push --to "$T/o"
expect_exit "door 1 pulls the organizer" 0 "$KSYNC" --data "$D1" pull --from "$T/o"
expect_exit "door 1 pulls door 2" 0 "$KSYNC" --data "$D1" pull --from "$T/b"
equals "door 1 counts the station as the organizer's y does" "$(K "$D1" status | grep '^station')" \
	"$(K "$T/y" status | grep '^station')"
expect_exit "door 1: Karim under door 2's registration is a repeat" 1 \
	K "$D1" checkin --station "$BAG" --attendee "$karim2"
expect_exit "door 1: the late guest's ticket is a repeat" 1 K "$D1" checkin --station "$BAG" GF-3
expect_exit "door 1: verify" 0 K "$D1" verify
expect_exit "door 2: Karim's own registration again is a repeat" 1 \
	K "$D2" checkin --station "$BAG" --attendee "$karim2"
expect_exit "door 2: Nila collects under door 1's registration" 0 \
	K "$D2" checkin --station "$BAG" --attendee "$nila1"
expect_exit "door 2: Nila under its own registration is a repeat" 1 \
	K "$D2" checkin --station "$BAG" --attendee "$nila2"
expect_exit "door 2: verify" 0 K "$D2" verify

# ---- only the current event counts ---------------------------------------
expect_exit "x: init --new" 0 K "$X" init --new --event "ডিসেম্বরের মিটআপ"
expect_exit "x: status of the new event" 0 K "$X" status
contains "new event: the station served nobody yet" "$OUT" "station[$BAG]: 0"
lacks "new event: last meetup's second bags are not this one's" "$OUT" "station_twice"
expect_exit "new event: verify" 0 K "$X" verify
