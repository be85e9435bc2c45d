#!/bin/bash
# e2e_unlock_door.sh - the door started without its passphrase (issue 14), in
# a real SDL window under Xvfb: it shows the locked screen and takes no
# ticket; a ticket's code typed by a keyboard-wedge scanner is refused as not
# the card; the unlock card shown to the camera (--frames) unlocks it, and
# the next ticket checks in, is journaled with its tip signed, so a push with
# no passphrase sends it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3 qrencode); then
	notok "unlock door e2e needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"

cat >"$T/guests.csv" <<'CSV'
নাম,মোবাইল,টিকিটের ধরন,কোড
ক্ষমা রক্ষিত,০১৭১১-২২৩৩৪৪,general,GF-1001
কৌশিক মিস্ত্রী,01812345678,vip,GF-1002
Rahim Uddin,01911000111,general,GF-1003
CSV
"$KIOSK" init --event "তালা মিটআপ" --pin 1234 >/dev/null 2>&1 || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
"$KIOSK" unlock-card --out "$T/card.png" >/dev/null || notok "unlock-card"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
TRACE="$T/trace"

# Frames: white, the card, white, the ticket GF-1002 (the camera path).
mkdir -p "$T/frames"
convert -size 640x480 xc:white "$T/frames/0001.png"
convert -size 640x480 xc:white \( "$T/card.png" -resize 400x400 \) -gravity center -composite "$T/frames/0002.png"
cp "$T/frames/0001.png" "$T/frames/0003.png"
qrencode -s 8 -m 4 -o "$T/qr.png" "GF-1002"
convert -size 640x480 xc:white "$T/qr.png" -gravity center -composite "$T/frames/0004.png"

# ---- locked: a ticket typed by the scanner is not the card ------------------------
: >"$TRACE"
KIOSK_TRACE="$TRACE" env -u KIOSK_PASSPHRASE_FILE "$KIOSK" run --mode door --window 1280x720 \
	--camera none >"$T/kiosk.out" 2>"$T/kiosk.err" </dev/null &
PID=$!
on_exit "kill $PID 2>/dev/null"
wait_trace "first_frame" 1 || { notok "the locked door shows its first frame" "$(cat "$T/kiosk.err")"; exit 0; }
xdotool mousemove 640 360
equals "it starts on the locked screen" "$(screen_is)" "locked"
xdotool type --delay 4 "GF-1001"; xdotool key Return
check "the scanner's code reaches the door" wait_trace "scan_key GF-1001" 1
check "and is refused as not the unlock card" wait_trace "unlock_refused" 1
equals "still locked" "$(screen_is)" "locked"
equals "nothing was journaled" "$(q "SELECT count(*) FROM journal WHERE kind LIKE 'checkin%'")" "0"
xdotool key Escape
sleep 0.3
equals "Escape gives no PIN pad while locked" "$(screen_is)" "locked"
# The card typed by a USB scanner (keyboard wedge) opens it too.
card=$("$KIOSK" scan "$T/card.png" | cut -f2)
xdotool type --delay 4 "$card"; xdotool key Return
check "the card from the USB scanner unlocks" wait_trace " unlocked" 1
check "the ready screen follows" wait_screen ready
xdotool type --delay 4 "GF-1003"; xdotool key Return
check "and a ticket typed next checks in" wait_trace "verdict_frame ok" 1
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
equals "one check-in journaled" "$(q "SELECT count(*) FROM journal WHERE kind='checkin'")" "1"

# ---- the card shown to the camera unlocks; the next ticket checks in --------------
: >"$TRACE"
KIOSK_TRACE="$TRACE" env -u KIOSK_PASSPHRASE_FILE "$KIOSK" run --mode door --window 1280x720 \
	--frames "$T/frames" --fps 2 >"$T/kiosk.out" 2>"$T/kiosk.err" </dev/null &
PID=$!
on_exit "kill $PID 2>/dev/null"
check "the card unlocks the door" wait_trace "unlocked" 1
lacks "the card's secret is not in the trace" "$(cat "$TRACE")" "KU1"
check "the ticket after it checks in" wait_trace "verdict_frame ok" 1
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
equals "the check-in is journaled" "$(q "SELECT count(*) FROM journal WHERE kind='checkin'")" "2"
expect_exit "a push with no passphrase sends it (signed when written)" 0 \
	env -u KIOSK_PASSPHRASE_FILE setsid -w "$KSYNC" push --to "$T/usb" </dev/null
max=$(q "SELECT max(seq) FROM journal WHERE device_id=(SELECT value FROM meta WHERE key='device_id')")
contains "up to the check-in" "$OUT" "..$max)"
lacks "nothing waits for a signature" "$ERR" "not signed"

# ---- another event's card is not this one's -------------------------------------
OTHER=$T/other
"$KIOSK" --data "$OTHER" init --event "Other" --pin 1234 >/dev/null 2>&1
"$KIOSK" --data "$OTHER" unlock-card --out "$T/other.png" >/dev/null
other=$("$KIOSK" scan "$T/other.png" | cut -f2)
: >"$TRACE"
expect_exit "another event's card, scanned at start" 0 env -u KIOSK_PASSPHRASE_FILE KIOSK_TRACE="$TRACE" \
	"$KIOSK" run --window 800x480 --screenshot "$T/other-card.png" --after-ms 50 --scan "$other"
equals "is refused" "$(count unlock_refused)" "1"
equals "and does not unlock" "$(count ' unlocked')" "0"
