#!/bin/bash
# e2e_station_search.sh - a station serves a guest who has no ticket to show
# (a walk-in registered at the door, a guest whose phone died) from its own
# search, in a real SDL window under Xvfb: the station's ready screen offers
# the search, the walk-in found by the last digits of the phone collects
# once (a station visit journaled under that registration, a green station
# verdict), and the search then marks who has theirs ("Collected", no
# button), the walk-in and a roster guest who collected by scanning alike.
# The ticketless way at the command line is `checkin --attendee`
# (e2e_station_guest); this is the same at the station's screen.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"
export KIOSK_QUIET=1

BAG="উপহার ব্যাগ"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
printf 'নাম,মোবাইল,কোড\nফারহানা আক্তার,01711223344,GF-1\nRahim Uddin,01812345678,GF-2\n' >"$T/roster.csv"
"$KIOSK" init --event "মিটআপ" --pin 1234 >/dev/null || { notok "init"; exit 0; }
expect_exit "roster imported" 0 "$KIOSK" attendees import "$T/roster.csv"
expect_exit "station added" 0 "$KIOSK" station add "$BAG"
expect_exit "a walk-in registered at the door" 0 "$KIOSK" attendees add --name "করিম" --phone 01912005566 --door north
expect_exit "a roster guest collects by scanning" 0 "$KIOSK" checkin --station "$BAG" GF-1
walkin=$(q "select id from attendees where id like 'w-%'")
[ -n "$walkin" ] || notok "the walk-in's id"

if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3); then
	notok "station search window test needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"
TRACE="$T/trace"
door_window --station "$BAG"
xdotool mousemove 640 360
check "the station's ready screen offers the search" open_screen search 2
check "the search shows no walk-in form's button" test -z "$(target 3)"
xdotool type --delay 30 "5566"
check "the walk-in is found by the phone's last digits" wait_trace "results_frame 1" 1
for _ in $(seq 100); do [ -n "$(target 100)" ] && break; sleep 0.05; done
check "the walk-in's row has a button" tap 100
check "a verdict" wait_trace "verdict_frame ok" 1
check "a station verdict" wait_trace "verdict_kind station" 1
equals "green" "$(pixel 20 360)" "1E7B34"
equals "one station visit, under the walk-in's registration" \
	"$(q "select attendee_id || '|' || station from station_visits where attendee_id like 'w-%'")" "$walkin|$BAG"
equals "no check-in is journaled for it but its registration's at the door" \
	"$(q "select count(*) || ',' || min(door) from active_checkins where attendee_id='$walkin'")" "1,north"

# Again: the walk-in has theirs now, and so has the roster guest who scanned.
sleep 3.2 # past the verdict
wait_screen ready || xdotool key Escape
check "the search opens again" open_screen search 2
# find_guest DIGITS WHO: type the digits, wait for one guest found; $found:
# the centre of its Give button ("" when it has none); the digits erased after
found=""
find_guest() {
	local n
	n=$(count "results_frame 1")
	xdotool type --delay 30 "$1"
	check "$2 is found" wait_trace "results_frame 1" $((n + 1))
	sleep 0.2
	found=$(target 100)
	xdotool key BackSpace BackSpace BackSpace BackSpace
}
find_guest 5566 "the walk-in who collected"
check "the walk-in who collected has no Give button" test -z "$found"
find_guest 3344 "the roster guest who scanned"
check "the roster guest who scanned has no Give button" test -z "$found"
find_guest 5678 "a guest who has not collected"
check "a guest who has not collected has a Give button" test -n "$found"
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null

st=$("$KIOSK" status)
contains "status: the station served two guests" "$st" "station[$BAG]: 2"
lacks "status: nobody twice" "$st" "station_twice"
expect_exit "verify" 0 "$KIOSK" verify
expect_exit "the walk-in cannot collect again from the command line" 1 \
	"$KIOSK" checkin --station "$BAG" --attendee "$walkin"
