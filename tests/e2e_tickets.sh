#!/bin/bash
# e2e_tickets.sh - `kiosk tickets issue` end to end: init + import + issue;
# every PNG decodes back to its code (zbarimg, and `kiosk scan` once built);
# codes.csv and the sheet hold every guest; a decoded code checks in once;
# a device without the secret key cannot issue.
source "$(dirname "$0")/lib.sh"

TIX="$T/tickets"
# The event window covers now, so the longest codes (with a window) are
# tested and check-ins made now are on time.
STARTS=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%MZ)
ENDS=$(date -u -d '+5 hours' +%Y-%m-%dT%H:%MZ)

# A roster with the hard parts: Bengali names and digits, HTML and CSV
# specials, a VIP, and a code from another ticketing system.
cat >"$T/guests.csv" <<'CSV'
name,phone,type,code
ফারহানা আক্তার,01712-345678,vip,
Rahim Uddin,+880 1812 345 679,general,
নুসরাত জাহান,০১৯১২৩৪৫৬৮০,general,
"Karim <b>&amp; ""Babu""",01611 223344,general,
"Das, Shuvo",8801556789012,general,
মো. সাইফুল ইসলাম,+880 1788 990011,general,
Ayesha Siddiqua,01877 889900,general,FORM-2026-0042
CSV
NGUESTS=7

expect_exit "init" 0 "$KIOSK" init --event "ঢাকা কাস্টমার মিটআপ" --starts "$STARTS" --ends "$ENDS" --pin 1234
expect_exit "import" 0 "$KIOSK" attendees import "$T/guests.csv"
expect_exit "issue exits 0" 0 "$KIOSK" tickets issue --out "$TIX"
contains "issue says how many" "$OUT" "issued $NGUESTS tickets"
equals "issue is quiet on stderr when piped" "$ERR" ""

npng=$(find "$TIX" -maxdepth 1 -name '*.png' | wc -l)
equals "one PNG per guest" "$npng" "$NGUESTS"
lacks "no temp files left" "$(ls -A "$TIX")" ".tmp."

# codes.csv: UTF-8 BOM, RFC 4180; read back with sqlite3's CSV reader.
bom=$(head -c 3 "$TIX/codes.csv" | od -An -tx1 | tr -d ' \n')
equals "codes.csv starts with a UTF-8 BOM" "$bom" "efbbbf"
equals "codes.csv header" "$(head -1 "$TIX/codes.csv" | tail -c +4 | tr -d '\r')" "name,phone,code,file"
DB="$T/codes.db"
sqlite3 "$DB" ".import --csv '$TIX/codes.csv' codes" || notok "codes.csv parses as CSV"
equals "codes.csv has a row per guest" "$(sqlite3 "$DB" 'select count(*) from codes')" "$NGUESTS"
equals "codes.csv: Bengali name, normalised phone" \
	"$(sqlite3 "$DB" "select phone from codes where name='নুসরাত জাহান'")" "+8801912345680"
equals "codes.csv: quotes and comma survive" \
	"$(sqlite3 "$DB" "select phone from codes where name='Karim <b>&amp; \"Babu\"'")" "+8801611223344"
equals "codes.csv: comma in a name" \
	"$(sqlite3 "$DB" "select phone from codes where name='Das, Shuvo'")" "+8801556789012"
equals "codes.csv: the external code is kept" \
	"$(sqlite3 "$DB" "select code from codes where name='Ayesha Siddiqua'")" "FORM-2026-0042"
equals "codes.csv: signed codes are T1 + Base32" \
	"$(sqlite3 "$DB" "select count(*) from codes where code glob 'T1*' and substr(code, 3) not glob '*[^A-Z2-7]*'")" \
	"$((NGUESTS - 1))"
equals "codes.csv: every code is different" \
	"$(sqlite3 "$DB" 'select count(distinct code) from codes')" "$NGUESTS"
equals "codes.csv: file names are 0001-slug.png" \
	"$(sqlite3 "$DB" "select file from codes where name='Rahim Uddin'")" "0002-rahim-uddin.png"

