#!/bin/bash
# e2e_roster.sh - the roster kept right: an attendee found by every form the
# help promises (phone as people write it, our own T1 code), imports that
# refuse what would shut a guest out, corrected rows that update, wide
# sheets, ticket types, and a re-issued ticket folder holding only live tickets.
. "$(dirname "$0")/lib.sh"

"$KIOSK" init --event "রোস্টার" --pin 1234 >/dev/null || notok "init"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
journal() { q "select count(*) from journal"; }
roster() { "$KIOSK" attendees list; }

# ---- 1. cancel finds an attendee by phone in any form and by T1 code ----
printf 'name,phone\nRahim,01712345678\nKarim,01812345678\nSumi,01912345678\n' >"$T/g.csv"
expect_exit "import three" 0 "$KIOSK" attendees import "$T/g.csv"
expect_exit "issue tickets" 0 "$KIOSK" tickets issue --out "$T/t"
C2=$(awk -F, '$1 == "Karim" {print $3}' "$T/t/codes.csv")
expect_exit "cancel by 017... phone" 0 "$KIOSK" attendees cancel 01712345678
contains "the phone's attendee" "$OUT" "-1"
expect_exit "cancel by our own T1 code" 0 "$KIOSK" attendees cancel "$C2"
contains "the code's attendee" "$OUT" "-2"
expect_exit "the cancelled T1 ticket is refused at the door" 2 "$KIOSK" checkin "$C2"
contains "as revoked" "$OUT" "revoked"
expect_exit "cancel by Bengali digits" 0 "$KIOSK" attendees cancel "০১৯১২-৩৪৫৬৭৮"
equals "all three cancelled" "$(roster | cut -f5 | sort -u)" "cancelled"
# A T1 code of another event names nobody here.
O="$T/other"
KIOSK_DATA="$O" "$KIOSK" init --event other --pin 1234 >/dev/null
printf 'name,phone\nRahim,01712345678\n' | KIOSK_DATA="$O" "$KIOSK" attendees import /dev/stdin >/dev/null
KIOSK_DATA="$O" "$KIOSK" tickets issue --out "$T/ot" >/dev/null
expect_exit "another event's ticket cancels nobody" 3 "$KIOSK" attendees cancel "$(sed -n 2p "$T/ot/codes.csv" | cut -d, -f3)"
contains "says no attendee" "$ERR" "no attendee"

# ---- 4. wide sheets: a Google Forms export with hundreds of columns ----
W=$(python3 -c 'print(",".join(["Timestamp"] + ["Q%d" % i for i in range(300)] + ["Name", "Phone number"]))')
R=$(python3 -c 'print(",".join(["2026-11-20"] + ["a"] * 300 + ["Wide Sheet", "01555000111"]))')
printf '%s\n%s\n' "$W" "$R" >"$T/wide.csv"
expect_exit "a 303-column Google Forms sheet imports" 0 "$KIOSK" attendees import "$T/wide.csv"
contains "its guest" "$(roster)" "Wide Sheet"
python3 -c 'print(",".join(["c"] * 100000)); print("x")' >"$T/huge.csv"
rows=$(journal)
expect_exit "100000 columns: a clean error" 3 "$KIOSK" attendees import "$T/huge.csv"
contains "names the line and the limit" "$ERR" "line 1: more than 1024 fields"
equals "nothing imported" "$(journal)" "$rows"

