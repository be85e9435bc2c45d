#!/bin/bash
# e2e_walkin_sync.sh - one phone is one guest after sync: two doors offline
# from each other each register the same walk-in (one phone in two
# spellings), both push to a folder stick, and the organizer pulls in both
# orders into fresh stores: one guest, counted once by status and the
# report, flagged (walkin_duplicates) on every store, whatever the order. A
# walk-in whose phone is on a roster row the door never saw is that guest;
# different phones stay different guests; walk-ins are never printed with a
# phone by status.
source "$(dirname "$0")/lib.sh"
export KIOSK_QUIET=1

ORG=$T/org D1=$T/d1 D2=$T/d2
"$KIOSK" --data "$ORG" init --event "মিটআপ" >/dev/null || { notok "init"; exit 1; }
cat >"$T/roster.csv" <<'CSV'
নাম,মোবাইল,কোড
ফারহানা আক্তার,01711223344,GF-1
Rahim Uddin,01812345678,GF-2
CSV
expect_exit "roster imported" 0 "$KIOSK" --data "$ORG" attendees import "$T/roster.csv"
expect_exit "door 1 enrolled" 0 "$KIOSK" --data "$ORG" device add "Door 1" --out "$T/d1.kbundle"
expect_exit "door 2 enrolled" 0 "$KIOSK" --data "$ORG" device add "Door 2" --out "$T/d2.kbundle"
expect_exit "door 1 joins" 0 "$KIOSK" --data "$D1" device join "$T/d1.kbundle"
expect_exit "door 2 joins" 0 "$KIOSK" --data "$D2" device join "$T/d2.kbundle"
# A roster row added after the doors left: they cannot know its phone.
printf 'নাম,মোবাইল,কোড\nLate Guest,01911000111,GF-3\n' >"$T/late.csv"
expect_exit "late roster row on the organizer" 0 "$KIOSK" --data "$ORG" attendees import "$T/late.csv"

# ---- the doors, offline from each other ---------------------------------
expect_exit "door 1: Karim walks in" 0 "$KIOSK" --data "$D1" attendees add --name "Karim" --phone 01712345678 --door north
expect_exit "door 1: another walk-in" 0 "$KIOSK" --data "$D1" attendees add --name "Mita" --phone 01812000001 --door north
expect_exit "door 1: the late roster guest as a walk-in" 0 "$KIOSK" --data "$D1" attendees add --name "Late G." --phone 01911000111 --door north
expect_exit "door 2: Karim again, the phone written another way" 0 "$KIOSK" --data "$D2" attendees add --name "করিম" --phone "+880 1712-345678" --door south
expect_exit "door 2: a different phone" 0 "$KIOSK" --data "$D2" attendees add --name "Mitu" --phone 01812000002 --door south

# ---- the organizer: two fresh copies, pulled in both orders -------------
pull_both_orders "$ORG" "$D1" "$D2"

