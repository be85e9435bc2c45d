#!/bin/bash
# bench_door.sh - figures of the door (issue 4) in a real window under Xvfb:
# start to first frame, idle CPU over 10 s, resident memory, scan key to
# verdict frame (p50/p99 of 100 scans), and a QR entering a 1280x720 30 fps
# --frames video to the verdict frame. Times come from KIOSK_TRACE lines
# (wall clock, microseconds). Prints numbers; asserts nothing.
set -u
BUILD=${BUILD:-build}
K="$PWD/$BUILD/kiosk"
T=$(mktemp -d)
XVFB=""
PID=""
trap 'kill $PID $XVFB 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/xvfb.sh"
if tool=$(xvfb_missing_tool Xvfb xdotool convert qrencode); then
	echo "bench_door: needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720
export KIOSK_DATA="$T/data"
# Run alone (not from bench.sh): the event's passphrase (issue 14) at the
# KDF's test cost; the figures are the door's, not Argon2id's.
if [ -z "${KIOSK_PASSPHRASE_FILE:-}" ]; then
	echo "bench passphrase" >"$T/passphrase"
	export KIOSK_PASSPHRASE_FILE="$T/passphrase" KIOSK_TEST_WEAK_KDF=1
fi

{
	echo "name,phone,code"
	for i in $(seq 1000 1299); do echo "Guest $i,0171100$i,B-$i"; done
} >"$T/roster.csv"
"$K" init --event "Bench" --pin 1234 >/dev/null 2>&1
"$K" attendees import "$T/roster.csv" >/dev/null
TRACE="$T/trace"
us() { date +%s%6N; }
wait_line() { # PATTERN COUNT
	local i
	for i in $(seq 400); do
		[ "$(grep -c -- "$1" "$TRACE")" -ge "$2" ] && return 0
		sleep 0.01
	done
	return 1
}
stats() { # label goal: reads microsecond numbers on stdin, prints ms
	sort -n | awk -v label="$1" -v goal="$2" '{v[NR]=$1} END {
		if (NR == 0) { print label ": no samples"; exit }
		p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
		printf "%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d   (goal %s)\n",
			label, p50 / 1000, p99 / 1000, v[NR] / 1000, NR, goal }'
}

# 1. Start to first frame (the process's exec to the first presented frame).
: >"$T/start"
for _ in 1 2 3 4 5; do
	: >"$TRACE"
	t0=$(us)
	KIOSK_TRACE="$TRACE" "$K" run --window 1280x720 --camera none >/dev/null 2>&1 &
	PID=$!
	wait_line first_frame 1 && echo $(($(awk '$2=="first_frame" {print $1; exit}' "$TRACE") - t0)) >>"$T/start"
	kill $PID; wait $PID 2>/dev/null
done
stats "start to first frame" "<= 300 ms" <"$T/start"

# 2. Idle CPU and memory of a running door, as started by default (here with
# no camera, so it also looks for /dev/video0 every 3 s).
: >"$TRACE"
KIOSK_TRACE="$TRACE" "$K" run --window 1280x720 >/dev/null 2>&1 &
PID=$!
wait_line first_frame 1
xdotool mousemove 640 360
sleep 1
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
hz=$(getconf CLK_TCK)
a=$(ticks); s=$(us)
sleep 10
b=$(ticks); e=$(us)
echo "idle CPU over 10 s: $(echo "scale=2; ($b - $a) * 100 * 1000000 / $hz / ($e - $s)" | bc) %   (goal <= 1 %)"

# 3. Scan (keyboard wedge, with Enter) to the verdict frame on screen, 100 times.
for i in $(seq 1000 1099); do
	xdotool type --delay 1 "B-$i"
	xdotool key Return
	wait_line "verdict_frame" $((i - 999)) || break
done
awk '$2=="scan_key" {t=$1} $2=="verdict_frame" && t {print $1 - t; t=0}' "$TRACE" |
	stats "scan key handled to verdict frame" "p99 <= 30 ms"
