#!/bin/bash
# e2e_programs.sh - a command-line process loads only what it uses: the
# libraries each `kiosk` process really maps at run time (the dynamic
# loader's own list, LD_DEBUG=files, dlopen included) hold no SDL, audio,
# V4L2 or zbar for checkin, verify, report and kiosk-sync; `kiosk run` and
# `kiosk scan` exec their programs (kiosk-screen, kiosk-scan) with the same
# command line, pid and exit code, and say so in one line when one is missing.
source "$(dirname "$0")/lib.sh"
SYNC="$ROOT/$BUILD/kiosk-sync"
HEAVY='libSDL2|libasound|libpulse|libv4l|libzbar|libX11|libwayland'

# The shared objects a run of COMMAND... opened (ld.so's "file=NAME" lines).
loaded() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\).*\[0\];.*needed by.*/\1/p;
		s/.*file=\([^ ]*\) \[0\];  dynamically loaded by.*/\1/p' | sort -u | tr '\n' ' '
}

"$KIOSK" init --event "Programs" >/dev/null 2>&1 || notok "init"
printf 'name,phone\nRahim,01712345678\n' >"$T/g.csv"
"$KIOSK" attendees import "$T/g.csv" >/dev/null 2>&1 || notok "import"
"$KIOSK" tickets issue --out "$T/tix" >/dev/null 2>&1 || notok "tickets"
code=$(tail -1 "$T/tix/codes.csv" | cut -d, -f3)

libs=$(loaded "$KIOSK" checkin "$code")
contains "the loader reports what a checkin opened" "$libs" "libsqlite3"
if grep -qE "$HEAVY" <<<"$libs"; then notok "checkin loads no SDL, audio, V4L2 or zbar" "$libs"
else ok "checkin loads no SDL, audio, V4L2 or zbar"; fi
for cmd in "verify" "report --out $T/report" "attendees list"; do
	# shellcheck disable=SC2086 # cmd is words on purpose
	libs=$(loaded "$KIOSK" $cmd)
	if grep -qE "$HEAVY" <<<"$libs"; then notok "kiosk $cmd loads no SDL, audio, V4L2 or zbar" "$libs"
	else ok "kiosk $cmd loads no SDL, audio, V4L2 or zbar"; fi
done
# Only kiosk-sync and the door's screen (its background push) move entries to
# PostgreSQL; libpq and what it links (Kerberos, LDAP, GnuTLS: 22 objects)
# cost every other process start 3-4 ms.
for cmd in "checkin $code" "scan $T/tix/0001-rahim.png" "attendees list"; do
	# shellcheck disable=SC2086 # cmd is words on purpose
	libs=$(loaded "$KIOSK" $cmd)
	if grep -q "libpq" <<<"$libs"; then notok "kiosk ${cmd%% *} loads no libpq" "$libs"
	else ok "kiosk ${cmd%% *} loads no libpq"; fi
done
libs=$(loaded "$SYNC" status)
if grep -qE "$HEAVY" <<<"$libs"; then notok "kiosk-sync loads no SDL, audio, V4L2 or zbar" "$libs"
else ok "kiosk-sync loads no SDL, audio, V4L2 or zbar"; fi
# kiosk scan needs zbar (and what Debian's zbar links), never SDL or audio.
libs=$(loaded "$KIOSK" scan "$T/tix/0001-rahim.png")
contains "kiosk scan runs zbar (in kiosk-scan)" "$libs" "libzbar"
if grep -qE 'libSDL2|libasound|libpulse' <<<"$libs"; then notok "kiosk scan loads no SDL or audio" "$libs"
else ok "kiosk scan loads no SDL or audio"; fi

# The helpers take the same command line and give the same answers.
expect_exit "kiosk scan decodes through kiosk-scan" 0 "$KIOSK" scan "$T/tix/0001-rahim.png"
equals "kiosk scan prints PATH<TAB>TEXT" "$OUT" "$T/tix/0001-rahim.png	$code"
expect_exit "kiosk scan of a missing file: exit 3" 3 "$KIOSK" scan "$T/none.png"
expect_exit "kiosk run --help through kiosk-screen" 0 "$KIOSK" run --help
contains "kiosk run --help names the modes" "$OUT" "--mode"
expect_exit "kiosk run with a bad option: exit 4" 4 "$KIOSK" run --no-such-option
# --data reaches the helper (KIOSK_DATA names a good store; --data an empty
# folder, which run refuses, naming it).
expect_exit "kiosk --data EMPTY run: the helper sees --data" 3 "$KIOSK" --data "$T/empty" run --mode door --window 320x240
contains "the helper names the empty folder" "$ERR" "$T/empty"

# Without its helper beside it or in PREFIX/libexec/kiosk: one line, exit 3.
mkdir -p "$T/alone" && cp "$KIOSK" "$T/alone/kiosk"
expect_exit "kiosk run without kiosk-screen: exit 3" 3 "$T/alone/kiosk" run --help
contains "one line naming the missing program" "$ERR" "kiosk-screen"
equals "just one line" "$(wc -l <<<"$ERR")" "1"
