#!/bin/bash
# e2e_sync_bundle.sh - enrolment (kiosk device add/join) and folder bundles
# (kiosk-sync push/pull/status/verify) on real stores: idempotent and
# order-independent imports; truncated, corrupted, re-ordered, tampered and
# unknown-device bundles refused with nothing applied; double entries flagged.
source "$(dirname "$0")/lib.sh"
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
export KIOSK_QUIET=1

dump() { sqlite3 "$1/kiosk.db" "SELECT device_id, seq, hex(hash) FROM journal ORDER BY 1, 2" | md5sum; }
count() { sqlite3 "$1/kiosk.db" "SELECT count(*) FROM journal"; }
lines() { printf '%s\n' "$1" | grep -c .; }

ORG=$T/org D1=$T/d1 D2=$T/d2
"$KIOSK" --data "$ORG" init --event "Meetup" >/dev/null || { notok "init"; exit 1; }

# ---- enrolment ----------------------------------------------------------
expect_exit "device add door-1" 0 "$KIOSK" --data "$ORG" device add "Door 1" --out "$T/d1.kbundle"
expect_exit "device add door-2" 0 "$KIOSK" --data "$ORG" device add "Door 2" --out "$T/d2.kbundle"
equals "bundle file is private (0600)" "$(stat -c %a "$T/d1.kbundle")" "600"
expect_exit "device add refuses an existing file" 3 "$KIOSK" --data "$ORG" device add "Door 3" --out "$T/d1.kbundle"
equals "error is one line" "$(lines "$ERR")" "1"
expect_exit "device add needs --out" 4 "$KIOSK" --data "$ORG" device add "Door 3"

size=$(stat -c %s "$T/d1.kbundle")
head -c $((size - 10)) "$T/d1.kbundle" >"$T/cut.kbundle"
expect_exit "join refuses a truncated enrolment bundle" 3 "$KIOSK" --data "$T/cut" device join "$T/cut.kbundle"
contains "truncated join says why" "$ERR" "truncated"
check "failed join leaves nothing behind" test ! -e "$T/cut"
sed 's/Meetup/Meetuq/' "$T/d1.kbundle" >"$T/bad.kbundle"
expect_exit "join refuses an altered enrolment bundle" 3 "$KIOSK" --data "$T/bad" device join "$T/bad.kbundle"

expect_exit "door-1 joins" 0 "$KIOSK" --data "$D1" device join "$T/d1.kbundle"
expect_exit "door-2 joins" 0 "$KIOSK" --data "$D2" device join "$T/d2.kbundle"
contains "joined under the enrolled id" "$OUT" "door-2-"
expect_exit "joining twice is refused" 3 "$KIOSK" --data "$D2" device join "$T/d2.kbundle"
equals "door got the organizer's journal" "$(dump "$D2")" "$(dump "$ORG")"
equals "door got the event id" "$(sqlite3 "$D1/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")"
equals "door got the public ticket keys" "$(sqlite3 "$D1/kiosk.db" "SELECT hex(pubkey) FROM event_keys")" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT hex(pubkey) FROM event_keys")"
check "door holds no event secret key" test ! -e "$D1/event.key"
expect_exit "device add refused on a door" 3 "$KIOSK" --data "$D1" device add "Door 9" --out "$T/d9.kbundle"