# Every PNG decodes back to its own code, with zbarimg and with kiosk scan.
have_scan=0
"$KIOSK" scan --help >/dev/null 2>&1 && have_scan=1
bad_zbar="" bad_scan=""
while IFS='|' read -r file code; do
	got=$(zbarimg -q --raw "$TIX/$file" 2>/dev/null)
	[ "$got" = "$code" ] || bad_zbar="$bad_zbar $file"
	if [ $have_scan = 1 ]; then
		got=$("$KIOSK" scan "$TIX/$file" 2>/dev/null)
		[ "$got" = "$TIX/$file"$'\t'"$code" ] || bad_scan="$bad_scan $file"
	fi
done < <(sqlite3 "$DB" 'select file, code from codes')
equals "every PNG decodes to its code with zbarimg" "$bad_zbar" ""
if [ $have_scan = 1 ]; then
	equals "every PNG decodes to its code with kiosk scan" "$bad_scan" ""
else
	notok "kiosk scan --help works (the scan block must run, not be skipped)"
fi

# The sheet: self-contained, Bengali first, every guest escaped and shown.
html=$(cat "$TIX/index.html" 2>/dev/null)
contains "sheet: utf-8" "$html" '<meta charset="utf-8">'
contains "sheet: lang bn" "$html" '<html lang="bn">'
contains "sheet: Bengali font first" "$html" '"Noto Sans Bengali", "Noto Sans"'
contains "sheet: event name" "$html" "ঢাকা কাস্টমার মিটআপ"
contains "sheet: Bengali name" "$html" "ফারহানা আক্তার"
contains "sheet: name escaped" "$html" "Karim &lt;b&gt;&amp;amp; &quot;Babu&quot;"
lacks "sheet: no raw markup from names" "$html" "<b>"
missing=""
while read -r file; do
	case "$html" in *"<img src=\"$file\""*) ;; *) missing="$missing $file" ;; esac
done < <(sqlite3 "$DB" 'select file from codes')
equals "sheet: an image per guest" "$missing" ""

# A decoded code checks in once; the second time it is already used.
code=$(zbarimg -q --raw "$TIX/$(sqlite3 "$DB" "select file from codes where name='Rahim Uddin'")" 2>/dev/null)
expect_exit "checkin of a decoded ticket: exit 0" 0 "$KIOSK" checkin "$code"
contains "checkin prints the name" "$OUT" "Rahim Uddin"
expect_exit "checkin again: exit 1 (already used)" 1 "$KIOSK" checkin "$code"
code=$(zbarimg -q --raw "$TIX/$(sqlite3 "$DB" "select file from codes where name='Ayesha Siddiqua'")" 2>/dev/null)
expect_exit "checkin of an external code's QR: exit 0" 0 "$KIOSK" checkin "$code"

# Issuing again: refused without --force; with it the same codes (Ed25519
# signatures are deterministic, so tickets already sent stay valid).
before=$(sqlite3 "$DB" 'select group_concat(code) from (select code from codes order by file)')
expect_exit "issue into a used folder without --force: exit 3" 3 "$KIOSK" tickets issue --out "$TIX"
contains "  says to pass --force" "$ERR" "--force"
expect_exit "issue --force: exit 0" 0 "$KIOSK" tickets issue --out "$TIX" --force
rm -f "$DB"
sqlite3 "$DB" ".import --csv '$TIX/codes.csv' codes"
equals "issue --force gives the same codes" \
	"$(sqlite3 "$DB" 'select group_concat(code) from (select code from codes order by file)')" "$before"

# A kiosk device: same store, no secret key.
DEV="$T/device"
cp -a "$DATA" "$DEV"
rm -f "$DEV/event.key"
expect_exit "device without event.key: exit 3" 3 "$KIOSK" --data "$DEV" tickets issue --out "$T/dev-out"
equals "  one line on stderr" "$(printf '%s\n' "$ERR" | wc -l)" "1"
contains "  says the key is missing" "$ERR" "secret key"
equals "  writes no files" "$(ls "$T/dev-out" 2>/dev/null | wc -l)" "0"

# Bad input: one line, non-zero.
expect_exit "no --out: usage error" 4 "$KIOSK" tickets issue
expect_exit "unknown option: usage error" 4 "$KIOSK" tickets issue --out "$T/x" --bogus
expect_exit "--out is a file: error" 3 "$KIOSK" tickets issue --out "$T/guests.csv"
expect_exit "--help" 0 "$KIOSK" tickets issue --help
contains "  --help shows usage" "$OUT" "usage: kiosk tickets issue"
