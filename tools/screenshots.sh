#!/bin/bash
# screenshots.sh OUTDIR - `make screenshots`: a PNG of every door screen in
# Bengali and English at 800x480 and 1920x1080 (and the ready screen in
# portrait), rendered off-screen (no display needed) from a throwaway demo
# event. The verdicts are real: codes are checked in through the store.
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
OUT=${1:-$BUILD/screenshots}
mkdir -p "$OUT"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-shots.XXXXXX")
trap 'rm -rf "$DATA"' EXIT
export KIOSK_DATA="$DATA"
# A throwaway event: its passphrase beside it, Argon2id at its minimum cost.
echo "screenshot passphrase" >"$DATA/passphrase"
export KIOSK_PASSPHRASE_FILE="$DATA/passphrase" KIOSK_TEST_WEAK_KDF=1
export SDL_AUDIODRIVER=dummy

"$KIOSK" init --event "হস্তশিল্প ক্রেতা মিটআপ · ঢাকা" --pin 1234 >/dev/null
"$KIOSK" attendees import "$ROOT/assets/demo/guests.csv" >/dev/null
# A few guests are already in, so the count and the menu have something to show.
for c in DEMO-1003 DEMO-1005 DEMO-1009; do "$KIOSK" checkin "$c" >/dev/null; done
# Exits and stations (issue 16): an exit door, a gift-bag station.
"$KIOSK" door set "বাহির" --exit >/dev/null
"$KIOSK" station add "উপহার ব্যাগ" >/dev/null
"$KIOSK" door set "লবি" --self-service >/dev/null
"$KIOSK" checkin --station "উপহার ব্যাগ" DEMO-1003 >/dev/null

"$KIOSK" unlock-card --out "$DATA/card.png" >/dev/null
CARD=$("$KIOSK" scan "$DATA/card.png" | cut -f2)
shot() { # NAME SIZE LANG ARGS...
	local name=$1 size=$2 lang=$3
	shift 3
	"$KIOSK" run --window "$size" --lang "$lang" --screenshot "$OUT/$name-$lang-$size.png" \
		--after-ms 50 "$@"
}
fresh=1006
for size in 800x480 1920x1080; do
	for lang in bn en; do
		shot ready "$size" "$lang"
		# Green needs a guest not yet in: a new one per picture.
		case $fresh in 1006) code=DEMO-1002 ;; 1007) code=DEMO-1006 ;; 1008) code=DEMO-1008 ;; *) code=DEMO-1004 ;; esac
		fresh=$((fresh + 1))
		shot ok "$size" "$lang" --scan "$code"
		shot used "$size" "$lang" --scan DEMO-1003
		shot rejected "$size" "$lang" --scan T1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
		shot search "$size" "$lang" --show search --type "ক"
		shot walkin "$size" "$lang" --show walkin --type "ক্ষমা কৌশিকী|01711"
		shot pin "$size" "$lang" --show pin --type 1234
		shot menu "$size" "$lang" --show menu
		shot undo "$size" "$lang" --show undo
		shot exit-ready "$size" "$lang" --door "বাহির"
		"$KIOSK" checkin DEMO-1009 >/dev/null || true   # inside again for the next picture
		shot exit-out "$size" "$lang" --door "বাহির" --scan DEMO-1009
		shot exit-not-inside "$size" "$lang" --door "বাহির" --scan DEMO-1009
		shot welcome-back "$size" "$lang" --scan DEMO-1009
		"$KIOSK" checkin --exit DEMO-1009 >/dev/null || true
		shot station-ready "$size" "$lang" --station "উপহার ব্যাগ"
		shot station-used "$size" "$lang" --station "উপহার ব্যাগ" --scan DEMO-1003
		shot walkin-known "$size" "$lang" --show walkin --type "Nusrat|01611000222|"
		shot selfservice-pin "$size" "$lang" --door "লবি" --show search
		# Started without the passphrase: locked until the unlock card (issue 14).
		env -u KIOSK_PASSPHRASE_FILE "$KIOSK" run --window "$size" --lang "$lang" \
			--screenshot "$OUT/locked-$lang-$size.png" --after-ms 50
		env -u KIOSK_PASSPHRASE_FILE "$KIOSK" run --window "$size" --lang "$lang" \
			--screenshot "$OUT/locked-notcard-$lang-$size.png" --after-ms 50 --scan DEMO-1002
		env -u KIOSK_PASSPHRASE_FILE "$KIOSK" run --window "$size" --lang "$lang" \
			--screenshot "$OUT/locked-unlocked-$lang-$size.png" --after-ms 50 --scan "$CARD"
	done
done
# "checking...": another process holds the store's write lock, so the
# check-in waits on its own thread (and then fails: nothing is written).
if command -v sqlite3 >/dev/null; then
	for size in 800x480 1920x1080; do
		for lang in bn en; do
			(echo "BEGIN IMMEDIATE;"; sleep 1.5; echo "ROLLBACK;") | sqlite3 "$DATA/kiosk.db" &
			locker=$!
			sleep 0.2
			shot checking "$size" "$lang" --scan DEMO-1001 --after-ms 400
			wait "$locker"
		done
	done
fi
shot ready 480x800 bn
shot ready 1080x1920 en
echo "screenshots: $(ls "$OUT"/*.png | wc -l) PNG files in $OUT"
