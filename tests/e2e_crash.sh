#!/bin/bash
# e2e_crash.sh - power cut at the door: a loop of `kiosk checkin` processes
# killed with SIGKILL at random moments (at least 200 kills; 100 under the
# sanitizers). After each kill
# the next process opens the store (SQLite's WAL recovery is the restart),
# and then: every verdict that had been printed is in the journal,
# `kiosk verify` passes, and no attendee is checked in twice.
# Randomness: bash's RANDOM with a fixed seed (CRASH_SEED), so a failing run
# can be repeated (timing still varies from run to run).
source "$(dirname "$0")/lib.sh"

# Under the sanitizers (a process costs several times as much there) 100
# kills; the plain build makes the 200.
case "$BUILD" in *asan*) KILLS=${CRASH_KILLS:-100} ;; *) KILLS=${CRASH_KILLS:-200} ;; esac
# The loop runs until KILLS kills; BUDGET only guards against a hang. It was
# 50 s, and the asan build on a slow CI machine got 199 kills in 51 s: the
# count is the test, the clock is not.
BUDGET=${CRASH_SECONDS:-300}
RANDOM=${CRASH_SEED:-4242}
GUESTS=400
TIX="$T/tickets"

{
	echo "name,phone"
	for ((i = 1; i <= GUESTS; i++)); do printf 'Guest %d,018%08d\n' "$i" "$i"; done
} >"$T/guests.csv"
"$KIOSK" init --event "Crash test" --pin 1234 >/dev/null 2>&1 || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null 2>&1 || notok "import"
"$KIOSK" tickets issue --out "$TIX" >/dev/null 2>&1 || notok "tickets issue"
mapfile -t codes < <(sqlite3 -csv :memory: ".import --csv '$TIX/codes.csv' c" "select code from c")
equals "a code per guest" "${#codes[@]}" "$GUESTS"

# A sleep without forking: read with a timeout on a pipe nobody writes to.
exec {NAPFD}<> <(:)
nap_us() { read -r -t "$(printf '0.%06d' "$1")" -u "$NAPFD" _ 2>/dev/null; return 0; }

# How long a check-in takes here, so kill moments spread over its whole life
# (process start, store open, verdict, commit and fsync, close, print). The
# window then adapts: narrower after a run that finished, wider after a kill,
# which settles at about 5 kills in 6 runs whatever the machine's speed.
start=$(date +%s%N)
for i in 1 2 3 4 5; do "$KIOSK" checkin "NOT-A-TICKET-$i" >/dev/null 2>&1; done
span_us=$((($(date +%s%N) - start) / 5000))
[ "$span_us" -gt 1000 ] || span_us=1000
[ "$span_us" -lt 900000 ] || span_us=900000
echo "# one check-in takes ~${span_us} us"

# Check the store as it is after a crash. Prints the journal's length on the
# first line, then one line per problem.
#   printed.txt: one line per verdict printed so far (the code).
check_store() {
	local v
	v=$("$KIOSK" verify 2>&1) || { echo "?"; echo "verify failed: $v"; return; }
	sqlite3 :memory: \
		"attach '$DATA/kiosk.db' as k;" \
		"create table p(code text);" \
		".import '$T/printed.txt' p" \
		"select count(*) from k.journal;" \
		"select 'printed '||n||' time(s) but journaled '||j||' time(s): '||code from
		   (select code, count(*) n,
		      (select count(*) from k.journal j where j.kind in ('checkin','checkin_rejected')
		         and json_extract(j.body,'\$.code') = p.code) j
		    from p group by code) where j < n;" \
		"select 'checked in '||count(*)||' times: '||a from
		   (select json_extract(body,'\$.id') a from k.journal where kind='checkin')
		 group by a having count(*) > 1;" 2>&1
}

