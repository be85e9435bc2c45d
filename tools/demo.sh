#!/bin/bash
# demo.sh - `make demo`: a demo event in build/demo-data (fresh each time),
# then the door screen in a window. With no display it says so in one line,
# prepares everything anyway and writes a screenshot of each screen.
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
DATA="$ROOT/$BUILD/demo-data"
export KIOSK_DATA="$DATA"

rm -rf "$DATA"
"$KIOSK" init --event "হস্তশিল্প ক্রেতা মিটআপ · ঢাকা" --pin 1234 >/dev/null
"$KIOSK" attendees import "$ROOT/assets/demo/guests.csv" >/dev/null
tickets=""
if "$KIOSK" tickets issue --out "$ROOT/$BUILD/demo-tickets" >/dev/null 2>&1; then
	tickets="QR tickets to show the camera: $BUILD/demo-tickets/"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
	echo "demo: no display here; the demo event is in $BUILD/demo-data and screenshots of every screen go to $BUILD/screenshots"
	BUILD=$BUILD "$ROOT/tools/screenshots.sh" "$ROOT/$BUILD/screenshots"
	exit 0
fi
cat <<MSG
demo: event ready in $BUILD/demo-data (organizer PIN 1234).
  Scan by typing a code and Enter, as a USB scanner does: DEMO-1001 ... DEMO-1009
  (the same code twice gives the yellow "already in"; any other text is red).
  $tickets
  Escape opens the PIN pad; the organizer menu has "Leave kiosk mode".
MSG
exec "$KIOSK" run --mode door --window 1280x720
