#!/bin/bash
# demo.sh - `make demo`: a demo event with 20 guests (Bengali and English
# names) in ./demo/ (ignored by git), their tickets, and what to try next.
# Safe to run again: it rebuilds ./demo/data and ./demo/tickets from scratch.
# Uses only the kiosk binary; needs no network.
set -u
BUILD=${BUILD:-build}
cd "$(dirname "$0")/.." || exit 3
ROOT=$(pwd)
KIOSK="$ROOT/$BUILD/kiosk"
DEMO="$ROOT/demo"
DATA="$DEMO/data"
TICKETS="$DEMO/tickets"
GUESTS="$ROOT/tools/demo-guests.csv"
EVENT="ঢাকা কাস্টমার মিটআপ"
PIN=1234

die() { echo "demo: $*" >&2; exit 3; }

[ -x "$KIOSK" ] || die "$KIOSK is missing; run 'make all' first"
# Only the demo's own folders are removed; anything else in ./demo stays.
rm -rf "$DATA" "$TICKETS" || die "cannot clear $DATA and $TICKETS"
mkdir -p "$DEMO" || die "cannot create $DEMO"

# The event window covers the next hours, so check-ins tried now are on time
# (with a fixed date they would be "too early" or "expired"). Times are
# written in Dhaka time when the zone database has it, else in UTC: both are
# the same instant.
STARTS=$(TZ=Asia/Dhaka date -d '-1 hour' +%Y-%m-%dT%H:%M%:z) || die "cannot compute the start time"
ENDS=$(TZ=Asia/Dhaka date -d '+11 hours' +%Y-%m-%dT%H:%M%:z) || die "cannot compute the end time"

# The demo's data is encrypted like any event's (issue 14); its passphrase
# is in demo/passphrase (a real event's belongs in the organizer's head or
# password manager, not beside the data).
PASSFILE="$DEMO/passphrase"
[ -s "$PASSFILE" ] || (umask 077 && echo "dhaka meetup demo passphrase" >"$PASSFILE") ||
	die "cannot write $PASSFILE"
export KIOSK_PASSPHRASE_FILE="$PASSFILE"

run() {
	"$KIOSK" --data "$DATA" "$@" || die "failed: kiosk $*"
}

echo "== kiosk init --event \"$EVENT\""
run init --event "$EVENT" --starts "$STARTS" --ends "$ENDS" --pin "$PIN"
echo "== kiosk attendees import $(basename "$GUESTS")"
run attendees import "$GUESTS"
echo "== kiosk tickets issue --out demo/tickets"
run tickets issue --out "$TICKETS"
echo "== kiosk unlock-card --out demo/unlock-card.png"
run unlock-card --out "$DEMO/unlock-card.png" >/dev/null

first_png=$(ls "$TICKETS"/*.png 2>/dev/null | head -1)
[ -n "$first_png" ] || die "no ticket PNGs in $TICKETS"
# codes.csv is name,phone,code,file; codes and file names hold no commas, so
# the first guest's code is the next-to-last field of line 2.
first_code=$(sed -n 2p "$TICKETS/codes.csv" | awk -F, '{print $(NF-1)}')

# `kiosk scan` is another engineer's; until it is built, zbarimg shows the same.
if "$KIOSK" scan --help >/dev/null 2>&1; then
	scan_cmd="$BUILD/kiosk --data demo/data scan ${first_png#"$ROOT"/}"
else
	scan_cmd="zbarimg -q --raw ${first_png#"$ROOT"/}"
fi

cat <<MSG

Demo event ready: "$EVENT" ($STARTS .. $ENDS), 20 guests, organizer PIN $PIN.
  data (device database, event key):  demo/data/
  tickets, one QR PNG per guest:       demo/tickets/*.png
  printable A4 sheet:                  file://$TICKETS/index.html
  codes for Messenger/WhatsApp/SMS:    demo/tickets/codes.csv
  unlock card (opens a door started without the passphrase): demo/unlock-card.png
  passphrase (names and phones are stored encrypted under it): demo/passphrase

Try next (commands that show personal data ask for the passphrase; this
shell-free form gives it from the file):
  export KIOSK_PASSPHRASE_FILE=demo/passphrase
  $scan_cmd
  $BUILD/kiosk --data demo/data checkin $first_code     # ok, exit 0
  $BUILD/kiosk --data demo/data checkin $first_code     # already used, exit 1
  $BUILD/kiosk --data demo/data verify
MSG

# ---- the door screen --------------------------------------------------------
# With a display: the door screen in a window (Escape opens the PIN pad).
# Without one (ssh, CI): one line saying so, and a screenshot of every screen
# rendered off-screen, so the user still sees what the kiosk looks like.
# DEMO_UI=0 skips the window.
open_door_screen() {
	if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
		echo
		echo "demo: no display here; screenshots of every screen go to demo/screenshots/"
		BUILD=$BUILD "$ROOT/tools/screenshots.sh" "$DEMO/screenshots" || die "screenshots failed"
		return 0
	fi
	if [ "${DEMO_UI:-1}" = 0 ]; then
		echo
		echo "Door screen: $BUILD/kiosk --data demo/data run --mode door"
		return 0
	fi
	cat <<MSG2

Opening the door screen. Type a code and Enter as a USB scanner does (or show a
ticket PNG to the camera); the same code twice gives the yellow "already in".
Escape opens the PIN pad ($PIN); the organizer menu has "Leave kiosk mode".
MSG2
	"$KIOSK" --data "$DATA" run --mode door --window 1280x720 || die "the door screen failed"
}
open_door_screen