# ---- push / pull --------------------------------------------------------
"$FILL" "$D1" 50 && "$FILL" "$D2" 30 || notok "fill"
expect_exit "door-1 pushes" 0 "$KSYNC" --data "$D1" push --to "$T/usb"
contains "push says how many" "$OUT" "pushed 50 entries"
expect_exit "door-2 pushes" 0 "$KSYNC" --data "$D2" push --to "$T/usb"
expect_exit "second push has nothing new" 0 "$KSYNC" --data "$D2" push --to "$T/usb"
contains "nothing to push" "$OUT" "nothing to push"
cp -a "$ORG" "$T/org0"        # the organizer before any pull
n0=$(count "$ORG")
expect_exit "organizer pulls" 0 "$KSYNC" --data "$ORG" pull --from "$T/usb"
contains "pull counts the new entries" "$OUT" "pulled 80 new entries"
equals "organizer holds the union" "$(count "$ORG")" "$((n0 + 80))"
before=$(dump "$ORG")
expect_exit "the same bundle again" 0 "$KSYNC" --data "$ORG" pull --from "$T/usb"
contains "second pull adds nothing" "$OUT" "pulled 0 new entries (80 already held)"
equals "second pull changes nothing" "$(dump "$ORG")" "$before"
expect_exit "kiosk verify after pull" 0 "$KIOSK" --data "$ORG" verify
expect_exit "kiosk-sync verify after pull" 0 "$KSYNC" --data "$ORG" verify

# door-2 learns door-1's entries through the same stick (enrolled by the organizer).
expect_exit "a door pulls the other door" 0 "$KSYNC" --data "$D2" pull --from "$T/usb"
contains "door-2 got door-1's 50" "$OUT" "pulled 50 new entries"

# Order independence: two sticks, pulled in both orders.
mkdir -p "$T/a" "$T/b"
cp -a "$T/usb/$(basename "$(ls -d "$T"/usb/door-1-*)")" "$T/a/"
cp -a "$T/usb/$(basename "$(ls -d "$T"/usb/door-2-*)")" "$T/b/"
"$FILL" "$D1" 7 && "$KSYNC" --data "$D1" push --to "$T/a" >/dev/null
cp -a "$T/org0" "$T/x"; cp -a "$T/org0" "$T/y"
"$KSYNC" --data "$T/x" pull --from "$T/a" >/dev/null && "$KSYNC" --data "$T/x" pull --from "$T/b" >/dev/null
"$KSYNC" --data "$T/y" pull --from "$T/b" >/dev/null && "$KSYNC" --data "$T/y" pull --from "$T/a" >/dev/null
equals "pull order does not matter" "$(dump "$T/x")" "$(dump "$T/y")"
equals "both orders hold the union" "$(count "$T/x")" "$((n0 + 87))"
rm -rf "$T/x" "$T/y"

# ---- refusals: nothing of a bad bundle is applied -----------------------
refused() { # NAME DIR: pull into a fresh copy of org0 must fail and change nothing
	rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
	expect_exit "$1 is refused" 3 "$KSYNC" --data "$T/z" pull --from "$2"
	equals "$1: one error line" "$(lines "$ERR")" "1"
	equals "$1: nothing applied" "$(dump "$T/z")" "$(dump "$T/org0")"
}
seg1=$(ls "$T"/a/door-1-*/000000000001-*.kseg)
mkbad() { rm -rf "$T/bad"; cp -a "$T/a" "$T/bad"; BADSEG="$T/bad/${seg1#"$T"/a/}"; }

mkbad; sed -i '0,/packaging/s/packaging/packagin9/' "$BADSEG"
refused "a corrupted body" "$T/bad"
contains "corruption named" "$ERR" "hash does not match"

mkbad; awk 'NR==9{l9=$0; next} NR==11{print; print l9; next} {print}' "$seg1" >"$BADSEG"
refused "re-ordered entries" "$T/bad"

mkbad; sig=$(tail -1 "$seg1" | cut -c5-); flip=$(printf '%s' "$sig" | tr '0-9a-f' '1-9a-f0')
sed -i "s/^sig .*/sig $flip/" "$BADSEG"
refused "a forged signature" "$T/bad"
contains "signature named" "$ERR" "signature does not verify"

mkbad; head -c 300 "$seg1" >"$BADSEG"
refused "a truncated segment" "$T/bad"

mkbad; mv "$BADSEG" "${BADSEG%/*}/000000000001-000000000049.kseg"
refused "a segment renamed to another range" "$T/bad"

