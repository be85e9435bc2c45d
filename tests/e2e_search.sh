#!/bin/bash
# e2e_search.sh - search that finds people as they are typed (issue 16):
# `kiosk attendees list --search` and the door screen's search share one
# matcher: Latin finds Bengali and back, a first letter finds names starting
# with a conjunct of it, both Unicode forms of a name agree; the window test
# types a Latin name on the real search screen (Xvfb) and checks the Bengali
# guest in from the results.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

# নুসরাত written with the two-part vowel sign (ে + া) and য় as one code point.
printf 'name,phone,code\nরাশেদ করিম,01711000001,GF-1\nকৌশিক মিস্ত্রী,01711000002,GF-2\nক্ষমা রক্ষিত,01711000003,GF-3\nKaushik Das,01711000004,GF-4\nহ\xe0\xa7\x87\xe0\xa6\xbeসেন জ\xe0\xa7\x9f,01711000005,GF-5\nFarhana Akter,01711000006,GF-6\n' >"$T/guests.csv"
"$KIOSK" init --event "খোঁজ" --pin 1234 >/dev/null || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
names() { printf '%s\n' "$OUT" | cut -f2 | sort | tr '\n' '|'; }

expect_exit "rashed" 0 "$KIOSK" attendees list --search rashed
equals "rashed finds রাশেদ" "$(names)" "রাশেদ করিম|"
expect_exit "kaushik" 0 "$KIOSK" attendees list --search kaushik
equals "kaushik finds কৌশিক and Kaushik" "$(names)" "Kaushik Das|কৌশিক মিস্ত্রী|"
expect_exit "Bengali finds Latin" 0 "$KIOSK" attendees list --search "আক্তার"
equals "আক্তার finds Akter" "$(names)" "Farhana Akter|"
expect_exit "a first letter" 0 "$KIOSK" attendees list --search "ক"
contains "ক finds ক্ষমা" "$(names)" "ক্ষমা রক্ষিত"
expect_exit "khoma" 0 "$KIOSK" attendees list --search khoma
equals "khoma finds ক্ষমা" "$(names)" "ক্ষমা রক্ষিত|"
expect_exit "both Unicode forms" 0 "$KIOSK" attendees list --search "হোসেন জয়"
contains "the one-sign query finds the two-part name" "$(names)" "সেন"
expect_exit "hossain joy" 0 "$KIOSK" attendees list --search "hossain joy"
contains "hossain joy finds it too" "$(names)" "সেন"
expect_exit "phone digits" 0 "$KIOSK" attendees list --search "০০০৪"
equals "Bengali phone digits" "$(names)" "Kaushik Das|"
expect_exit "nobody found exits 1" 1 "$KIOSK" attendees list --search "qqqqzzzz"
equals "nothing printed" "$OUT" ""
expect_exit "a cancelled guest is not found" 0 "$KIOSK" attendees cancel GF-1
expect_exit "cancelled: not found" 1 "$KIOSK" attendees list --search rashed
expect_exit "verify with name keys" 0 "$KIOSK" verify
expect_exit "rebuild" 0 "$KIOSK" rebuild
expect_exit "verify after rebuild" 0 "$KIOSK" verify
expect_exit "search after rebuild" 0 "$KIOSK" attendees list --search kaushik
equals "same results after rebuild" "$(names)" "Kaushik Das|কৌশিক মিস্ত্রী|"

if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3); then
	notok "search window test needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"
TRACE="$T/trace"
door_window
xdotool mousemove 640 360
# The search must be open before typing: typed letters would otherwise
# reach the ready screen as a scanner's code.
check "the search opens" open_screen search 2
xdotool type --delay 20 "khoma"
# The result comes once the index (built after the first frame) is there.
for _ in $(seq 100); do [ -n "$(target 100)" ] && break; sleep 0.05; done
check "typing a Latin name shows a result" tap 100
check "checked in from the result" wait_trace "verdict_frame ok" 1
equals "the Bengali guest found by a Latin name is checked in" \
	"$(sqlite3 "$DATA/kiosk.db" "select a.code from active_checkins c join attendees a on a.id=c.attendee_id")" "GF-3"
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null

# The door builds its search index after the first frame (issue 15), and
# redraws only the part of the window that changed (the results, not the
# keyboard): after typing and erasing, the window equals the picture drawn
# whole for the same query.
: >"$TRACE"
KIOSK_TRACE="$TRACE" "$KIOSK" run --window 1280x720 --camera none --lang en >"$T/k.out" 2>"$T/k.err" &
PID=$!
on_exit "kill $PID 2>/dev/null"
wait_trace "first_frame" 1 || { notok "kiosk starts again" "$(cat "$T/k.err")"; exit 0; }
check "the search index is built after the first frame" wait_trace "search_ready 6 rows" 1
check "after the first frame" test "$(grep -n -m1 first_frame "$TRACE" | cut -d: -f1)" -lt \
	"$(grep -n -m1 search_build "$TRACE" | cut -d: -f1)"
xdotool mousemove 640 360
tap 2 && wait_screen search
xdotool type --delay 60 "kaushikx"
sleep 0.3
xdotool key BackSpace
sleep 0.3
xdotool mousemove 1 1
sleep 0.3
check "kaushik shows two results" wait_trace "results_frame 2" 1
xwd -root -silent -display "$DISPLAY" | convert xwd:- "$T/live.png"
"$KIOSK" run --window 1280x720 --lang en --show search --type kaushik --screenshot "$T/whole.png" \
	--after-ms 100 >/dev/null 2>&1 || notok "the whole picture"
equals "the window redrawn in parts equals the picture drawn whole" \
	"$(compare -metric AE "$T/live.png" "$T/whole.png" /dev/null 2>&1)" "0"
kill "$PID" 2>/dev/null
