#!/bin/bash
# e2e_visits.sh - exits, re-entry and stations (issue 16) from the command
# line and in a real SDL window under Xvfb: checkin --exit / --station, their
# exit codes, kiosk status, door set --exit, the report's inside counts,
# rebuild/verify, sync to a second device, and concurrent exits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

cat >"$T/guests.csv" <<'CSV'
নাম,মোবাইল,কোড
রাশেদ করিম,01711000001,GF-1
নুসরাত জাহান,01711000002,GF-2
Rahim Uddin,01711000003,GF-3
CSV
"$KIOSK" init --event "মিটআপ" --starts 2026-12-05T15:00+06:00 --ends 2026-12-05T20:00+06:00 \
	--pin 1234 >/dev/null || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
at() { echo "--at 2026-12-05T$1+06:00"; }
# shellcheck disable=SC2046
{
expect_exit "a guest who never came cannot go out" 1 "$KIOSK" checkin --exit GF-1 $(at 15:50)
contains "not inside says so" "$OUT" "not inside: রাশেদ করিম"
expect_exit "first entry" 0 "$KIOSK" checkin GF-1 $(at 16:00)
expect_exit "inside: already used" 1 "$KIOSK" checkin GF-1 $(at 16:01)
contains "already used while inside" "$OUT" "already used at 16:00 (door 1)"
expect_exit "exit scan" 0 "$KIOSK" checkin --exit GF-1 $(at 16:10)
equals "exit prints out: NAME" "$OUT" "out: রাশেদ করিম"
expect_exit "a second exit scan: not inside" 1 "$KIOSK" checkin --exit GF-1 $(at 16:11)
equals "not inside: NAME" "$OUT" "not inside: রাশেদ করিম"
expect_exit "re-entry after an exit" 0 "$KIOSK" checkin GF-1 $(at 16:30)
contains "re-entry says welcome back" "$OUT" "welcome back: রাশেদ করিম"
expect_exit "inside again: already used" 1 "$KIOSK" checkin GF-1 --door "door 2" $(at 16:31)
contains "already used names this visit's entry" "$OUT" "already used at 16:30 (door 1)"
expect_exit "an unknown code at the exit is rejected" 2 "$KIOSK" checkin --exit NOPE-1 $(at 16:32)
expect_exit "--exit and --station together are refused" 4 "$KIOSK" checkin --exit --station x GF-1
"$KIOSK" checkin GF-2 --door "door 2" $(at 16:05) >/dev/null
"$KIOSK" door set "back gate" --exit >/dev/null || notok "door set --exit"
expect_exit "exit through the back gate" 0 "$KIOSK" checkin --exit GF-2 --door "back gate" $(at 16:40)
expect_exit "status" 0 "$KIOSK" status
contains "status: admitted" "$OUT" "admitted: 2"
contains "status: inside" "$OUT" "inside: 1"
contains "status: exits" "$OUT" "exits: 2"
contains "status: expected" "$OUT" "expected: 3"
contains "status per door: admitted" "$OUT" "admitted[door 2]: 1"
contains "status per door: inside" "$OUT" "inside[door 1]: 1"
contains "status per door: exits" "$OUT" "exits[back gate]: 1"
contains "status: inside at door 2 is 0 (she went out)" "$OUT" "inside[door 2]: 0"
bad=$(printf '%s\n' "$OUT" | grep -cv '^[^:]*: ')
equals "status prints only key: value lines" "$bad" "0"
equals "double entries: a guest who went out and came back is none" \
	"$(q "select count(*) from repeat_entries")" "0"

# Stations.
expect_exit "station add" 0 "$KIOSK" station add "উপহার ব্যাগ"
expect_exit "station add twice changes nothing" 0 "$KIOSK" station add "উপহার ব্যাগ"
equals "one station_added entry" "$(q "select count(*) from journal where kind='station_added'")" "1"
expect_exit "a bad station name is refused" 3 "$KIOSK" station add "$(printf 'a\tb')"
expect_exit "station: first time" 0 "$KIOSK" checkin --station "উপহার ব্যাগ" GF-3 $(at 16:05)
contains "station ok" "$OUT" "collected: Rahim Uddin (উপহার ব্যাগ)"
expect_exit "station: second time" 1 "$KIOSK" checkin --station "উপহার ব্যাগ" GF-3 $(at 16:20)
equals "station: already collected at HH:MM" "$OUT" "already collected at 16:05: Rahim Uddin"
rows=$(q "select count(*) from journal")
expect_exit "an unknown station is an error" 3 "$KIOSK" checkin --station "raffle" GF-3 $(at 16:21)
equals "nothing journaled for an unknown station" "$(q "select count(*) from journal")" "$rows"
"$KIOSK" attendees cancel GF-2 >/dev/null
expect_exit "a cancelled ticket is rejected at a station" 2 "$KIOSK" checkin --station "উপহার ব্যাগ" GF-2 $(at 16:22)
expect_exit "too early at a station" 2 "$KIOSK" checkin --station "উপহার ব্যাগ" GF-1 --at 2026-12-05T09:00+06:00
"$KIOSK" status >"$T/status1"
contains "status per station" "$(cat "$T/status1")" "station[উপহার ব্যাগ]: 1"

# The journal is the truth: rebuild gives the same answers, verify agrees.
expect_exit "verify" 0 "$KIOSK" verify
expect_exit "rebuild" 0 "$KIOSK" rebuild
"$KIOSK" status >"$T/status2"
equals "status after rebuild" "$(cat "$T/status2")" "$(cat "$T/status1")"
expect_exit "verify after rebuild" 0 "$KIOSK" verify

# The report: inside over time, exits, re-entries, stations.
expect_exit "report" 0 "$KIOSK" report --out "$T/report"
summary=$(cat "$T/report/summary.csv")
contains "report: exits" "$summary" "exits,2"
contains "report: re-entries" "$summary" "reentries,1"
contains "report: inside at the end" "$summary" "inside_at_end,1"
contains "report: no double entry for a re-entry" "$summary" "double_entries,0"
html=$(cat "$T/report/index.html")
contains "report: inside over time chart" "$html" "<polyline"
contains "report: the station's table" "$html" "উপহার ব্যাগ"
}

