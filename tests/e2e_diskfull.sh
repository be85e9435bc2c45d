#!/bin/bash
# e2e_diskfull.sh - a check-in that cannot be written (full disk, read-only
# database) prints one clear error, exits 3, never prints ok, and leaves the
# journal as it was; once the fault is gone the same check-in succeeds.
#
# The faults are real, not injected:
# - full disk: a small tmpfs, mounted inside a private mount namespace
#   (unshare -m) so it can never outlive the test, filled with a file and
#   then given back a little room at a time (0 .. 128 KiB free), which hits
#   the store at different moments: opening, appending, committing.
#   Where mounting is not permitted (an unprivileged container), the size
#   limit RLIMIT_FSIZE (ulimit -f) makes the kernel refuse the writes instead
#   (EFBIG, not ENOSPC); the test says which one it used.
# - read-only: the data folder bind-mounted read-only (EROFS, as a locked USB
#   stick); and the database file without write permission for the user
#   running the kiosk. Tests run as root in CI and root ignores file
#   permissions, so that case runs the kiosk as 'nobody' via setpriv.
source "$(dirname "$0")/lib.sh"

{
	echo "name,phone"
	for i in 1 2 3 4 5 6 7 8 9 10; do printf 'Guest %d,0171100000%d\n' "$i" $((i - 1)); done
} >"$T/guests.csv"
"$KIOSK" init --event "Disk full" --pin 1234 >/dev/null 2>&1 || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null 2>&1 || notok "import"
"$KIOSK" tickets issue --out "$T/tickets" >/dev/null 2>&1 || notok "tickets issue"
mapfile -t codes < <(sqlite3 :memory: ".import --csv '$T/tickets/codes.csv' c" "select code from c")
equals "a code per guest" "${#codes[@]}" "10"
checkins() { sqlite3 "$1/kiosk.db" "select count(*) from journal where kind='checkin'"; }

# judge NAME RC OUT ERR BEFORE AFTER: the rules for a write that failed
# (BEFORE/AFTER: check-ins in the journal before and after it).
judge() {
	local name=$1 rc=$2 out=$3 err=$4 before=$5 after=$6
	equals "$name: exit 3" "$rc" "3"
	lacks "$name: never prints ok" "$out" "ok"
	equals "$name: one line on stderr" "$(printf '%s\n' "$err" | wc -l)" "1"
	case "$err" in
	*"disk is full"* | *"No space left"* | *"File too large"* | *"ead-only"* | *"readonly"* | *"Permission denied"*)
		ok "$name: the error says why ($err)" ;;
	*) notok "$name: the error says why" "stderr: $err" ;;
	esac
	equals "$name: nothing journaled" "$after" "$before"
}

# ---- full disk -----------------------------------------------------------

FS="$T/fs"
mkdir -p "$FS"
cat >"$T/full.sh" <<'SH'
# Runs inside the private mount namespace (or, with NOMOUNT=1, under
# ulimit -f). Leaves one result line per attempt in $T/full-N.*.
set -u
if [ "${NOMOUNT:-0}" = 0 ]; then
	mount -t tmpfs -o size=1m tmpfs "$FS" || exit 90
fi
i=0
for free in 0 4096 8192 16384 24576 32768 49152 65536 131072; do
	i=$((i + 1))
	rm -rf "$FS/data" "$FS/filler"
	cp -a "$DATA" "$FS/data" || exit 91
	before=$(sqlite3 "$FS/data/kiosk.db" "select count(*) from journal where kind='checkin'")
	if [ "${NOMOUNT:-0}" = 0 ]; then
		dd if=/dev/zero of="$FS/filler" bs=4k >/dev/null 2>&1 # stops at ENOSPC
		truncate -s "-$free" "$FS/filler" || exit 92
		KIOSK_DATA="$FS/data" "$KIOSK" checkin "$CODE" >"$T/full-$i.out" 2>"$T/full-$i.err"
		echo $? >"$T/full-$i.rc"
		rm -f "$FS/filler"
	else
		# ulimit -f counts 1 KiB blocks; a WAL frame is 4 KiB + 24 bytes.
		# One block more than "free" so the kiosk's own stdout and stderr
		# files (subject to the same limit) can still take its message.
		( trap '' XFSZ; ulimit -f $((free / 1024 + 1)); \
		  KIOSK_DATA="$FS/data" exec "$KIOSK" checkin "$CODE" ) >"$T/full-$i.out" 2>"$T/full-$i.err"
		echo $? >"$T/full-$i.rc"
	fi
	echo "$free $before" >"$T/full-$i.info"
	KIOSK_DATA="$FS/data" "$KIOSK" verify >"$T/full-$i.verify" 2>&1
	echo $? >>"$T/full-$i.verify"
	sqlite3 "$FS/data/kiosk.db" "select count(*) from journal where kind='checkin'" >"$T/full-$i.after"
	KIOSK_DATA="$FS/data" "$KIOSK" checkin "$CODE" >"$T/full-$i.retry" 2>&1
	echo $? >>"$T/full-$i.retry"
