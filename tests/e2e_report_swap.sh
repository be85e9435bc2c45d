#!/bin/bash
# e2e_report_swap.sh - replacing a report folder is complete or not at all:
# a kill at any rename or removal leaves the old report whole or the new one
# whole (never summary.csv of one run beside index.html of the other), a
# failure leaves the old one untouched, a killed run's leftovers beside the
# folder go with the next run, and a folder with the user's own files in it
# is refused, not emptied. The kills are real SIGKILLs from strace's fault
# injection at the Nth call of a syscall. Each block failed on the code
# before the fix (which renamed the 17 files into place one by one).
. "$(dirname "$0")/lib.sh"
# LeakSanitizer cannot run under ptrace (strace): the asan build's leak check
# is off here; leaks are other tests' job.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

A="$T/alpha" B="$T/beta" O="$T/rep"
expect_exit "init Alpha" 0 env KIOSK_DATA="$A" "$KIOSK" init --event Alpha --pin 1234
expect_exit "init Beta" 0 env KIOSK_DATA="$B" "$KIOSK" init --event Beta --pin 1234
files=$(printf '%s\n' index.html summary.csv arrivals.csv doors.csv double_entries.csv \
	no_shows.csv rejections.csv returning.csv feedback_products.csv feedback_tags.csv \
	feedback_comments.csv orders_sellers.csv orders_payments.csv courier.csv devices.csv \
	payments_unmatched.csv cod_risky.csv walkin_duplicates.csv | sort)

# What $O holds: "old" (byte for byte the Alpha report made last), "new" (a
# whole Beta report), "none", or "mixed: ..." for anything else.
hash() { (cd "$O" && sha256sum ./* 2>/dev/null | sort); }
state() {
	[ -e "$O" ] || { echo none; return; }
	[ "$(ls -A "$O" | sort)" = "$files" ] || { echo "mixed: files $(ls -A "$O" | tr '\n' ' ')"; return; }
	[ "$(hash)" = "$old" ] && { echo old; return; }
	if grep -q '^event_name,Beta' "$O/summary.csv" && grep -q '<title>Beta' "$O/index.html"; then
		echo new; return
	fi
	echo "mixed: $(grep event_name "$O/summary.csv") $(grep -o '<title>[^<]*' "$O/index.html")"
}
leftovers() { find "$T" -maxdepth 1 -name '.rep.report-*' | wc -l; }
alpha() { KIOSK_DATA="$A" "$KIOSK" report --out "$O" --no-font >/dev/null 2>&1; old=$(hash); }
# killed SYSCALL N [EXTRA STRACE ARGS...]: Beta's report, killed at the Nth
# SYSCALL; $also: more syscalls to trace (an injection needs its own traced).
also=""
killed() {
	local sc=$1 n=$2; shift 2
	(KIOSK_DATA="$B" exec strace -f -qq -o /dev/null "$@" -e trace="$sc$also" \
		-e inject="$sc":signal=KILL:when="$n" "$KIOSK" report --out "$O" --no-font \
		>/dev/null 2>&1)
}

# --- A kill at any point: the old report whole or the new one whole --------
# rename: the 18 files into the folder being built; renameat2: the swap;
# unlinkat and rmdir: the old report's removal after it.
for point in "rename 1 old" "rename 9 old" "rename 18 old" "renameat2 1 old" \
	"unlinkat 1 new" "unlinkat 9 new" "unlinkat 18 new" "rmdir 1 new"; do
	set -- $point
	alpha
	killed "$1" "$2"
	rc=$?
	if [ "$rc" = 137 ]; then ok "report killed at $1 #$2"
	else notok "report killed at $1 #$2" "exit $rc: the run ended before that call"; fi
	equals "killed at $1 #$2: the $3 report, whole" "$(state)" "$3"
done
check "the killed runs' folders beside the report stay until the next run" test "$(leftovers)" -gt 0
alpha
equals "the next run removes them" "$(leftovers)" "0"
equals "and writes its report whole" "$(state)" "old"

# --- No RENAME_EXCHANGE (FAT): the old report moves aside, the new one in ---
nox="-e inject=renameat2:error=EINVAL" also=",renameat2"
killed rename 19 $nox
equals "no swap, killed moving the old report aside: the old report" "$(state)" "old"
killed rename 20 $nox
equals "no swap, killed between the two renames: no folder for a moment" "$(state)" "none"
also=""
(KIOSK_DATA="$B" exec strace -f -qq -o /dev/null -e trace=renameat2 \
	-e inject=renameat2:error=EIO "$KIOSK" report --out "$O" --no-font >/dev/null 2>&1)
equals "the next run (failing) first puts the old report back" "$(state)" "old"
expect_exit "no swap: the report is written" 0 env KIOSK_DATA="$B" strace -f -qq -o /dev/null \
	-e trace=renameat2 -e inject=renameat2:error=EINVAL "$KIOSK" report --out "$O" --no-font
equals "whole" "$(state)" "new"
equals "with nothing left beside it" "$(leftovers)" "0"

# --- A failure leaves the old report untouched --------------------------------
alpha
expect_exit "the swap fails: exit 3" 3 env KIOSK_DATA="$B" strace -f -qq -o /dev/null \
	-e trace=renameat2 -e inject=renameat2:error=EIO "$KIOSK" report --out "$O" --no-font
contains "says why" "$ERR" "cannot replace '$O': Input/output error"
equals "the old report, untouched" "$(state)" "old"
equals "nothing left beside it" "$(leftovers)" "0"
rm "$O/index.html"
mkdir -p "$O/index.html/x"
before=$(cd "$O" && find . | sort; hash)
expect_exit "a folder where the page goes: exit 3" 3 env KIOSK_DATA="$B" "$KIOSK" report --out "$O"
equals "and not one file replaced" "$(cd "$O" && find . | sort; hash)" "$before"
rm -rf "$O"

# --- The user's own files in the folder: kept, the report's replaced one by one -
alpha
echo "my notes" >"$O/notes.txt"
expect_exit "a report folder holding notes.txt: written" 0 env KIOSK_DATA="$B" "$KIOSK" report --out "$O" --no-font
contains "saying it went file by file" "$ERR" "holds 'notes.txt', so its files were replaced one by one"
equals "the notes kept" "$(cat "$O/notes.txt")" "my notes"
contains "the report is Beta's" "$(cat "$O/summary.csv")" "event_name,Beta"
rm "$O/notes.txt"
# An older version's temp folder and temp files in it are the report's own.
mkdir "$O/.report-part-999999" && echo x >"$O/.report-part-999999/summary.csv"
echo x >"$O/.summary.csv.tmp.999999.0"
expect_exit "a report folder with an older run's temp files: replaced" 0 \
	env KIOSK_DATA="$B" "$KIOSK" report --out "$O" --no-font
equals "whole, and without them" "$(state)" "new"
mkdir -p "$T/home/docs" && echo keep >"$T/home/docs/letter.txt"
expect_exit "a folder of other files (a home folder): written beside them" 0 \
	env KIOSK_DATA="$B" "$KIOSK" report --out "$T/home" --no-font
equals "and the folder's own files left as they were" "$(cat "$T/home/docs/letter.txt")" "keep"
check "with the report in it" test -s "$T/home/index.html"
ln -s "$O" "$T/link"
expect_exit "report through the symlink" 0 env KIOSK_DATA="$A" "$KIOSK" report --out "$T/link/" --no-font
check "replaces the folder it names, the link stays a link" test -L "$T/link"
contains "with Alpha's report" "$(cat "$O/summary.csv")" "event_name,Alpha"