# Sync: exits and stations travel to another device and count there too.
ORG=$T/org D1=$T/d1 D2=$T/d2
"$KIOSK" --data "$ORG" init --event "Sync" --pin 1234 >/dev/null
"$KIOSK" --data "$ORG" attendees import "$T/guests.csv" >/dev/null
"$KIOSK" --data "$ORG" station add "raffle" >/dev/null
"$KIOSK" --data "$ORG" device add "Door 1" --out "$T/d1.kbundle" >/dev/null
"$KIOSK" --data "$ORG" device add "Door 2" --out "$T/d2.kbundle" >/dev/null
"$KIOSK" --data "$D1" device join "$T/d1.kbundle" >/dev/null
"$KIOSK" --data "$D2" device join "$T/d2.kbundle" >/dev/null
"$KIOSK" --data "$D1" checkin GF-1 >/dev/null
"$KIOSK" --data "$D1" checkin --exit GF-1 >/dev/null
"$KIOSK" --data "$D1" checkin --station raffle GF-1 >/dev/null
KIOSK_QUIET=1 "$KSYNC" --data "$D1" push --to "$T/usb" >/dev/null 2>&1 || notok "push"
KIOSK_QUIET=1 "$KSYNC" --data "$D2" pull --from "$T/usb" >/dev/null 2>&1 || notok "pull"
s2=$("$KIOSK" --data "$D2" status)
contains "synced: the exit counts on the other door" "$s2" "exits: 1"
contains "synced: the guest is not inside there" "$s2" "inside: 0"
contains "synced: the station visit counts" "$s2" "station[raffle]: 1"
expect_exit "synced: the raffle is collected already" 1 "$KIOSK" --data "$D2" checkin --station raffle GF-1
expect_exit "synced: re-entry at the other door" 0 "$KIOSK" --data "$D2" checkin GF-1
contains "synced: welcome back" "$OUT" "welcome back"
expect_exit "verify on the other device" 0 "$KIOSK" --data "$D2" verify

