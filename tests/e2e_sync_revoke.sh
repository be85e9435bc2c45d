#!/bin/bash
# e2e_sync_revoke.sh - the cut-off rule of a device revocation, on real stores
# and real folder sticks (and PostgreSQL when a server can be started):
#   1 door A checks in guests and pushes; the organizer pulls; A is lost, and
#     checks in more; the organizer revokes A (cut-off = what it held of A)
#   2 two fresh door-side stores pull A's later bundle and the revocation in
#     both orders: the same status, the honest check-ins kept, the later ones
#     refused (or no longer counted), verify clean, a later pull says the same
#   3 a door that joins after the revocation gets A's honest check-ins
#   4 a revocation from before the cut-off rule (no cut-off) counts as cut-off
#     0 in both orders; a hostile or broken one (bad signature, absurd or
#     re-signed cut-off) is refused with one line and nothing changes
#   5 revoke itself: --upto past what is held refused, --upto N cuts there
#   6 the same two orders through PostgreSQL
source "$(dirname "$0")/lib.sh"
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
export KIOSK_QUIET=1

dump() { sqlite3 "$1/kiosk.db" "SELECT device_id, seq, hex(hash) FROM journal ORDER BY 1, 2" | md5sum; }
rows_of() { sqlite3 "$1/kiosk.db" "SELECT count(*) FROM journal WHERE device_id = '$2'"; }
st() { "$KIOSK" --data "$1" status; }
field() { st "$1" | sed -n "s/^$2: //p"; }
# The ids of this device's check-ins that count, sorted.
admitted_ids() { sqlite3 "$1/kiosk.db" "SELECT attendee_id FROM active_checkins ORDER BY 1" | tr '\n' ' '; }

cat >"$T/guests.csv" <<'CSV'
name,phone,code
Rashed Karim,01711000001,GF-1
Nusrat Jahan,01711000002,GF-2
Rahim Uddin,01711000003,GF-3
Salma Akter,01711000004,GF-4
Karim Mia,01711000005,GF-5
Tania Sultana,01711000006,GF-6
CSV
ORG=$T/org A=$T/a B=$T/b
"$KIOSK" --data "$ORG" init --event "Revoke" >/dev/null || { notok "init"; exit 1; }
"$KIOSK" --data "$ORG" attendees import "$T/guests.csv" >/dev/null || notok "import"
"$KIOSK" --data "$ORG" device add "Door A" --out "$T/a.kbundle" >/dev/null || notok "add A"
"$KIOSK" --data "$ORG" device add "Door B" --out "$T/b.kbundle" >/dev/null || notok "add B"
"$KIOSK" --data "$A" device join "$T/a.kbundle" >/dev/null || notok "A joins"
"$KIOSK" --data "$B" device join "$T/b.kbundle" >/dev/null || notok "B joins"
IDA=$(sqlite3 "$A/kiosk.db" "SELECT value FROM meta WHERE key='device_id'")

# ==== 1. the honest check-ins, the lost door's later ones, the revocation ====
for g in GF-1 GF-2 GF-3; do "$KIOSK" --data "$A" checkin "$g" >/dev/null || notok "A checks in $g"; done
expect_exit "1: door A pushes its check-ins" 0 "$KSYNC" --data "$A" push --to "$T/usb"
expect_exit "1: the organizer pulls them" 0 "$KSYNC" --data "$ORG" pull --from "$T/usb"
equals "1: the organizer counts them" "$(field "$ORG" admitted)" "3"
honest=$(rows_of "$ORG" "$IDA")
# Lost: whoever has it checks in more and pushes to another stick later.
for g in GF-4 GF-5; do "$KIOSK" --data "$A" checkin "$g" >/dev/null || notok "lost A checks in $g"; done
expect_exit "1: the lost door pushes its later check-ins" 0 "$KSYNC" --data "$A" push --to "$T/lost"
cp -a "$ORG" "$T/org_pre"   # the organizer just before it revokes (section 4)
expect_exit "1: the organizer revokes door A" 0 "$KIOSK" --data "$ORG" device revoke "$IDA"
contains "1: revoke prints the cut-off" "$OUT" "cut-off: $honest"
expect_exit "1: the organizer pushes the revocation" 0 "$KSYNC" --data "$ORG" push --to "$T/rev"
equals "1: the organizer still counts the honest check-ins" "$(field "$ORG" admitted)" "3"
expect_exit "1: the organizer refuses the lost door's later bundle" 3 "$KSYNC" --data "$ORG" pull --from "$T/lost"
contains "1: it says the door was revoked" "$ERR" "revoked by the organizer"
contains "1: and what it kept" "$ERR" "after seq $honest refused"
equals "1: the organizer holds only the honest entries" "$(rows_of "$ORG" "$IDA")" "$honest"
equals "1: the organizer counts only the honest check-ins" "$(field "$ORG" admitted)" "3"

