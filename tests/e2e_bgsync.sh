#!/bin/bash
# e2e_bgsync.sh - the door syncs in the background: a joined door device with
# a folder target (a USB stick) pushes its check-ins while the screen runs,
# and the organizer pulls them. Real SDL window under Xvfb, real bundles.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

if tool=$(xvfb_missing_tool Xvfb xdotool); then
	notok "bgsync e2e needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"

printf 'name,phone,code\nক্ষমা রক্ষিত,01711223344,GF-1001\nRahim Uddin,01911000111,GF-1003\n' >"$T/guests.csv"
"$KIOSK" init --event "মিটআপ" --pin 1234 >/dev/null || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
expect_exit "device add" 0 "$KIOSK" device add door-1 --out "$T/door.kbundle"
DOOR="$T/door"
expect_exit "device join" 0 "$KIOSK" --data "$DOOR" device join "$T/door.kbundle"
mkdir -p "$T/usb"
expect_exit "set the background target" 0 "$KSYNC" --data "$DOOR" target "$T/usb"

TRACE="$T/trace"
KIOSK_SYNC_PERIOD_MS=300 KIOSK_TRACE="$TRACE" "$KIOSK" --data "$DOOR" run --window 1280x720 \
	--camera none >"$T/kiosk.out" 2>"$T/kiosk.err" &
PID=$!
on_exit "kill $PID 2>/dev/null"
for _ in $(seq 100); do grep -q first_frame "$TRACE" 2>/dev/null && break; sleep 0.05; done
xdotool mousemove 640 360
xdotool type --delay 5 "GF-1001"
xdotool key Return
for _ in $(seq 100); do grep -q "verdict_frame ok" "$TRACE" 2>/dev/null && break; sleep 0.05; done
grep -q "verdict_frame ok" "$TRACE" && ok "the door checks the guest in" || notok "the door checks the guest in" "$(cat "$T/kiosk.err")"

# The background step pushes without anyone asking; the organizer pulls.
dev=$(sqlite3 "$DOOR/kiosk.db" "select value from meta where key='device_id'")
pushed=""
for _ in $(seq 100); do
	if ls "$T/usb/$dev"/*.kseg >/dev/null 2>&1; then
		"$KSYNC" pull --from "$T/usb" >/dev/null 2>&1
		pushed=$(sqlite3 "$DATA/kiosk.db" "select count(*) from checkins where device_id='$dev'")
		[ "$pushed" = 1 ] && break
	fi
	sleep 0.1
done
equals "the check-in reached the organizer through the stick while the door ran" "$pushed" "1"
kill -0 "$PID" 2>/dev/null && ok "the door kept running" || notok "the door kept running"

# The target goes away (stick pulled out): the door still checks in.
rm -rf "$T/usb" 2>/dev/null || rm -rf "$T/usb" # the door may be writing to it
xdotool type --delay 5 "GF-1003"
xdotool key Return
for _ in $(seq 100); do [ "$(grep -c "verdict_frame ok" "$TRACE")" -ge 2 ] && break; sleep 0.05; done
equals "a check-in with the stick gone is still green" "$(grep -c "verdict_frame ok" "$TRACE")" "2"
kill "$PID"; wait "$PID" 2>/dev/null
n=$(sqlite3 "$DOOR/kiosk.db" "select count(*) from checkins")
equals "both check-ins journaled on the door" "$n" "2"
expect_exit "door journal verifies" 0 "$KIOSK" --data "$DOOR" verify
exit 0