# ---- 7. imported codes are formula-guarded in codes.csv and messages.csv ----
printf 'name,phone,code\n=1+1,01666000111,"=HYPERLINK(""http://x"")"\nPlain,01666000222,@SUM\n' >"$T/f.csv"
expect_exit "import codes that look like formulas" 0 "$KIOSK" attendees import "$T/f.csv"
expect_exit "issue with them" 0 "$KIOSK" tickets issue --out "$T/tf"
contains "codes.csv: the name guarded" "$(cat "$T/tf/codes.csv")" "'=1+1"
contains "codes.csv: the code guarded" "$(cat "$T/tf/codes.csv")" "\"'=HYPERLINK(\"\"http://x\"\")\""
contains "codes.csv: @ guarded" "$(cat "$T/tf/codes.csv")" ",'@SUM,"
contains "messages.csv: the code guarded" "$(cat "$T/tf/messages.csv")" "\"'=HYPERLINK("
lacks "no code cell starts a formula" "$(cut -d, -f3 "$T/tf/codes.csv" "$T/tf/messages.csv")" $'\n=HYPERLINK'
equals "the QR holds the code exactly" "$("$KIOSK" scan "$T"/tf/*-plain.png | cut -f2)" "@SUM"
expect_exit "the exact code is admitted" 0 "$KIOSK" checkin '@SUM'
expect_exit "the guarded form from the sheet finds the guest too" 1 "$KIOSK" checkin "'@SUM"
contains "as the same guest" "$OUT" "Plain"
expect_exit "the guarded HYPERLINK code is admitted" 0 "$KIOSK" checkin "'=HYPERLINK(\"http://x\")"
contains "its guest" "$OUT" "=1+1"

# ---- 2. one code admits one guest ----
printf 'name,phone,code\nAsha,01712345601,ABC\nBina,01712345602,ABC\n' >"$T/dupcode.csv"
expect_exit "--preview shows it" 3 "$KIOSK" attendees import --preview "$T/dupcode.csv"
contains "as a problem" "$OUT" "problem: line 3: code 'ABC' is also on line 2"
rows=$(journal)
expect_exit "two guests on one code: refused" 3 "$KIOSK" attendees import "$T/dupcode.csv"
contains "the row and the earlier line named" "$ERR" "line 3: code 'ABC' is also on line 2"
equals "nothing imported" "$(journal)" "$rows"
expect_exit "--skip-invalid imports the first" 0 "$KIOSK" attendees import --skip-invalid "$T/dupcode.csv"
contains "one imported, one skipped" "$OUT" "imported 1 attendee(s); 0 already there; 1 bad row(s) skipped"
printf 'name,phone,code\nChaya,01712345603,ABC\n' >"$T/taken.csv"
rows=$(journal)
expect_exit "a code another guest already holds: refused" 3 "$KIOSK" attendees import "$T/taken.csv"
contains "says whose" "$ERR" "line 2: code 'ABC' is already the ticket of another guest"
equals "nothing imported" "$(journal)" "$rows"
expect_exit "ABC admits Asha" 0 "$KIOSK" checkin ABC
contains "Asha" "$OUT" "Asha"

# ---- 3. a corrected row updates its guest; one phone is one guest ----
printf 'name,phone\nRahim Uddin,01700000001\n' >"$T/v1.csv"
printf 'name,phone,type\nRahim Uddin (fixed),01700000001,VIP\n' >"$T/v2.csv"
expect_exit "v1" 0 "$KIOSK" attendees import "$T/v1.csv"
S=$(roster | awk -F'\t' '$3 == "+8801700000001" {print $1}')
expect_exit "cancel him" 0 "$KIOSK" attendees cancel "$S"
n=$(roster | wc -l)
expect_exit "v2: the corrected row" 0 "$KIOSK" attendees import "$T/v2.csv"
contains "updated, not added" "$OUT" "imported 0 attendee(s); 0 already there; 1 updated"
equals "still one guest for the phone" "$(roster | wc -l)" "$n"
equals "same serial, new name and type, still cancelled" \
	"$(roster | awk -F'\t' '$3 == "+8801700000001"')" "$(printf '%s\tRahim Uddin (fixed)\t+8801700000001\tvip\tcancelled' "$S")"