# ==== 2. both pull orders on two fresh door-side stores ======================
cp -a "$B" "$T/x"; cp -a "$B" "$T/y"
# x: the lost door's bundle first, then the revocation.
expect_exit "2x: the lost door's bundle before the revocation" 0 "$KSYNC" --data "$T/x" pull --from "$T/lost"
equals "2x: (before the revocation it counts)" "$(field "$T/x" admitted)" "5"
expect_exit "2x: then the revocation" 0 "$KSYNC" --data "$T/x" pull --from "$T/rev"
contains "2x: it says which entries stopped counting" "$OUT" "no longer count"
# y: the revocation first, then the lost door's bundle.
expect_exit "2y: the revocation first" 0 "$KSYNC" --data "$T/y" pull --from "$T/rev"
expect_exit "2y: then the lost door's bundle (its later entries refused)" 3 "$KSYNC" --data "$T/y" pull --from "$T/lost"
contains "2y: one line naming the revoked door" "$ERR" "refused device $IDA: the device was revoked by the organizer"
equals "2y: that line only" "$(printf '%s\n' "$ERR" | grep -c .)" "1"
sx=$(st "$T/x"); sy=$(st "$T/y")
equals "2: the same status in both orders" "$sx" "$sy"
equals "2: the honest check-ins kept, the later ones not" "$(field "$T/y" admitted)" "3"
equals "2: the same guests in both orders" "$(admitted_ids "$T/x")" "$(admitted_ids "$T/y")"
equals "2: as the organizer counts" "$(field "$T/x" admitted)" "$(field "$ORG" admitted)"
# At the door: a guest let in before the loss is used; one let in after is not.
cp -a "$T/x" "$T/x2"; cp -a "$T/y" "$T/y2"
expect_exit "2x: an honest check-in stands (already used)" 1 "$KIOSK" --data "$T/x2" checkin GF-2
expect_exit "2y: an honest check-in stands (already used)" 1 "$KIOSK" --data "$T/y2" checkin GF-2
expect_exit "2x: a check-in after the cut-off does not (admitted here)" 0 "$KIOSK" --data "$T/x2" checkin GF-4
expect_exit "2y: a check-in after the cut-off does not (admitted here)" 0 "$KIOSK" --data "$T/y2" checkin GF-4
expect_exit "2x: kiosk verify (projections equal a rebuild)" 0 "$KIOSK" --data "$T/x" verify
expect_exit "2y: kiosk verify" 0 "$KIOSK" --data "$T/y" verify
expect_exit "2x: kiosk-sync verify" 0 "$KSYNC" --data "$T/x" verify
expect_exit "2y: kiosk-sync verify (the revocation vouches for the honest part)" 0 "$KSYNC" --data "$T/y" verify
expect_exit "2x: kiosk rebuild" 0 "$KIOSK" --data "$T/x" rebuild
equals "2x: the same status after a rebuild" "$(st "$T/x")" "$sx"
# A store that holds the revocation but not its effect (as one upgraded from
# before the cut-off rule): verify says so, kiosk rebuild puts it in force.
cp -a "$T/x" "$T/x3"
sqlite3 "$T/x3/kiosk.db" "DELETE FROM revoked_devices" || notok "2: x3"
expect_exit "2: kiosk-sync verify finds a revocation not in force" 1 "$KSYNC" --data "$T/x3" verify
contains "2: and says what to do" "$ERR$OUT" "not in force here (run 'kiosk rebuild')"
expect_exit "2: kiosk rebuild" 0 "$KIOSK" --data "$T/x3" rebuild
equals "2: after the rebuild, the same status" "$(st "$T/x3")" "$sy"
expect_exit "2: and verify is clean" 0 "$KSYNC" --data "$T/x3" verify
# A later pull of every stick: the same answer on both.
expect_exit "2x: a later pull of the lost stick refuses the same" 3 "$KSYNC" --data "$T/x" pull --from "$T/lost"
ex=$ERR
expect_exit "2y: a later pull of the lost stick refuses the same" 3 "$KSYNC" --data "$T/y" pull --from "$T/lost"
equals "2: the same refusal line in both orders" "$ex" "$ERR"
"$KSYNC" --data "$T/x" pull --from "$T/usb" >/dev/null 2>&1; "$KSYNC" --data "$T/y" pull --from "$T/usb" >/dev/null 2>&1
equals "2: still the same status" "$(st "$T/x")" "$(st "$T/y")"