# A device that was never enrolled (a store of its own, no event).
"$FILL" "$T/stranger" 3
"$KSYNC" --data "$T/stranger" push --to "$T/strange" >/dev/null
rm -rf "$T/mixed"; cp -a "$T/a" "$T/mixed"; cp -a "$T"/strange/* "$T/mixed/"
rm -rf "$T/z2"; cp -a "$T/org0" "$T/z2"
"$KSYNC" --data "$T/z2" pull --from "$T/a" >/dev/null 2>&1 || notok "pull of the good bundle alone"
rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
expect_exit "a bundle with an unknown device is refused" 3 "$KSYNC" --data "$T/z" pull --from "$T/mixed"
equals "a bundle with an unknown device: one error line" "$(lines "$ERR")" "1"
contains "unknown device named" "$ERR" "refused device $(sqlite3 "$T/stranger/kiosk.db" "SELECT value FROM meta WHERE key='device_id'"): "
contains "and why" "$ERR" "not enrolled"
equals "the enrolled devices of that bundle are applied all the same" "$(dump "$T/z")" "$(dump "$T/z2")"

# A stick also holds what is not ours (a file system's lost+found, a camera's
# DCIM, Windows' files and copies): skipped with one line, never a refusal.
# Damage inside one device's own folder refuses that device only.
d1dir=$(basename "$(ls -d "$T"/a/door-1-*)") d2dir=$(basename "$(ls -d "$T"/b/door-2-*)")
rm -rf "$T/both" "$T/z2"; mkdir -p "$T/both"; cp -a "$T/a/$d1dir" "$T/b/$d2dir" "$T/both/"
cp -a "$T/org0" "$T/z2"; "$KSYNC" --data "$T/z2" pull --from "$T/both" >/dev/null || notok "pull of a clean stick"
mkdir -p "$T/both/lost+found" "$T/both/System Volume Information" "$T/both/DCIM/100MEDIA"
echo notes >"$T/both/notes.txt"; touch "$T/both/$d1dir/Thumbs.db"
cp "$seg1" "$T/both/$d1dir/$(basename "${seg1%.kseg}")(1).kseg"
cp -a "$T/both/$d1dir" "$T/both/$d1dir (copy)"
rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
expect_exit "a stick with stray files and folders is pulled" 0 "$KSYNC" --data "$T/z" pull --from "$T/both"
equals "strays: one line says what was skipped" "$(lines "$ERR")" "1"
contains "strays: counted" "$ERR" "skipped 7 entries that are not bundles"
equals "strays: every device applied" "$(dump "$T/z")" "$(dump "$T/z2")"
mv "$T/both/$d2dir" "$T/both/elsewhere"; ln -s elsewhere "$T/both/$d2dir"
rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
expect_exit "a device folder that is a symbolic link is refused" 3 "$KSYNC" --data "$T/z" pull --from "$T/both"
contains "symlinked device named" "$ERR" "refused device $d2dir: "
equals "symlinked device: the other device is applied" "$(count "$T/z")" "$(($(count "$T/org0") + 57))"
rm "$T/both/$d2dir"; mv "$T/both/elsewhere" "$T/both/$d2dir"
mkfifo "$T/both/$d2dir/000000000031-000000000031.kseg"
rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
expect_exit "a FIFO named like a segment refuses its device" 3 "$KSYNC" --data "$T/z" pull --from "$T/both"
contains "FIFO named" "$ERR" "refused device $d2dir: "
equals "FIFO: the other device is applied" "$(count "$T/z")" "$(($(count "$T/org0") + 57))"
rm -rf "$T/both" "$T/z2"

# A bundle cut at every byte offset of its last segment: never partial.
# (About 1600 pulls: under the sanitizers, where a process costs four times
# as much, every 7th offset and the last 16; the plain build checks each.)
rm -rf "$T/cut"; cp -a "$T/a" "$T/cut"
last=$(ls "$T"/a/door-1-*/*.kseg | sort | tail -1)
cutseg="$T/cut/${last#"$T"/a/}"
rm -rf "$T/z"; cp -a "$T/org0" "$T/z"
size=$(stat -c %s "$last") bad=0 applied=0 tried=0 step=1
case "$BUILD" in *asan*) step=7 ;; esac
for ((i = 0; i < size; i++)); do
	[ $((i % step)) -eq 0 ] || [ "$i" -ge $((size - 16)) ] || continue
	tried=$((tried + 1))
	head -c "$i" "$last" >"$cutseg"
	if "$KSYNC" --data "$T/z" pull --from "$T/cut" >/dev/null 2>&1; then bad=$((bad + 1)); fi