# In the asan build, LeakSanitizer's scan at exit costs each process tens of
# ms and a killed process never reaches it; leaks are other tests' job.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
: >"$T/printed.txt"
kills=0 runs=0 completed=0 printed_ok=0 printed_used=0 committed_unprinted=0 killed_before=0
idx=0 fail="" deadline=$((SECONDS + BUDGET))
entries=$(sqlite3 "$DATA/kiosk.db" "select count(*) from journal")
while [ "$kills" -lt "$KILLS" ] && [ "$SECONDS" -lt "$deadline" ]; do
	# Mostly new guests; sometimes one who is already in (a second scan).
	if [ "$idx" -gt 0 ] && [ $((RANDOM % 8)) -eq 0 ]; then
		code=${codes[$((RANDOM % idx))]}
	else
		code=${codes[$idx]}
	fi
	# Emptied here: a process killed before its shell opened the file
	# would otherwise leave the previous run's verdict in it.
	: >"$T/out"
	: >"$T/err"
	"$KIOSK" checkin "$code" >"$T/out" 2>"$T/err" &
	pid=$!
	nap_us $(((RANDOM * 32768 + RANDOM) % (span_us + 1)))
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # no "Killed" notice in the log
	rc=$?
	runs=$((runs + 1))
	out=$(<"$T/out")
	if [ -n "$out" ]; then
		echo "$code" >>"$T/printed.txt"
		case "$out" in
		"ok: "*) printed_ok=$((printed_ok + 1)) ;;
		"already used"*) printed_used=$((printed_used + 1)) ;;
		*) fail="unexpected verdict for $code: $out"; break ;;
		esac
	fi
	if [ "$rc" -eq 137 ]; then
		kills=$((kills + 1))
		span_us=$((span_us * 51 / 50 + 1))
	elif [ "$rc" -le 1 ]; then
		completed=$((completed + 1))
		span_us=$((span_us * 9 / 10 + 1))
	else
		fail="check-in of $code exited $rc: $(<"$T/err")"
		break
	fi
	# The restart: the next process opens the store after the crash.
	report=$(check_store)
	now=${report%%$'\n'*}
	problems=${report#"$now"}
	problems=${problems#$'\n'}
	if [ -n "$problems" ]; then
		fail="after run $runs (exit $rc, output '${out}', stderr '$(<"$T/err")'): $problems; journal tail: $(sqlite3 "$DATA/kiosk.db" "select seq||' '||kind||' '||coalesce(json_extract(body,'\$.code'),'') from journal order by seq desc limit 4" | tr '\n' ';')"
		break
	fi
	if [ "$rc" -eq 137 ] && [ -z "$out" ]; then
		if [ "$now" -gt "$entries" ]; then
			committed_unprinted=$((committed_unprinted + 1))
		else
			killed_before=$((killed_before + 1))
		fi
	fi
	entries=$now
	# A guest whose scan got no answer scans again; otherwise the next guest.
	if [ -n "$out" ] || [ $((RANDOM % 2)) -eq 0 ]; then
		[ "$code" = "${codes[$idx]}" ] && idx=$((idx + 1))
	fi
	[ "$idx" -lt "$GUESTS" ] || { fail="ran out of guests; raise GUESTS"; break; }
done
exec {NAPFD}<&-

echo "# $runs runs in ${SECONDS}s: $kills killed ($killed_before before the commit," \
	"$committed_unprinted after the commit but before the verdict was printed)," \
	"$completed completed; verdicts printed: $printed_ok ok, $printed_used already used"
equals "no problem after any restart" "$fail" ""
check "at least $KILLS check-ins killed by SIGKILL" test "$kills" -ge "$KILLS"
check "some kills landed before the commit" test "$killed_before" -gt 0
check "some verdicts were printed" test "$((printed_ok + printed_used))" -gt 0
expect_exit "verify passes at the end" 0 "$KIOSK" verify
expect_exit "rebuild" 0 "$KIOSK" rebuild
expect_exit "verify passes after a rebuild" 0 "$KIOSK" verify
dups=$(sqlite3 "$DATA/kiosk.db" "select count(*) from (select attendee_id from checkins group by attendee_id having count(*) > 1)")
equals "no attendee twice in the check-ins" "$dups" "0"