q() { sqlite3 "$1/kiosk.db" "$2"; }
dups() { q "$1" "SELECT guest_id, attendee_id, is_guest, walkin, coalesce(door,'-') FROM walkin_duplicates ORDER BY 1, 3 DESC, 2"; }
karim1=$(q "$D1" "SELECT id FROM attendees WHERE walkin = 1 AND device_id = (SELECT value FROM meta WHERE key='device_id') ORDER BY at_ms LIMIT 1")
late=$(q "$ORG" "SELECT id FROM attendees WHERE code = 'GF-3'")
late_serial=$(q "$ORG" "SELECT serial FROM attendees WHERE code = 'GF-3'")
karim2=$(q "$D2" "SELECT id FROM attendees WHERE walkin = 1 AND device_id = (SELECT value FROM meta WHERE key='device_id') ORDER BY at_ms LIMIT 1")
# attendees list [--search]: ROW's sixth field (the mark of a registration
# counted with another guest), and the rows that have more than five.
field6() { awk -F'\t' -v id="$2" '$1 == id {print NF ":" $6}' <<<"$1"; }
marked() { awk -F'\t' 'NF != 5 {print $1 "=" NF}' <<<"$1" | sort | tr '\n' ' '; }
for s in x y; do
	S=$T/$s
	expect_exit "$s: status" 0 "$KIOSK" --data "$S" status
	st=$OUT
	# Roster 3 + walk-in guests Karim, Mita, Mitu; the late guest came.
	contains "$s: expected counts Karim and the late guest once" "$st" "expected: 6"
	contains "$s: admitted once per guest" "$st" "admitted: 4"
	contains "$s: inside once per guest" "$st" "inside: 4"
	contains "$s: walk-ins: Karim once, the late guest is a roster guest" "$st" "walkins: 3"
	contains "$s: status flags the two registrations counted with a guest" "$st" "walkin_duplicates: 2"
	contains "$s: Karim came in at the north door" "$st" "admitted[north]: 3"
	contains "$s: and at the south door" "$st" "admitted[south]: 2"
	contains "$s: inside by the door of the latest entry (north)" "$st" "inside[north]: 2"
	contains "$s: inside by the door of the latest entry (south)" "$st" "inside[south]: 2"
	lacks "$s: status prints no phone" "$st" "1712345678"
	equals "$s: the flag: Karim's two walk-ins, the earliest is the guest" \
		"$(q "$S" "SELECT count(*), sum(is_guest), max(guest_id) FROM walkin_duplicates WHERE guest_id = '$karim1'")" \
		"2|1|$karim1"
	equals "$s: the late roster guest is the guest of door 1's walk-in" \
		"$(q "$S" "SELECT group_concat(walkin || ':' || coalesce(door,'-'), ',') FROM (SELECT * FROM walkin_duplicates WHERE guest_id = '$late' ORDER BY is_guest DESC)")" \
		"0:-,1:north"
	equals "$s: different phones are not flagged" \
		"$(q "$S" "SELECT count(*) FROM walkin_duplicates")" "4"
	expect_exit "$s: verify (projections equal a rebuild)" 0 "$KIOSK" --data "$S" verify
	expect_exit "$s: report" 0 "$KIOSK" --data "$S" report --out "$T/rep-$s" --lang en --no-font
	contains "$s: report says so" "$OUT" "walk-ins registered again under a phone already held: 2"
	sum=$(cat "$T/rep-$s/summary.csv")
	contains "$s: report: came once per guest" "$sum" "checked_in,4"
	contains "$s: report: walk-ins once" "$sum" "walk_ins,3"
	contains "$s: report: the late guest is no no-show" "$sum" "no_shows,2"
	contains "$s: report: flagged in summary.csv" "$sum" "walkin_duplicates,2"
	contains "$s: report: inside at the end once per guest" "$sum" "inside_at_end,4"
	equals "$s: report: walkin_duplicates.csv lists both groups" \
		"$(tail -n +2 "$T/rep-$s/walkin_duplicates.csv" | cut -d, -f3 | tr -d '\r' | tr '\n' ' ')" "1 0 1 0 "
	contains "$s: report: Karim's rows name the phone once normalised" \
		"$(cat "$T/rep-$s/walkin_duplicates.csv")" "+8801712345678"
	contains "$s: report page: the section" "$(cat "$T/rep-$s/index.html")" "Walk-ins registered twice"
	# The list says which rows are one person: the repeat names the first
	# column of the row it is counted with (a serial, or a walk-in's id);
	# the five columns stay as they were, so scripts reading them still work.
	expect_exit "$s: attendees list" 0 "$KIOSK" --data "$S" attendees list
	list=$OUT
	late_w=$(q "$S" "SELECT attendee_id FROM walkin_duplicates WHERE guest_id = '$late' AND is_guest = 0")
	equals "$s: list: Karim's second registration is marked as the first" \
		"$(field6 "$list" "$karim2")" "6:same_guest=$karim1"
	equals "$s: list: the late walk-in is marked as the roster guest (by serial)" \
		"$(field6 "$list" "$late_w")" "6:same_guest=$late_serial"
	equals "$s: list: only the two repeats carry a sixth field" "$(marked "$list")" \
		"$(printf '%s\n' "$karim2=6" "$late_w=6" | sort | tr '\n' ' ')"
	equals "$s: list: the repeat's five columns are as before" \
		"$(awk -F'\t' -v id="$karim2" '$1 == id' <<<"$list" | cut -f1-5)" \
		"$(printf '%s\t%s\t%s\t%s\t%s' "$karim2" "করিম" "+8801712345678" general in)"
	expect_exit "$s: attendees list --search by the phone's last digits" 0 \
		"$KIOSK" --data "$S" attendees list --search 345678
	equals "$s: search: finds both registrations, the repeat marked" \
		"$(field6 "$OUT" "$karim1") $(field6 "$OUT" "$karim2")" "5: 6:same_guest=$karim1"
	expect_exit "$s: attendees list --search=Late" 0 "$KIOSK" --data "$S" attendees list --search=late
	equals "$s: search: the late walk-in marked as the roster guest (by id)" \
		"$(field6 "$OUT" "$late_w")" "6:same_guest=$late"
done
equals "both pull orders: the same status" "$(cd "$T/x" && "$KIOSK" --data "$T/x" status)" "$(cd "$T/y" && "$KIOSK" --data "$T/y" status)"
equals "both pull orders: the same flags" "$(dups "$T/x")" "$(dups "$T/y")"
equals "both pull orders: the same summary" \
	"$(grep -v '^generated' "$T/rep-x/summary.csv")" "$(grep -v '^generated' "$T/rep-y/summary.csv")"
expect_exit "report in Bengali" 0 "$KIOSK" --data "$T/x" report --out "$T/rep-bn" --no-font
contains "report page in Bengali: the section" "$(cat "$T/rep-bn/index.html")" "দুইবার নিবন্ধিত ওয়াক-ইন"