done
equals "every cut of the last segment ($tried of $size offsets) refused" "$bad" "0"
equals "no cut applied anything" "$(dump "$T/z")" "$(dump "$T/org0")"
cp "$last" "$cutseg"
expect_exit "the whole segment then imports" 0 "$KSYNC" --data "$T/z" pull --from "$T/cut"

# ---- double entries ------------------------------------------------------
ev=$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='event_id'")
# Synthetic check-in entries (what two doors that could not see each other
# journal for one ticket); the verdict logic itself is tested elsewhere.
"$FILL" "$D1" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-7\",\"door\":\"north\"}"
"$FILL" "$D2" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-7\",\"door\":\"south\"}"
"$FILL" "$D2" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-8\",\"door\":\"south\"}"
# A-9 goes out at the north door and comes back in at the south one: a
# re-entry (issue 16), not a double entry.
t9=1767300000000
"$FILL" "$D1" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"north\"}" $t9
"$FILL" "$D1" 1 exit "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"north\"}" $((t9 + 10000))
"$FILL" "$D2" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-9\",\"door\":\"south\"}" $((t9 + 20000))
"$KSYNC" --data "$D1" push --to "$T/usb" >/dev/null && "$KSYNC" --data "$D2" push --to "$T/usb" >/dev/null
expect_exit "pull with a double entry" 0 "$KSYNC" --data "$ORG" pull --from "$T/usb"
contains "pull reports the double entry" "$OUT" "double entries: 1 ticket(s)"
equals "both check-ins of A-7 kept and flagged" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT group_concat(door, ',') FROM (SELECT door FROM double_entries WHERE attendee_id='A-7' ORDER BY door)")" \
	"north,south"
equals "a single check-in is not flagged" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT count(*) FROM double_entries WHERE attendee_id='A-8'")" "0"
equals "out and back in at another door is not flagged" \
	"$(sqlite3 "$ORG/kiosk.db" "SELECT count(*) FROM double_entries WHERE attendee_id='A-9'")" "0"
expect_exit "projections equal a rebuild after merging" 0 "$KIOSK" --data "$ORG" verify
expect_exit "status runs" 0 "$KSYNC" --data "$ORG" status
contains "status shows double entries" "$OUT" "double entries: 1 ticket(s)"
# A door that joins late gets the other doors' entries too (with their own
# signatures), so it knows at once which tickets were used elsewhere.
expect_exit "late door enrolled" 0 "$KIOSK" --data "$ORG" device add "Door 4" --out "$T/d4.kbundle"
expect_exit "late door joins" 0 "$KIOSK" --data "$T/d4" device join "$T/d4.kbundle"
equals "late door holds everything the organizer holds" "$(dump "$T/d4")" "$(dump "$ORG")"
equals "late door sees the double entry" \
	"$(sqlite3 "$T/d4/kiosk.db" "SELECT count(*) FROM double_entries WHERE attendee_id='A-7'")" "2"
expect_exit "late door verifies every signature" 0 "$KSYNC" --data "$T/d4" verify
"$FILL" "$D1" 4
expect_exit "status on a door" 0 "$KSYNC" --data "$D1" status
contains "status shows what waits" "$OUT" "waiting:     4 of"

