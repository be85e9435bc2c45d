#!/bin/bash
# e2e_walkin.sh - walk-ins without duplicates (issue 16): `kiosk attendees add`
# refuses a phone already on the roster (naming the guest, adding nothing),
# under concurrency too, and the door screen asks "this number belongs to
# NAME: check them in?" instead of registering a second person (Xvfb).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

cat >"$T/guests.csv" <<'CSV'
নাম,মোবাইল,কোড
ফারহানা আক্তার,০১৭১১-২২৩৩৪৪,GF-1
Rahim Uddin,01812345678,GF-2
CSV
"$KIOSK" init --event "মিটআপ" --pin 1234 >/dev/null || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
journal() { q "select count(*) from journal"; }

rows=$(journal)
expect_exit "a phone on the roster adds nobody" 1 "$KIOSK" attendees add --name "Farhana" --phone 01711223344
equals "it names the guest" "$OUT" "already on the roster: ফারহানা আক্তার (+8801711223344, expected)"
equals "nothing journaled" "$(journal)" "$rows"
expect_exit "the same phone written another way is known too" 1 "$KIOSK" attendees add --name X --phone "+880 1711-223344"
expect_exit "and in Bengali digits" 1 "$KIOSK" attendees add --name X --phone "০১৭১১২২৩৩৪৪"
expect_exit "a new phone is a walk-in" 0 "$KIOSK" attendees add --name "মিতা দাস" --phone 01912000111 --type vip
contains "walk-in ok" "$OUT" "ok: মিতা দাস (+8801912000111, walk-in)"
# Names and phones are sealed at rest (issue 14): the roster through the
# program (SERIAL NAME PHONE TYPE STATUS; a walk-in has no serial: its ID).
with_phone() { "$KIOSK" attendees list | awk -F'\t' -v p="$1" '$3 == p {sub(/^w-.+/, "w-", $1); print $1 "," $2 "," $4 "," $5}'; }
equals "the walk-in is on the roster, checked in" "$(with_phone +8801912000111)" "w-,মিতা দাস,vip,in"
expect_exit "a walk-in's phone is known too" 1 "$KIOSK" attendees add --name "Mita" --phone 01912000111
contains "it says she is in" "$OUT" "(+8801912000111, in)"
rows=$(journal)
expect_exit "a bad phone" 3 "$KIOSK" attendees add --name X --phone 0123
expect_exit "a name with a control character" 3 "$KIOSK" attendees add --name "$(printf 'a\001b')" --phone 01912000112
expect_exit "a name with a right-to-left override (it can disguise a name)" 3 "$KIOSK" attendees add --name "$(printf 'a\xe2\x80\xaeb')" --phone 01912000112
expect_exit "a door name with a newline" 3 "$KIOSK" attendees add --name Y --phone 01912000112 --door "$(printf 'x\ny')"
expect_exit "broken UTF-8 (refused for every command as bad input)" 3 "$KIOSK" attendees add --name "$(printf 'a\xffb')" --phone 01912000112
expect_exit "no name" 4 "$KIOSK" attendees add --phone 01912000112
equals "bad input writes nothing" "$(journal)" "$rows"
"$KIOSK" status >"$T/st"
contains "expected counts the walk-in once" "$(cat "$T/st")" "expected: 3"
contains "walk-ins counted" "$(cat "$T/st")" "walkins: 1"

# Two doors register the same new number at once: one person.
for i in 1 2 3 4 5 6; do
	("$KIOSK" attendees add --name "Same $i" --phone 01512999888 >/dev/null 2>&1; echo $? >"$T/rc.$i") &
done
wait
equals "concurrent adds: one added" "$(cat "$T"/rc.* | grep -c '^0$')" "1"
equals "concurrent adds: five refused" "$(cat "$T"/rc.* | grep -c '^1$')" "5"
equals "concurrent adds: one person with that phone" "$(with_phone +8801512999888 | wc -l)" "1"
expect_exit "verify" 0 "$KIOSK" verify

# The door screen: a walk-in with a known number asks first.
if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3); then
	notok "walk-in window test needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"
TRACE="$T/trace"
door_window
xdotool mousemove 640 360
people=$(q "select count(*) from attendees")
open_screen walkin 3
xdotool type --delay 10 "Rahim"
tap 8
xdotool type --delay 10 "01812345678"
xdotool key Return
check "a known number is recognised" wait_trace "walkin_known" 1
equals "no second person" "$(q "select count(*) from attendees")" "$people"
equals "still on the walk-in screen, asking" "$(screen_is)" "walkin"
tap 13
check "yes checks the known guest in" wait_trace "verdict_frame ok" 1
equals "Rahim is checked in" "$(q "select count(*) from active_checkins c join attendees a on a.id=c.attendee_id where a.code='GF-2'")" "1"
equals "still no second person" "$(q "select count(*) from attendees")" "$people"
tap 6 && wait_screen ready
# "No" goes back to the form and adds nothing.
tap 3 && wait_screen walkin
xdotool type --delay 10 "Farhana"
tap 8
xdotool type --delay 10 "01711223344"
xdotool key Return
check "the second known number is recognised" wait_trace "walkin_known" 2
tap 14
sleep 0.3
equals "no: back on the form" "$(screen_is)" "walkin"
equals "no: nobody checked in" "$(q "select count(*) from active_checkins c join attendees a on a.id=c.attendee_id where a.code='GF-1'")" "0"
equals "no: nobody added" "$(q "select count(*) from attendees")" "$people"
kill "$PID" 2>/dev/null

# A self-service door: search and walk-in wait for the organizer PIN.
expect_exit "door set --self-service" 0 "$KIOSK" door set "lobby" --self-service
contains "door set says so" "$OUT" "self-service"
: >"$TRACE"
KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 --camera none --lang en --door lobby >"$T/k.out" 2>"$T/k.err" &
PID=$!
on_exit "kill $PID 2>/dev/null"
wait_trace "first_frame" 1 || { notok "kiosk starts" "$(cat "$T/k.err")"; exit 0; }
xdotool mousemove 640 360
open_screen pin 2
equals "self-service: search asks for the PIN first" "$(screen_is)" "pin"
xdotool type --delay 10 "9999"
xdotool key Return
check "a wrong PIN is refused" wait_trace "pin wrong" 1
equals "a wrong PIN shows no search" "$(screen_is)" "pin"
xdotool type --delay 10 "1234"
xdotool key Return
check "the right PIN opens the search" wait_screen search
tap 1 && wait_screen ready
tap 3 && wait_screen pin
equals "self-service: walk-in asks for the PIN too" "$(screen_is)" "pin"
xdotool type --delay 10 "1234"
xdotool key Return
check "the right PIN opens the walk-in form" wait_screen walkin
kill "$PID" 2>/dev/null
expect_exit "door set --staffed" 0 "$KIOSK" door set "lobby" --staffed
contains "staffed again" "$OUT" "staffed"