# A door pulls the other door (it never saw the late roster row): Karim is
# one guest there too, the same guest.
expect_exit "door 2 pulls door 1" 0 "$KSYNC" --data "$D2" pull --from "$T/a"
expect_exit "door 2 status" 0 "$KIOSK" --data "$D2" status
contains "door 2: Karim once" "$OUT" "walkins: 4"
contains "door 2: flagged" "$OUT" "walkin_duplicates: 1"
equals "door 2: the same guest as the organizer's" \
	"$(q "$D2" "SELECT guest_id FROM walkin_duplicates WHERE is_guest = 0")" "$karim1"
expect_exit "door 2 verify" 0 "$KIOSK" --data "$D2" verify
expect_exit "door 2: attendees list" 0 "$KIOSK" --data "$D2" attendees list
equals "door 2: its own walk-in marked as door 1's" "$(marked "$OUT")" "$karim2=6 "
equals "door 2: the mark names door 1's walk-in" "$(field6 "$OUT" "$karim2")" "6:same_guest=$karim1"

# A rebuild lands on the same guests; so does a store migrated from before
# (schema 8: the table is filled from the attendees held).
before=$(dups "$T/x")
expect_exit "rebuild" 0 "$KIOSK" --data "$T/x" rebuild
equals "rebuild: the same flags" "$(dups "$T/x")" "$before"
q "$T/x" "DROP VIEW guest_counts; DROP VIEW guest_shares; DROP VIEW walkin_duplicates;
	DROP VIEW guest_members; DROP TABLE guest_aliases; PRAGMA user_version = 8" || notok "downgrade"
expect_exit "status on a store of schema 8" 0 "$KIOSK" --data "$T/x" status
contains "migrated: flagged" "$OUT" "walkin_duplicates: 2"
contains "migrated: counted once" "$OUT" "walkins: 3"
equals "migrated: the same flags" "$(dups "$T/x")" "$before"
expect_exit "migrated: verify" 0 "$KIOSK" --data "$T/x" verify

# A corrected roster row (attendee_updated) that gives Rahim (GF-2) the phone
# of door 2's walk-in Mitu makes Mitu his alias, and one that takes it away
# again undoes that: in either pull order, equal to a rebuild. (Synthetic
# entries: the update's phone by its blind index, as the import writes it.)
FILL="$ROOT/$BUILD/tests/bench_sync_fill"
rahim=$(q "$ORG" "SELECT id FROM attendees WHERE code = 'GF-2'")
mitu_bi=$(q "$T/y" "SELECT a.phone_bi FROM attendees a WHERE a.walkin = 1 AND a.device_id LIKE 'door-2-%' AND a.id NOT IN (SELECT attendee_id FROM walkin_duplicates)")
rahim_bi=$(q "$ORG" "SELECT phone_bi FROM attendees WHERE code = 'GF-2'")
mkdir -p "$T/c"
"$FILL" "$D1" 1 attendee_updated "{\"id\":\"$rahim\",\"phone_bi\":\"$mitu_bi\"}" || notok "fill update"
"$KSYNC" --data "$D1" push --to "$T/c" >/dev/null || notok "push update"
cp -a "$ORG" "$T/u" && cp -a "$ORG" "$T/v"
"$KSYNC" --data "$T/u" pull --from "$T/c" >/dev/null && "$KSYNC" --data "$T/u" pull --from "$T/b" >/dev/null || notok "u pulls"
"$KSYNC" --data "$T/v" pull --from "$T/b" >/dev/null && "$KSYNC" --data "$T/v" pull --from "$T/c" >/dev/null || notok "v pulls"
for s in u v; do
	equals "$s: a corrected phone makes the walk-in the roster guest's alias" \
		"$(q "$T/$s" "SELECT count(*) FROM walkin_duplicates WHERE guest_id = '$rahim'")" "2"
	expect_exit "$s: verify" 0 "$KIOSK" --data "$T/$s" verify
done
equals "either order: the same flags" "$(dups "$T/u")" "$(dups "$T/v")"
"$FILL" "$D1" 1 attendee_updated "{\"id\":\"$rahim\",\"phone_bi\":\"$rahim_bi\"}" || notok "fill update back"
"$KSYNC" --data "$D1" push --to "$T/c" >/dev/null || notok "push update back"
"$KSYNC" --data "$T/u" pull --from "$T/c" >/dev/null || notok "u pulls back"
equals "the phone corrected back: no alias" \
	"$(q "$T/u" "SELECT count(*) FROM walkin_duplicates WHERE guest_id = '$rahim'")" "0"
expect_exit "corrected back: verify" 0 "$KIOSK" --data "$T/u" verify
expect_exit "corrected back: status" 0 "$KIOSK" --data "$T/u" status
contains "corrected back: Karim and the late guest only" "$OUT" "walkin_duplicates: 2"
