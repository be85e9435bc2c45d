#!/bin/bash
# bench_shop.sh - figures of the feedback and orders modes (issue 6) in a real
# window under Xvfb: tap-to-stored of a feedback (the kiosk's handling of the
# last tap to store_append returning, and to the thank-you frame; 30
# feedbacks), and the frame time of the product grid of a 100-product catalog
# with a picture each at 1920x1080 (every frame forced to redraw in full).
# Times come from KIOSK_TRACE lines and --bench-frames. Prints numbers only.
set -u
BUILD=${BUILD:-build}
K="$PWD/$BUILD/kiosk"
T=$(mktemp -d)
XVFB=""
PID=""
trap 'kill $PID $XVFB 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/xvfb.sh"
if tool=$(xvfb_missing_tool Xvfb xdotool convert); then
	echo "bench_shop: needs $tool (make deps)"
	exit 0
fi
xvfb_start 1920x1080
export KIOSK_DATA="$T/data"

# 100 products of one seller, each with its own 800x600 photo-sized picture.
mkdir -p "$T/img"
convert -size 800x600 "gradient:#c33-#36c" "$T/img/base.png"
for i in $(seq 100); do cp "$T/img/base.png" "$T/img/p$i.png"; done
{
	echo "seller,product,price,stock,image,tags"
	for i in $(seq 100); do echo "Bench Shop,Product number $i,$((100 + i * 7)).50,$((i % 9 + 1)),img/p$i.png,\"taste, price\""; done
} >"$T/catalog.csv"
"$K" init --event "Bench" --pin 1234 >/dev/null 2>&1
"$K" catalog import "$T/catalog.csv" >/dev/null

echo "-- frame time: 100-product grid with pictures, 1920x1080 window, 300 forced redraws"
for lang in bn en; do
	printf '%s: ' "$lang"
	"$K" run --mode orders --window 1920x1080 --lang "$lang" --press 400,100,101 --bench-frames 300 2>&1 | tail -1
done

TRACE="$T/trace"
# The window fills the X screen, so window and screen coordinates are the same.
KIOSK_TRACE="$TRACE" "$K" run --mode feedback --window 1920x1080 >/dev/null 2>"$T/err" &
PID=$!
wait_line() { # PATTERN COUNT
	local i n
	for i in $(seq 400); do
		n=$(grep -c -- "$1" "$TRACE" 2>/dev/null)
		[ "${n:-0}" -ge "$2" ] && return 0
		sleep 0.01
	done
	return 1
}
wait_line first_frame 1 || { echo "bench_shop: the kiosk did not start: $(cat "$T/err")"; exit 0; }
xdotool mousemove 640 360
tap() { # ID: press and wait for the next frame
	local n xy
	n=$(grep -c ' screen ' "$TRACE")
	xy=$(target "$1")
	[ -n "$xy" ] || return 1
	# shellcheck disable=SC2086
	xdotool mousemove $xy click 1
	wait_line ' screen ' $((n + 1))
}
RUNS=30
for i in $(seq $RUNS); do
	tap 9 && tap 503 && tap 3 && tap 3 && tap 3 && wait_line ' stored feedback' "$i" && tap 8 ||
		{ echo "bench_shop: feedback $i did not complete"; break; }
done
# For each stored feedback: the tap just before it, and the thank-you frame after it.
awk '
	$2 == "tap" { tap = $1 }
	$2 == "stored" { printf "s %.3f\n", ($1 - tap) / 1000.0; want = 1 }
	$2 == "screen" && $3 == "fb_thanks" && want { printf "f %.3f\n", ($1 - tap) / 1000.0; want = 0 }
' "$TRACE" >"$T/times"
stats() { # LABEL PREFIX
	grep "^$2 " "$T/times" | awk '{print $2}' | sort -n | awk -v label="$1" '
		{ v[NR] = $1; sum += $1 }
		END { if (NR) printf "-- %s (%d taps): mean %.2f ms, p50 %.2f ms, max %.2f ms\n", label, NR, sum / NR, v[int((NR + 1) / 2)], v[NR] }'
}
stats "tap to stored, feedback" s
stats "tap to thank-you frame on screen" f