# ==== 3. a door that joins after the revocation ==============================
"$KIOSK" --data "$ORG" device add "Door C" --out "$T/c.kbundle" >/dev/null || notok "add C"
expect_exit "3: door C joins after the revocation" 0 "$KIOSK" --data "$T/c" device join "$T/c.kbundle"
equals "3: it counts the honest check-ins" "$(field "$T/c" admitted)" "3"
expect_exit "3: and refuses the lost door's later ones" 3 "$KSYNC" --data "$T/c" pull --from "$T/lost"
equals "3: the same status as the others" "$(st "$T/c")" "$sy"

# ==== 4. old and hostile revocations =========================================
# A copy of the organizer from before the revocation appends a revocation made
# from the real one, changed. bench_sync_fill appends as the organizer would.
revbody=$(sqlite3 "$ORG/kiosk.db" "SELECT body FROM journal WHERE kind='device_revoked'")
old_org() { # NAME BODY: a stick carrying the pre-revocation organizer plus BODY
	rm -rf "$T/o_$1" "$T/s_$1"
	cp -a "$T/org_pre" "$T/o_$1"
	"$FILL" "$T/o_$1" 1 device_revoked "$2" || notok "4: append $1"
	"$KSYNC" --data "$T/o_$1" push --to "$T/s_$1" >/dev/null || notok "4: push $1"
}
legacy=$(sqlite3 "$ORG/kiosk.db" "SELECT json_remove('$revbody','\$.cutoff','\$.cutoff_hash','\$.cutoff_sig')")
hostile_cut=$(sqlite3 "$ORG/kiosk.db" "SELECT json_set('$revbody','\$.cutoff',99)")
negative_cut=$(sqlite3 "$ORG/kiosk.db" "SELECT json_set('$revbody','\$.cutoff',-1)")
text_cut=$(sqlite3 "$ORG/kiosk.db" "SELECT json_set('$revbody','\$.cutoff','3')")
badsig=$(sqlite3 "$ORG/kiosk.db" "SELECT json_set('$revbody','\$.sig',replace(json_extract('$revbody','\$.sig'),substr(json_extract('$revbody','\$.sig'),1,1),CASE WHEN substr(json_extract('$revbody','\$.sig'),1,1)='0' THEN '1' ELSE '0' END))")
old_org legacy "$legacy"
cp -a "$B" "$T/lx"; cp -a "$B" "$T/ly"
"$KSYNC" --data "$T/lx" pull --from "$T/lost" >/dev/null 2>&1
expect_exit "4: an old revocation (no cut-off) after the door's bundle" 0 "$KSYNC" --data "$T/lx" pull --from "$T/s_legacy"
expect_exit "4: an old revocation before the door's bundle" 0 "$KSYNC" --data "$T/ly" pull --from "$T/s_legacy"
expect_exit "4: then the door's bundle, all refused" 3 "$KSYNC" --data "$T/ly" pull --from "$T/lost"
contains "4: all of its entries refused" "$ERR" "all 5 of its entries refused"
equals "4: an old revocation: the same status in both orders" "$(st "$T/lx")" "$(st "$T/ly")"
equals "4: an old revocation counts as cut-off 0" "$(field "$T/lx" admitted)" "0"
expect_exit "4: verify after an old revocation" 0 "$KIOSK" --data "$T/lx" verify
for h in hostile_cut negative_cut text_cut badsig; do
	old_org "$h" "${!h}"
	cp -a "$B" "$T/h"
	"$KSYNC" --data "$T/h" pull --from "$T/lost" >/dev/null 2>&1
	before=$(dump "$T/h"); sb=$(st "$T/h")
	expect_exit "4: $h: refused" 3 "$KSYNC" --data "$T/h" pull --from "$T/s_$h"
	equals "4: $h: one line" "$(printf '%s\n' "$ERR" | grep -c .)" "1"
	contains "4: $h: it names the revocation" "$ERR" "revocation of device '$IDA'"
	equals "4: $h: the journal is as it was" "$(dump "$T/h")" "$before"
	equals "4: $h: the counts are as they were" "$(st "$T/h")" "$sb"
	rm -rf "$T/h"
