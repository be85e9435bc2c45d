#!/bin/bash
# e2e_import.sh - any sign-up sheet imported (issue 16): a Meta lead-form
# export (UTF-16 LE, tabs, p:+880 phones), an Excel CSV in Windows-1252 with
# semicolons and one in UTF-8 with a BOM, a Messenger order sheet, and
# --map / --preview for anything else (nothing imported by a preview).
. "$(dirname "$0")/lib.sh"

"$KIOSK" init --event "সাইন-আপ" --pin 1234 >/dev/null || notok "init"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
journal() { q "select count(*) from journal"; }
# Names and phones are sealed at rest (issue 14): read them through the
# program (SERIAL NAME PHONE TYPE STATUS).
roster() { "$KIOSK" attendees list; }

printf 'id\tcreated_time\tad_id\tad_name\tform_id\tfull_name\tphone_number\temail\n' >"$T/meta.tsv"
printf 'l:1\t2026-11-20T10:00:00+0600\tag:1\tMeetup\tf:1\tরাশেদ করিম\tp:+8801712345678\tr@example.com\n' >>"$T/meta.tsv"
printf 'l:2\t2026-11-20T10:05:00+0600\tag:1\tMeetup\tf:1\tNusrat Jahan\tp:+8801812345678\tn@example.com\n' >>"$T/meta.tsv"
iconv -f UTF-8 -t UTF-16 "$T/meta.tsv" >"$T/meta.csv" # BOM FF FE on a little-endian machine
equals "fixture is UTF-16 LE with a BOM" "$(head -c 2 "$T/meta.csv" | od -An -tx1 | tr -d ' ')" "fffe"
rows=$(journal)
expect_exit "Meta lead form: preview" 0 "$KIOSK" attendees import --preview "$T/meta.csv"
contains "preview names the encoding and separator" "$OUT" "(UTF-16 LE, tab-separated)"
contains "preview shows the row as it will be imported" "$OUT" "$(printf '2\tরাশেদ করিম\t+8801712345678\tr@example.com\tgeneral\t-')"
equals "preview imports nothing" "$(journal)" "$rows"
expect_exit "Meta lead form imports as it comes" 0 "$KIOSK" attendees import "$T/meta.csv"
contains "two imported" "$OUT" "imported 2"
equals "Meta phones without p:" "$(roster | cut -f3 | tr '\n' ' ')" "+8801712345678 +8801812345678 "
equals "Bengali name from UTF-16" "$(roster | awk -F'\t' '$1 == 1 {print $2}')" "রাশেদ করিম"

printf 'Name;Mobile No.;Email\r\nJos\xe9 M\xfcller;01911000111;j@x.com\r\nZo\xeb \x93Z\x94 Smith;01911000222;\r\n' >"$T/excel.csv"
expect_exit "Excel Windows-1252 with semicolons" 0 "$KIOSK" attendees import "$T/excel.csv"
equals "Windows-1252 names as UTF-8" "$(roster | awk -F'\t' '$3 ~ /(0111|0222)$/ {print $2}' | tr '\n' '|')" "José Müller|Zoë “Z” Smith|"
printf '\xef\xbb\xbfNom;T\xc3\xa9l\xc3\xa9phone;Name;Phone\r\n;;Karim Uddin;01911000333\r\n' >"$T/bom.csv"
expect_exit "UTF-8 with BOM and semicolons" 0 "$KIOSK" attendees import "$T/bom.csv"
printf 'Order ID,Customer Name,Contact,Address,Product,Qty\n1001,সুমি আক্তার,01511000444,"Mirpur 10, Dhaka",Jar,2\n1002,Tania,+880 1611-000555,Uttara,Soap,1\n' >"$T/messenger.csv"
expect_exit "a Messenger order sheet" 0 "$KIOSK" attendees import "$T/messenger.csv"
contains "both orders' customers" "$OUT" "imported 2"

printf 'col a,col b,col c\nA Person,x,01611000666\nB Person,y,0123\n' >"$T/odd.csv"
rows=$(journal)
expect_exit "no known header: refused with a hint" 3 "$KIOSK" attendees import "$T/odd.csv"
contains "the hint names --map" "$ERR" "--map name=COLUMN"
expect_exit "--map --preview shows the problems" 3 "$KIOSK" attendees import --map "name=col a,phone=3" --preview "$T/odd.csv"
contains "preview: the good row" "$OUT" "$(printf '2\tA Person\t+8801611000666')"
contains "preview: the problem" "$OUT" "problem: line 3: phone '0123'"
contains "preview: totals" "$OUT" "rows: 1 good, 1 with problems"
equals "a preview with problems imports nothing" "$(journal)" "$rows"
expect_exit "--map with a bad field" 3 "$KIOSK" attendees import --map "nom=col a" "$T/odd.csv"
expect_exit "--map with a missing column" 3 "$KIOSK" attendees import --map "name=zzz,phone=3" "$T/odd.csv"
equals "refused maps import nothing" "$(journal)" "$rows"
expect_exit "--map and --skip-invalid import the good row" 0 "$KIOSK" attendees import --map "name=1,phone=col c" --skip-invalid "$T/odd.csv"
contains "one imported, one skipped" "$OUT" "imported 1"
# On a terminal: the count, then the commit (where the rows are written all
# at once) said, and the line cleared after; quiet when piped.
if command -v script >/dev/null; then
	printf 'name,phone\nTty One,01911000001\nTty Two,01911000002\n' >"$T/tty.csv"
	tty_out=$(env -u KIOSK_QUIET script -qc "'$KIOSK' attendees import '$T/tty.csv'" /dev/null)
	contains "on a terminal: the count" "$tty_out" "importing: 2/2"
	contains "on a terminal: then the saving" "$tty_out" "importing: saving..."
	contains "on a terminal: the result" "$tty_out" "imported 2 attendee(s)"
	printf 'name,phone\nTty Three,01911000003\n' >"$T/tty2.csv"
	"$KIOSK" attendees import "$T/tty2.csv" >/dev/null 2>"$T/tty2.err"
	equals "piped: no progress" "$(cat "$T/tty2.err")" ""
fi
printf 'name,phone\x00\n' >"$T/nul.csv"
expect_exit "a NUL byte is refused" 3 "$KIOSK" attendees import "$T/nul.csv"
expect_exit "verify" 0 "$KIOSK" verify
