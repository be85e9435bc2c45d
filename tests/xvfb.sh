# xvfb.sh - a throwaway X server for the tests and benches that open a real
# SDL window (sourced).
# xvfb_missing_tool TOOL...: prints the first TOOL not on PATH and succeeds;
# fails (prints nothing) when all are there.
# xvfb_start WxH [LOG]: Xvfb on a free display (:97 plus a random offset,
# skipping ones in use) at that screen size, its output to LOG (default
# /dev/null); sets XVFB to its pid and N to the display number, exports
# DISPLAY, and waits (up to 5 s) until it answers. SDL gets X11 (any
# SDL_VIDEODRIVER is unset) and no audio. The server is killed through lib.sh's
# on_exit when that is there; otherwise the caller's EXIT trap kills $XVFB.
# With TRACE naming the kiosk's KIOSK_TRACE file:
# wait_trace PATTERN COUNT [SECONDS]: until COUNT trace lines match (5 s by
# default); count PATTERN: how many do; target ID: the centre "X Y" of touch
# target ID on the screen traced last; tap ID: a click there; screen_is: the
# name of the screen traced last; wait_screen NAME: until it is NAME (5 s).
# pixel X Y: the colour (RRGGBB) at X,Y of the screen as the X server shows it.

xvfb_missing_tool() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "$tool"; return 0; }
	done
	return 1
}

xvfb_start() {
	local _
	for _ in 1 2 3 4 5 6 7 8; do
		N=$((97 + RANDOM % 400))
		[ -e "/tmp/.X11-unix/X$N" ] || [ -e "/tmp/.X$N-lock" ] || break
	done
	Xvfb ":$N" -screen 0 "$1x24" -nolisten tcp >"${2:-/dev/null}" 2>&1 &
	XVFB=$!
	if declare -F on_exit >/dev/null; then on_exit "kill $XVFB 2>/dev/null"; fi
	export DISPLAY=":$N" SDL_AUDIODRIVER=dummy
	unset SDL_VIDEODRIVER
	for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
}

# wait_trace_quiet PATTERN N [SECONDS]: the same, silent on a timeout (for a
# wait that may rightly see nothing, as a press that changes nothing).
wait_trace_quiet() {
	local i
	for i in $(seq $((${3:-5} * 20))); do
		[ "$(grep -c -- "$1" "$TRACE")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

wait_trace() {
	wait_trace_quiet "$@" && return 0
	# what the kiosk did say, for the failure's report
	printf '#   waited %ss for %s x%s; trace ends:\n' "${3:-5}" "$1" "$2"
	tail -n 6 "$TRACE" | sed 's/^/#     /'
	return 1
}

# door_window [ARGS...]: the door screen in a 1280x720 window, no camera,
# English, tracing into $TRACE (emptied first); PID is its process, killed at
# exit. Returns once its first frame is up; if it never comes, says so and
# ends the test.
door_window() {
	: >"$TRACE"
	KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 --camera none --lang en "$@" >"$T/k.out" 2>"$T/k.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_trace "first_frame" 1 || { notok "kiosk starts" "$(cat "$T/k.err")"; exit 0; }
}

count() { grep -c -- "$1" "$TRACE"; }

target() {
	grep ' screen ' "$TRACE" | tail -1 | tr ' ' '\n' | sed -n "s/^$1:\([0-9]*\),\([0-9]*\),\([0-9]*\),\([0-9]*\)$/\1 \2 \3 \4/p" |
		awk '{print int($1 + $3 / 2), int($2 + $4 / 2)}'
}

pixel() {
	xwd -root -silent -display "$DISPLAY" | convert xwd:- -crop "1x1+$1+$2" -depth 8 txt:- |
		sed -n 's/.*#\([0-9A-F]\{6\}\).*/\1/p' | head -1
}

# tap ID: click target ID's centre. A trace event (walkin_known, say) can
# come before the frame that shows its buttons: wait up to 2 s for the target.
tap() {
	local xy _
	for _ in $(seq 40); do
		xy=$(target "$1")
		[ -n "$xy" ] && break
		sleep 0.05
	done
	[ -n "$xy" ] || { notok "target $1 on screen" "$(grep ' screen ' "$TRACE" | tail -1)"; return 1; }
	# shellcheck disable=SC2086
	xdotool mousemove $xy click 1
}

screen_is() { grep ' screen ' "$TRACE" | tail -1 | awk '{print $3}'; }

wait_screen() {
	local i
	for i in $(seq 100); do [ "$(screen_is)" = "$1" ] && return 0; sleep 0.05; done
	return 1
}

# open_screen SCREEN ID: tap button ID until SCREEN is up (three tries). A
# click in a slow (asan) build's first moments after its first frame can be
# lost; a second tap of a navigation button changes nothing else.
open_screen() {
	local _
	for _ in 1 2 3; do tap "$2" && wait_screen "$1" && return 0; done
	return 1
}


# The feedback and orders screens (e2e_shop_ui, e2e_payments_ui): a kiosk in
# a 1280x720 window with ARGS, its output in $T/kiosk.out and .err, tracing
# into $TRACE; tap_wait and type_wait press or type and wait for the frame
# that follows (a press may change nothing: then 2 s pass quietly).
start_kiosk() {
	: >"$TRACE"
	KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 "$@" >"$T/kiosk.out" 2>"$T/kiosk.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_trace "first_frame" 1 || { notok "kiosk shows its first frame" "$(cat "$T/kiosk.err")"; exit 0; }
	xdotool mousemove 640 360
}
stop_kiosk() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
shot() { xwd -root -silent -display "$DISPLAY" | convert xwd:- "$SHOTS/$1.png"; }
tap_wait() {
	local n
	n=$(count ' screen ')
	tap "$1" || return 1
	wait_trace_quiet ' screen ' $((n + 1)) 2 || true
}
type_wait() {
	local n
	n=$(count ' screen ')
	xdotool type --delay 15 "$1"
	wait_trace_quiet ' screen ' $((n + 1)) 2 || true
}