# ---- verify catches a bad signature held -------------------------------------
cp -a "$ORG" "$T/v"
sqlite3 "$T/v/kiosk.db" "UPDATE sync_tips SET sig = randomblob(64) WHERE device_id LIKE 'door-1-%'"
expect_exit "kiosk-sync verify finds a bad held signature" 1 "$KSYNC" --data "$T/v" verify
contains "verify names it" "$OUT" "does not verify"

# ---- a damaged journal is never published ---------------------------------------
cp -a "$D2" "$T/d2bad"
sqlite3 "$T/d2bad/kiosk.db" "UPDATE journal SET body = replace(body, '{', '{ ') WHERE seq = 3 AND
	device_id = (SELECT value FROM meta WHERE key = 'device_id')"
expect_exit "kiosk verify reports a changed entry as a problem" 1 "$KIOSK" --data "$T/d2bad" verify
equals "kiosk verify: no error line" "$(lines "$ERR")" "0"
contains "kiosk verify names the entry" "$OUT" "entry 3"
expect_exit "kiosk-sync verify reports it too" 1 "$KSYNC" --data "$T/d2bad" verify
expect_exit "push of a damaged journal is refused" 3 "$KSYNC" --data "$T/d2bad" push --to "$T/usbC"
equals "damaged push: one line" "$(lines "$ERR")" "1"
contains "damaged push says why" "$ERR" "does not match its hash"
check "damaged push wrote nothing" test ! -e "$T/usbC"
rm -rf "$T/d2bad"

# A fork reaching the organizer on two sticks: the conflict is named once.
cp -a "$D1" "$T/d1fork"
"$FILL" "$D1" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-8\",\"door\":\"east\"}" &&
	"$FILL" "$T/d1fork" 1 checkin "{\"event\":\"$ev\",\"id\":\"A-8\",\"door\":\"west\"}"
rm -rf "$T/f1" "$T/f2" "$T/of"; cp -a "$ORG" "$T/of"
"$KSYNC" --data "$D1" push --to "$T/f1" >/dev/null && "$KSYNC" --data "$T/d1fork" push --to "$T/f2" >/dev/null
"$KSYNC" --data "$T/of" pull --from "$T/f1" >/dev/null 2>&1
expect_exit "the other side of a fork is refused" 3 "$KSYNC" --data "$T/of" pull --from "$T/f2"
contains "the fork is named" "$ERR" "conflicts with a different entry held"
equals "the entry is named once" "$(grep -o 'entry door-1-' <<<"$ERR" | wc -l)" "1"
rm -rf "$T/d1fork" "$T/f1" "$T/f2" "$T/of"

# ---- status and verify only read: they work on a read-only stick -----------------
cat >"$T/ro.sh" <<EOF
mount --bind "$D1" "$D1" && mount -o remount,bind,ro "$D1" || exit 90
"$KSYNC" --data "$D1" status >"$T/ro.out" 2>&1; echo \$? >"$T/ro.status"
"$KSYNC" --data "$D1" verify >>"$T/ro.out" 2>&1; echo \$? >"$T/ro.verify"
EOF
if unshare --mount --propagation private bash "$T/ro.sh" 2>"$T/ro.log"; then
	equals "kiosk-sync status on a read-only store" "$(<"$T/ro.status")" "0"
	equals "kiosk-sync verify on a read-only store" "$(<"$T/ro.verify")" "0"
	lacks "read-only: no write error" "$(<"$T/ro.out")" "cannot write"
else
	echo "ok - read-only status and verify # SKIP mounting is not permitted here"
fi

# ---- bad input -----------------------------------------------------------------
expect_exit "push without a target" 4 "$KSYNC" --data "$D1" push
equals "usage error is one line" "$(lines "$ERR")" "1"
expect_exit "pull from a missing folder" 3 "$KSYNC" --data "$ORG" pull --from "$T/nope"
equals "missing folder: one line" "$(lines "$ERR")" "1"
expect_exit "unknown option" 4 "$KSYNC" --data "$ORG" pull --frm x
expect_exit "push --help" 0 "$KSYNC" push --help
expect_exit "no store" 3 "$KSYNC" --data "$T/none" status