done
SH
export T FS DATA KIOSK CODE=${codes[0]}
how="a 1 MiB tmpfs filled up (ENOSPC)"
# DISKFULL_NOMOUNT=1 tries the fallback where mounting works too.
if [ "${DISKFULL_NOMOUNT:-0}" = 1 ] ||
	! unshare --mount --propagation private bash "$T/full.sh" 2>"$T/full.log"; then
	if [ -n "$(ls "$T"/full-*.rc 2>/dev/null)" ]; then
		notok "full-disk script ran to the end" "$(cat "$T/full.log")"
	fi
	rm -f "$T"/full-*
	how="ulimit -f, as mounting a tmpfs is not permitted here (EFBIG)"
	NOMOUNT=1 bash "$T/full.sh" 2>"$T/full.log" || notok "full-disk script (ulimit)" "$(cat "$T/full.log")"
fi
echo "# full disk: $how"
failed=0 succeeded=0
for info in "$T"/full-*.info; do
	n=${info%.info}
	read -r free before <"$info"
	rc=$(<"$n.rc") out=$(<"$n.out") err=$(<"$n.err")
	if [ "$rc" -eq 0 ]; then
		# Enough room: then it must really be in the journal.
		succeeded=$((succeeded + 1))
		contains "full disk, $free bytes free: ok is printed" "$out" "ok: "
		equals "full disk, $free bytes free: ok is journaled" "$(<"$n.after")" "$((before + 1))"
	else
		failed=$((failed + 1))
		judge "full disk, $free bytes free" "$rc" "$out" "$err" "$before" "$(<"$n.after")"
	fi
	equals "full disk, $free bytes free: verify passes after" "$(tail -1 "$n.verify")" "0"
	retry=$(<"$n.retry")
	if [ "$rc" -eq 0 ]; then
		contains "full disk, $free bytes free: a second scan is 'already used'" "$retry" "already used"
	else
		contains "full disk, $free bytes free: with room again it checks in" "$retry" "ok: "
	fi
done
check "full disk: some attempts failed" test "$failed" -gt 0
echo "# full disk: $failed attempts refused, $succeeded had enough room"

# ---- read-only: the data folder mounted read-only (EROFS) ------------------

RO="$T/ro"
cp -a "$DATA" "$RO"
before=$(checkins "$RO")
cat >"$T/ro.sh" <<'SH'
set -u
mount --bind "$RO" "$RO" && mount -o remount,bind,ro "$RO" || exit 90
KIOSK_DATA="$RO" "$KIOSK" checkin "$CODE" >"$T/ro.out" 2>"$T/ro.err"
echo $? >"$T/ro.rc"
SH
export RO
if unshare --mount --propagation private bash "$T/ro.sh" 2>"$T/ro.log"; then
	judge "read-only mount" "$(<"$T/ro.rc")" "$(<"$T/ro.out")" "$(<"$T/ro.err")" \
		"$before" "$(checkins "$RO")"
	expect_exit "read-only mount: writable again, it checks in" 0 env KIOSK_DATA="$RO" "$KIOSK" checkin "$CODE"
else
	echo "# read-only mount: mounting is not permitted here ($(head -1 "$T/ro.log")); the permission case below still runs"
fi

# ---- read-only: no write permission on the database --------------------------

PERM="$T/perm"
cp -a "$DATA" "$PERM"
before=$(checkins "$PERM")
chmod 0444 "$PERM/kiosk.db" && chmod 0555 "$PERM" || notok "chmod the data folder read-only"
if [ "$(id -u)" -eq 0 ]; then
	# Root ignores permissions: run the kiosk as nobody, from a copy it can
	# reach (the checkout may sit under a 0700 home; $T is made traversable).
	mkdir -p "$T/bin" && cp "$KIOSK" "$T/bin/kiosk" && chmod 0755 "$T" "$T/bin" ||
		notok "copy the kiosk for nobody"
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	who="as nobody"
	run_kiosk="$T/bin/kiosk"
else
	as_user=()
	who="as $(id -un)"
	run_kiosk=$KIOSK
fi
"${as_user[@]}" env KIOSK_DATA="$PERM" "$run_kiosk" checkin "$CODE" >"$T/perm.out" 2>"$T/perm.err"
rc=$?
echo "# read-only database: kiosk run $who"
judge "read-only database" "$rc" "$(<"$T/perm.out")" "$(<"$T/perm.err")" "$before" "$(checkins "$PERM")"
chmod 0755 "$PERM" && chmod 0644 "$PERM/kiosk.db" || notok "chmod the data folder back"
expect_exit "read-only database: writable again, it checks in" 0 env KIOSK_DATA="$PERM" "$KIOSK" checkin "$CODE"