done

# ==== 5. revoke's own refusals ===============================================
expect_exit "5: --upto past what is held is refused" 3 "$KIOSK" --data "$T/org_pre" device revoke "$IDA" --upto 99
equals "5: one line" "$(printf '%s\n' "$ERR" | grep -c .)" "1"
contains "5: it says why" "$ERR" "past the $honest entries"
expect_exit "5: --upto must be a number" 4 "$KIOSK" --data "$T/org_pre" device revoke "$IDA" --upto -2
expect_exit "5: --upto 2 cuts there" 0 "$KIOSK" --data "$T/org_pre" device revoke "$IDA" --upto 2
contains "5: the cut-off said" "$OUT" "cut-off: 2"
equals "5: the organizer now counts 2" "$(field "$T/org_pre" admitted)" "2"
expect_exit "5: verify after a cut below what is held" 0 "$KIOSK" --data "$T/org_pre" verify

# ==== 6. PostgreSQL: the same two orders ======================================
source "$(dirname "$0")/pg.sh"
pg_start || { notok "6: PostgreSQL starts"; exit 1; }
ADMIN=$(pg_url)
cp -a "$B" "$T/px"; cp -a "$B" "$T/py"; cp -a "$B" "$T/pz"
"$KSYNC" pg-setup --to "$ADMIN" >/dev/null || notok "6: pg-setup"
for d in "$A" "$B"; do
	"$KSYNC" --data "$ORG" pg-enrol "$(devid "$d")" --to "$ADMIN" >/dev/null || notok "6: pg-enrol"
done
# The server gets the lost door's rows before the organizer's revocation.
expect_exit "6: the lost door pushes to PostgreSQL" 0 "$KSYNC" --data "$A" push --to "$(dev_url "$A")"
expect_exit "6x: the lost door's rows first" 0 "$KSYNC" --data "$T/px" pull --from "$(dev_url "$T/px")"
equals "6x: (before the revocation they count)" "$(field "$T/px" admitted)" "5"
# pz: the revocation from the stick first, then the server's rows.
expect_exit "6z: the revocation from the stick" 0 "$KSYNC" --data "$T/pz" pull --from "$T/rev"
expect_exit "6z: then the server (the later rows refused)" 3 "$KSYNC" --data "$T/pz" pull --from "$(dev_url "$T/pz")"
contains "6z: it names the door" "$ERR" "refused device $IDA: the device was revoked by the organizer"
expect_exit "6: the organizer pushes its revocation" 0 "$KSYNC" --data "$ORG" push --to "$ADMIN"
# The server still offers the later rows: refused in this pull too.
expect_exit "6x: then the revocation" 3 "$KSYNC" --data "$T/px" pull --from "$(dev_url "$T/px")"
contains "6x: entries stopped counting" "$OUT" "2 entries held after seq 3 no longer count"
contains "6x: and the later rows are refused" "$ERR" "refused device $IDA: the device was revoked by the organizer"
# py: both on the server, one pull (the organizer's rows come first).
expect_exit "6y: both at once (the later rows refused)" 3 "$KSYNC" --data "$T/py" pull --from "$(dev_url "$T/py")"
contains "6y: it names the door" "$ERR" "refused device $IDA: the device was revoked by the organizer"
equals "6: the same status in x and y" "$(st "$T/px")" "$(st "$T/py")"
equals "6: the same status in y and z" "$(st "$T/py")" "$(st "$T/pz")"
equals "6: the honest check-ins kept" "$(field "$T/py" admitted)" "3"
equals "6: as with the sticks" "$(st "$T/py")" "$sy"
expect_exit "6x: a later pull refuses the same" 3 "$KSYNC" --data "$T/px" pull --from "$(dev_url "$T/px")"
ex=$ERR
expect_exit "6y: a later pull refuses the same" 3 "$KSYNC" --data "$T/py" pull --from "$(dev_url "$T/py")"
equals "6: the same line in both orders" "$ex" "$ERR"
expect_exit "6x: kiosk verify" 0 "$KIOSK" --data "$T/px" verify
expect_exit "6x: kiosk-sync verify" 0 "$KSYNC" --data "$T/px" verify
expect_exit "6y: kiosk-sync verify" 0 "$KSYNC" --data "$T/py" verify