echo "verdicts: $(grep -c 'verdict_frame ok' "$TRACE") green of $(grep -c verdict_frame "$TRACE")"
echo "resident memory after 100 scans: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status) (peak $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$PID/status))   (goal <= 60 MB)"
kill $PID; wait $PID 2>/dev/null

# 4. A QR entering a 1280x720 30 fps video to the verdict frame, 5 videos.
head -c $((1280 * 720)) /dev/zero | tr '\0' '\377' >"$T/blank.y"
head -c $((640 * 360 * 2)) /dev/zero | tr '\0' '\200' >"$T/chroma"
: >"$T/video"
for i in 1200 1201 1202 1203 1204; do
	qrencode -s 6 -m 4 -o "$T/qr.png" "B-$i"
	convert -size 1280x720 xc:white "$T/qr.png" -gravity center -composite -depth 8 gray:"$T/qr.y"
	{
		printf 'YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg\n'
		for f in $(seq 15); do printf 'FRAME\n'; cat "$T/blank.y" "$T/chroma"; done
		for f in $(seq 30); do printf 'FRAME\n'; cat "$T/qr.y" "$T/chroma"; done
	} >"$T/v.y4m"
	: >"$TRACE"
	KIOSK_TRACE="$TRACE" "$K" run --window 1280x720 --frames "$T/v.y4m" >/dev/null 2>&1 &
	PID=$!
	if wait_line "verdict_frame" 1; then
		awk '$2=="frame_in" && $3=="15" {t=$1} $2=="verdict_frame" && t {print $1 - t; exit}' "$TRACE" >>"$T/video"
	fi
	wait_line "frames_end" 1
	# CPU of the whole run (start, 1.5 s of 30 fps video, decoding, preview).
	echo "$(awk '{print $14 + $15}' /proc/$PID/stat) $(awk '$2=="start" {s=$1} $2=="frames_end" {print $1 - s; exit}' "$TRACE")" >>"$T/cpu"
	kill $PID; wait $PID 2>/dev/null
done
stats "QR entering the 1280x720 30 fps video to verdict frame" "<= 150 ms" <"$T/video"
awk -v hz="$(getconf CLK_TCK)" '{t += $1; w += $2} END {
	if (w > 0) printf "CPU while a 1280x720 30 fps video plays (decode + preview): %.0f %% of one core\n", t * 100 / hz / (w / 1000000) }' "$T/cpu"