# One station added twice offline in two cases ("Lucky Draw" here, "lucky
# draw" at a door) is one station after sync, named as first added, on both
# sides: a guest who collected at one spelling has collected at the other.
D3=$T/d3
"$KIOSK" --data "$ORG" device add "Door 3" --out "$T/d3.kbundle" >/dev/null
"$KIOSK" --data "$D3" device join "$T/d3.kbundle" >/dev/null
"$KIOSK" --data "$ORG" station add "Lucky Draw" >/dev/null
sleep 0.01
"$KIOSK" --data "$D3" station add "lucky draw" >/dev/null
"$KIOSK" --data "$D3" checkin --station "lucky draw" GF-3 >/dev/null
KIOSK_QUIET=1 "$KSYNC" --data "$ORG" push --to "$T/usb" >/dev/null 2>&1 || notok "push org"
KIOSK_QUIET=1 "$KSYNC" --data "$D3" push --to "$T/usb" >/dev/null 2>&1 || notok "push d3"
for dev in "$ORG" "$D3"; do
	KIOSK_QUIET=1 "$KSYNC" --data "$dev" pull --from "$T/usb" >/dev/null 2>&1 || notok "pull $dev"
	st=$("$KIOSK" --data "$dev" status)
	contains "two cases, one station: counted once under its first name (${dev##*/})" "$st" "station[Lucky Draw]: 1"
	equals "two cases, one station: not listed twice (${dev##*/})" \
		"$(printf '%s\n' "$st" | grep -ci 'station\[lucky draw\]')" "1"
	expect_exit "two cases, one station: collected already (${dev##*/})" 1 \
		"$KIOSK" --data "$dev" checkin --station "LUCKY DRAW" GF-3
done
expect_exit "two cases, one station: verify" 0 "$KIOSK" --data "$ORG" verify
html=$("$KIOSK" --data "$ORG" report --out "$T/rep-st" >/dev/null 2>&1; cat "$T/rep-st/index.html" 2>/dev/null)
equals "two cases, one station: one row in the report" "$(printf '%s' "$html" | grep -o -i 'lucky draw' | wc -l)" "1"

# Concurrency: eight processes scan the same guest out at once: one goes out.
"$KIOSK" checkin GF-3 --at 2026-12-05T17:00+06:00 >/dev/null
for i in 1 2 3 4 5 6 7 8; do
	("$KIOSK" checkin --exit GF-3 --at 2026-12-05T17:10+06:00 >"$T/ex.$i" 2>&1; echo $? >"$T/rc.$i") &
done
wait
oks=$(cat "$T"/rc.* | grep -c '^0$')
equals "concurrent exits: exactly one lets the guest out" "$oks" "1"
equals "concurrent exits: the others say not inside" "$(cat "$T"/rc.* | grep -c '^1$')" "7"

# The real window: exit mode from 'door set --exit', welcome back, a station.
if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3); then
	notok "visits window test needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"
# A fresh event without a time window: the window scans happen now.
export KIOSK_DATA="$T/win"
DB="$KIOSK_DATA/kiosk.db"
"$KIOSK" init --event "জানালা" --pin 1234 >/dev/null
"$KIOSK" attendees import "$T/guests.csv" >/dev/null
"$KIOSK" station add "উপহার ব্যাগ" >/dev/null
"$KIOSK" door set "back gate" --exit >/dev/null
TRACE="$T/trace"
PID=""
start_kiosk() {
	: >"$TRACE"
	KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 --camera none "$@" \
		>"$T/kiosk.out" 2>"$T/kiosk.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_trace "first_frame" 1 || { notok "kiosk shows its first frame" "$(cat "$T/kiosk.err")"; exit 0; }
	xdotool mousemove 640 360
}
stop_kiosk() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
scan() { xdotool type --delay 4 "$1"; xdotool key Return; }