expect_exit "v2 again changes nothing" 0 "$KIOSK" attendees import "$T/v2.csv"
contains "already there" "$OUT" "imported 0 attendee(s); 1 already there"
expect_exit "v1 again: the name back, the type kept (v1 has no type column)" 0 "$KIOSK" attendees import "$T/v1.csv"
equals "name back, vip kept" "$(roster | awk -F'\t' '$3 == "+8801700000001" {print $2 "|" $4}')" "Rahim Uddin|vip"
printf 'name,phone\nMina,01700000002\nMina Akter,01700000002\n' >"$T/twice.csv"
rows=$(journal)
expect_exit "two names on one phone in a file: refused" 3 "$KIOSK" attendees import "$T/twice.csv"
contains "both lines named" "$ERR" "line 3: phone +8801700000002 is also on line 2"
equals "nothing imported" "$(journal)" "$rows"
printf 'name,phone\nMina,01700000002\nMina,01700000002\n' >"$T/same.csv"
expect_exit "a row written twice is one guest" 0 "$KIOSK" attendees import "$T/same.csv"
contains "one added, one already there" "$OUT" "imported 1 attendee(s); 1 already there"
expect_exit "a walk-in's phone in a sheet: the walk-in, not a second guest" 0 "$KIOSK" attendees add --name Walker --phone 01700000003
printf 'name,phone\nWalker Khan,01700000003\n' >"$T/walker.csv"
expect_exit "import the walk-in's phone" 0 "$KIOSK" attendees import "$T/walker.csv"
contains "updated" "$OUT" "1 updated"
equals "one Walker, in" "$(roster | awk -F'\t' '$3 == "+8801700000003" {print $2 "|" $5}')" "Walker Khan|in"
# The journal is the truth: a rebuild gives the same rows (an update that
# arrives before its attendee_added: tests/test_store.c).
before=$(q "select id, serial, type, type_id, code, pii, phone_bi from attendees order by id")
expect_exit "rebuild" 0 "$KIOSK" rebuild
equals "rebuild equals the live rows" "$(q "select id, serial, type, type_id, code, pii, phone_bi from attendees order by id")" "$before"
expect_exit "verify" 0 "$KIOSK" verify

# ---- 5. walk-ins: a type in lower case, and their ID in the list ----
expect_exit "a walk-in with --type VIP" 0 "$KIOSK" attendees add --name "Vip Walker" --phone 01700000004 --type VIP
line=$(roster | awk -F'\t' '$3 == "+8801700000004"')
equals "stored as vip" "$(echo "$line" | cut -f4)" "vip"
W=$(echo "$line" | cut -f1)
case "$W" in w-?*) ok "the list shows the walk-in's ID" ;; *) notok "the list shows the walk-in's ID" "got: $line" ;; esac
equals "the same ID --search shows" "$("$KIOSK" attendees list --search 0000004 | cut -f1)" "$W"
expect_exit "the listed ID cancels" 0 "$KIOSK" attendees cancel "$W"

# ---- 6. tickets issue --force: the folder holds exactly the current tickets ----
F="$T/forced"
expect_exit "issue with cards" 0 "$KIOSK" tickets issue --out "$F" --cards
echo "the organizer's notes" >"$F/notes.txt"
cp "$F/codes.csv" "$F/my-copy.csv"
touch "$F/0001-not-ours.jpg"
G=$(awk -F, '$2 == "+8801700000002" {print $4}' "$F/codes.csv" | tr -d '\r')
[ -n "$G" ] && [ -f "$F/$G" ] && [ -f "$F/cards/$G" ] && ok "Mina's ticket and card are there" || notok "Mina's ticket and card are there" "file: $G"
expect_exit "cancel Mina" 0 "$KIOSK" attendees cancel 01700000002
expect_exit "issue again with --force" 0 "$KIOSK" tickets issue --out "$F" --cards --force
[ ! -e "$F/$G" ] && [ ! -e "$F/cards/$G" ] && ok "her ticket and card are gone" || notok "her ticket and card are gone"
equals "the folder's PNGs are the ones codes.csv lists" "$(ls "$F" | grep '\.png$' | sort)" \
	"$(tail -n +2 "$F/codes.csv" | cut -d, -f4 | tr -d '\r' | sort)"
equals "the cards too" "$(ls "$F/cards" | sort)" "$(tail -n +2 "$F/codes.csv" | cut -d, -f4 | tr -d '\r' | sort)"
[ -f "$F/notes.txt" ] && [ -f "$F/my-copy.csv" ] && [ -f "$F/0001-not-ours.jpg" ] && ok "other files are kept" || notok "other files are kept"