# 5. The door by roster size (issue 15): 300, 100,000 and 1,000,000 guests.
# Each roster is made by bench_door_fill (through store_append, as an import
# writes it) once and kept in $BUILD/bench-cache until the schema or the
# filler changes; every run works on a copy. Per size: start to first frame
# (5 starts), scan key to verdict frame (100 codes spread over the roster),
# search keystroke to the frame with its results (typing names and phone
# digits one key at a time, and Backspace: from the search_key trace line,
# when the door takes the key, to the next frame presented), the search
# index's build on its own thread after the first frame (search_ready),
# memory, and
# the store's part alone (bench_door_search: the search query per keystroke
# and the counts read, wall and CPU time).
# BENCH_NICE=N runs the door and xdotool at that niceness (e.g. -10 as root)
# so a machine shared with other work measures the door, not the queue for
# the processor; the figures say when it was used.
SIZES=${DOOR_SIZES:-300 100000 1000000}
FILL="$PWD/$BUILD/tests/bench_door_fill"
CACHE="$PWD/$BUILD/bench-cache"
key=$(cat kiosk/store/schema.c tests/bench_door_fill.c 2>/dev/null | md5sum | cut -c1-12)
roster() { # N: prints the data dir of a fresh copy of the N-guest roster
	local src="$CACHE/door-$1-$key" s
	if [ ! -f "$src/done" ]; then
		rm -rf "$src"
		mkdir -p "$src"
		s=$(us)
		KIOSK_DATA="$src/data" "$K" init --event "Bench $1" --pin 1234 >/dev/null 2>&1 &&
			"$FILL" "$src/data" "$1" >/dev/null && touch "$src/done" ||
			{ echo "bench_door: cannot build the $1-guest roster" >&2; return 1; }
		echo "  (built the $1-guest roster once in $(( ($(us) - s) / 1000000 )) s; kept in $src)" >&2
	fi
	rm -rf "$T/roster"
	cp -r "$src/data" "$T/roster"
	echo "$T/roster"
}
NICE=()
[ -n "${BENCH_NICE:-}" ] && NICE=(nice -n "$BENCH_NICE")
start_door() { # DATA: a door in a 1280x720 window on that store
	: >"$TRACE"
	KIOSK_DATA="$1" KIOSK_TRACE="$TRACE" "${NICE[@]}" "$K" run --window 1280x720 --camera none >/dev/null 2>&1 &
	PID=$!
	wait_line first_frame 1
}
frames() { grep -c ' screen ' "$TRACE"; }
key_frame() { # XDOTOOL-ARGS...: send a key, wait for the next frame
	local n i
	n=$(frames)
	"${NICE[@]}" xdotool "$@"
	for i in $(seq 500); do
		[ "$(frames)" -gt "$n" ] && break
		sleep 0.005
	done
}
target_xy() { # ID: the centre of touch target ID on the screen traced last
	grep ' screen ' "$TRACE" | tail -1 | tr ' ' '\n' |
		sed -n "s/^$1:\([0-9]*\),\([0-9]*\),\([0-9]*\),\([0-9]*\)$/\1 \2 \3 \4/p" |
		awk '{print int($1 + $3 / 2), int($2 + $4 / 2)}'
}
echo "door by roster size (1280x720 window, no camera${BENCH_NICE:+, door and xdotool at nice $BENCH_NICE}):"
for n in $SIZES; do
	[ -x "$FILL" ] || { echo "bench_door: $FILL missing (make all)"; break; }
	data=$(roster "$n") || continue
	: >"$T/start"
	for _ in 1 2 3 4 5; do
		t0=$(us)
		start_door "$data" && echo $(($(awk '$2=="first_frame" {print $1; exit}' "$TRACE") - t0)) >>"$T/start"
		kill $PID; wait $PID 2>/dev/null
	done
	stats "  $n guests: start to first frame" "<= 300 ms at 1M" <"$T/start"
	start_door "$data"
	xdotool mousemove 640 360
	for i in $(seq 100); do
		seen=$(grep -c verdict_frame "$TRACE")
		"${NICE[@]}" xdotool type --delay 1 "BENCH-$(( (i * 7919) % n + 1 ))"
		"${NICE[@]}" xdotool key Return
		wait_line "verdict_frame" $((seen + 1)) || true # a code split by a stalled xdotool
	done
	awk '$2=="scan_key" {t=$1} $2=="verdict_frame" && t {print $1 - t; t=0}' "$TRACE" |
		stats "  $n guests: scan key to verdict frame" "p99 <= 30 ms at 1M"
	# Search: the verdict times out to ready, then the search screen. The
	# index was built beside the scans (from the first frame on).
	sleep 3.2
	wait_line search_ready 1 || wait_line search_ready 1
	echo "  $n guests: search index built after the first frame in $(awk '$2=="search_ready" {print $5 " ms (" $3 " rows, " int($7 / 1048576) " MB)"; exit}' "$TRACE")"
	xy=$(target_xy 2)
	# shellcheck disable=SC2086
	[ -n "$xy" ] && xdotool mousemove $xy click 1
	sleep 0.3
	for q in ramina Sutaka 4455 hila 0317 lonaha; do
		for c in $(echo "$q" | grep -o .); do key_frame type --delay 0 "$c"; done
		for _ in $(seq ${#q}); do key_frame key BackSpace; done
	done
	awk '$2=="search_key" {t=$1} $2=="screen" && t {print $1 - t; t=0}' "$TRACE" |
		stats "  $n guests: search keystroke to results frame" "p99 <= 16 ms at 1M"
	echo "  $n guests: resident memory $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status) (peak $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$PID/status))"
	kill $PID; wait $PID 2>/dev/null
	# The store's part alone (no window, no X server), with its CPU time.
	[ -x "$BUILD/tests/bench_door_search" ] &&
		"$BUILD/tests/bench_door_search" "$data" | sed "s/^/  $n guests: /"
done