"$KIOSK" checkin GF-3 >/dev/null
start_kiosk --door "back gate"
scan GF-3
check "exit door: a verdict" wait_trace "verdict_frame ok" 1
check "exit door: an exit verdict" wait_trace "verdict_kind exit" 1
equals "exit verdict is blue, not green" "$(pixel 20 360)" "0B3D91"
equals "exit journaled at the back gate" \
	"$(q "select count(*) from exits e join attendees a on a.id=e.attendee_id where a.code='GF-3' and e.door='back gate'")" "1"
stop_kiosk

start_kiosk
scan GF-3
check "entry door: welcome back after the exit" wait_trace "verdict_kind reentry" 1
# the kind is said when the answer comes; the frame that shows it follows
check "entry door: the welcome back is shown" wait_trace "verdict_frame ok" 1
equals "welcome back is green" "$(pixel 20 360)" "1E7B34"
stop_kiosk

start_kiosk --station "উপহার ব্যাগ"
scan GF-1
check "station: collected" wait_trace "verdict_frame ok" 1
check "station: a station verdict" wait_trace "verdict_kind station" 1
sleep 3.2 # past the debounce
scan GF-1
check "station: the second time is yellow" wait_trace "verdict_frame used" 1
equals "station: yellow" "$(pixel 20 360)" "FFCC00"
equals "station: one visit journaled" "$(q "select count(*) from station_visits v join attendees a on a.id=v.attendee_id where a.code='GF-1'")" "1"
stop_kiosk
expect_exit "run: an unknown station is refused" 3 "$KIOSK" run --station nope --screenshot "$T/x.png"
# Names and counts are checked before a window opens: a door named with a
# control character would open and then refuse every guest ("not saved").
rows=$(q "select count(*) from journal")
expect_exit "run: a door name with a control character is refused" 3 \
	"$KIOSK" run --door "$(printf 'gate\033[2J')" --screenshot "$T/x.png"
contains "run: the bad door name is said in one line" "$ERR" "--door: a name must not hold control characters"
expect_exit "run: a station name with a tab is refused" 3 \
	"$KIOSK" run --station "$(printf 'a\tb')" --screenshot "$T/x.png"
expect_exit "run: --fps takes no typo for a number" 4 "$KIOSK" run --fps 3O --screenshot "$T/x.png"
expect_exit "run: --after-ms takes no negative" 4 "$KIOSK" run --after-ms -5 --screenshot "$T/x.png"
expect_exit "run --mode orders: --after-ms takes no letters" 4 \
	"$KIOSK" run --mode orders --after-ms soon --screenshot "$T/x.png"
equals "run: nothing journaled by the refused starts" "$(q "select count(*) from journal")" "$rows"
# A station is found as checkin --station finds it: ASCII case folded.
"$KIOSK" station add "Raffle" >/dev/null
start_kiosk --station "raffle"
scan GF-3
check "station by another case: a station verdict" wait_trace "verdict_kind station" 1
equals "station by another case: journaled as the station's name" \
	"$(q "select v.station from station_visits v join attendees a on a.id=v.attendee_id where a.code='GF-3'")" "Raffle"
stop_kiosk

# The organizer menu switches a door to exit mode.
start_kiosk
xdotool key Escape
wait_trace "screen pin" 1
xdotool type --delay 10 "1234"
xdotool key Return
for _ in $(seq 60); do grep ' screen ' "$TRACE" | tail -1 | grep -q ' menu ' && break; sleep 0.05; done
xy=$(target 12)
[ -n "$xy" ] && xdotool mousemove $xy click 1
check "menu: the mode button switches to exit" wait_trace "mode exit" 1
xdotool key Escape
"$KIOSK" checkin GF-1 >/dev/null 2>&1 || true
sleep 0.3
scan GF-1
check "menu-set exit mode scans guests out" wait_trace "verdict_kind exit" 1
stop_kiosk
