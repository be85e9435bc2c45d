#!/bin/bash
# e2e_report.sh - `kiosk report` over a fixture with known numbers: two
# meetups with overlapping phones, check-ins at known times and doors through
# `kiosk checkin --at`, walk-ins and an undo written as the door screen writes
# them, and a second door device whose entries arrive merged (a double entry).
# Every expected figure below is worked out by hand from the fixture, not by
# the report's code. Then the page is rendered with headless Chromium in both
# languages and checked not blank.
. "$(dirname "$0")/lib.sh"

FILL="$ROOT/$BUILD/tests/bench_report_fill"
q() { sqlite3 "$DATA/kiosk.db" "$1"; }
# csv FILE SQL: run SQL over FILE imported as table t (sqlite3's RFC 4180 reader).
csv() { sqlite3 :memory: ".import --csv '$1' t" "$2"; }
metric() { csv "$OUTDIR/summary.csv" "select value from t where metric = '$1'"; }

# ---------------------------------------------------------------- meetup 1
expect_exit "init the first meetup" 0 "$KIOSK" init --event "Spring meetup" \
	--starts 2026-06-01T15:00+06:00 --ends 2026-06-01T20:00+06:00 --pin 1234
cat >"$T/spring.csv" <<'CSV'
name,phone,code
Anika,01711000001,E1A
Babu,01711000002,E1B
Chaity,01711000003,E1C
Dipu,01711000004,E1D
CSV
expect_exit "import the first roster" 0 "$KIOSK" attendees import "$T/spring.csv"
for c in E1A E1B E1C; do
	expect_exit "first meetup: $c checks in" 0 "$KIOSK" checkin "$c" --door Gate --at 2026-06-01T15:30+06:00
done
E1=$(q "select value from meta where key='event_id'")

# Orders and feedback as the order desk and feedback screen journal them
# (shop.c's bodies). They carry no event id: the report places them by time.
order() { # TIME NO SELLER NAME PHONE METHOD TOTAL COLLECT ITEMS-JSON
	printf 'A\t%s\torder\t{"no":"%s","seller":"%s","name":"%s","phone":"%s","district":"Dhaka","address":"House 1, Road 2","method":"%s","total_poisha":%s,"collect_poisha":%s,"items":%s}\n' "$@"
}
fb() { # TIME SELLER PRODUCT FACE TAGS COMMENT FLAGGED
	printf 'A\t%s\tfeedback\t{"item":"i-%s","product":"%s","seller":"%s","face":%s,"tags":"%s","comment":"%s","flagged":%s,"lang":"bn"}\n' "$1" "$3" "$3" "$2" "$4" "$5" "$6" "$7"
}
R="Rina's Kitchen"
TC="Tara Crafts"
{
	order 2026-06-01T16:00+06:00 S-1 "$R" Babu +8801711000002 cash 50000 0 '[{"id":"i-1","product":"Pickle","qty":2,"unit_poisha":25000}]'
	order 2026-06-01T16:05+06:00 S-2 "$TC" Zara +8801711000020 cod 120050 120050 '[{"id":"i-3","product":"Bag","qty":1,"unit_poisha":120050}]'
	order 2026-06-01T16:10+06:00 S-3 "$R" Emon +8801711000005 cash 18025 0 '[{"id":"i-2","product":"Chutney","qty":1,"unit_poisha":18025}]'
	fb 2026-12-05T16:20+06:00 "$R" Pickle 1 "taste" "spring only" 0 | sed "s/{/{\"event\":\"$E1\",/"
	# Entered in December but naming the spring meetup: the body's event wins
	# over the time (which falls inside the winter meetup's window).
	order 2026-12-05T17:00+06:00 S-4 "$R" Yusuf +8801711000030 cash 25000 0 '[{"id":"i-1","product":"Pickle","qty":1,"unit_poisha":25000}]' | sed "s/{/{\"event\":\"$E1\",/"
} >"$T/spring.tsv"
"$FILL" "$DATA" <"$T/spring.tsv" >"$T/fill.out" 2>&1
equals "first meetup: 4 orders and 1 feedback journaled" "$(cat "$T/fill.out")" "5"

# ---------------------------------------------------------------- meetup 2
expect_exit "init the second meetup (--new)" 0 "$KIOSK" init --new --event "শীতের মিটআপ" \
	--starts 2026-12-05T15:00+06:00 --ends 2026-12-05T20:00+06:00 --pin 1234
E2=$(q "select value from meta where key='event_id'")
cat >"$T/winter.csv" <<'CSV'
name,phone,code
Anika,01711000001,W01
Babu,01711000002,W02
Emon,01711000005,W03
Fahim,01711000006,W04
গীতা,01711000007,W05
"Hasan, Mirpur",01711000008,W06
Dipu,01711000004,W07
Ira,01711000009,W08
Jui,01711000010,W09
Kabir,01711000011,W10
CSV
expect_exit "import the second roster" 0 "$KIOSK" attendees import "$T/winter.csv"
expect_exit "cancel Jui's ticket" 0 "$KIOSK" attendees cancel W09

# A second door device, enrolled and joined through sync with the roster; a
# third enrolled that never sends anything (the report must say it is missing).
D2="$T/door2"
expect_exit "enrol door-2" 0 "$KIOSK" device add "door-2" --out "$T/door2.kbundle"
expect_exit "enrol door-3" 0 "$KIOSK" device add "door-3" --out "$T/door3.kbundle"
expect_exit "door-2 joins" 0 "$KIOSK" --data "$D2" device join "$T/door2.kbundle"

ci() { expect_exit "checkin $1 at $2 $3" "$4" "$KIOSK" checkin "$1" --door "$2" --at "2026-12-05T$3+06:00"; }
ci W01 "Gate A" 15:02 0
ci W02 "Gate A" 15:05 0
ci W03 "Gate B" 15:08 0
ci W05 "Gate B" 15:09 0
ci W04 "Gate A" 15:12 0
ci W07 "Gate A" 15:16 0
ci W10 "Gate B" 15:18 0
ci W01 "Gate B" 15:20 1     # already used: a rejection, not an arrival
ci NOPE "Gate B" 15:21 2    # not a ticket
# door-2 cannot see this device: Fahim is let in a second time at Gate C.
expect_exit "door-2: Fahim at Gate C 15:13" 0 "$KIOSK" --data "$D2" checkin W04 --door "Gate C" --at 2026-12-05T15:13+06:00
expect_exit "door-2: Ira at Gate C 15:40" 0 "$KIOSK" --data "$D2" checkin W08 --door "Gate C" --at 2026-12-05T15:40+06:00
expect_exit "door-2 pushes to a USB folder" 0 "$KSYNC" --data "$D2" push --to "$T/usb"
expect_exit "the organizer pulls it" 0 "$KSYNC" pull --from "$T/usb"
dev2=$(sqlite3 "$D2/kiosk.db" "select value from meta where key='device_id'")

self=$(q "select value from meta where key='device_id'")
[ -n "$self" ] || self=$(q "select device_id from journal order by at_ms limit 1")
id_of() { q "select id from attendees where code = '$1'"; }
kabir_seq=$(q "select seq from checkins where attendee_id = '$(id_of W10)'")
# Walk-ins and the undo as the door screen journals them.
{
	printf 'A\t2026-12-05T15:25+06:00\twalkin\t{"id":"w-1","event":"%s","name":"Lina","phone":"+8801711000012","type":"general","door":"Gate B"}\n' "$E2"
	printf 'A\t2026-12-05T15:31+06:00\twalkin\t{"id":"w-2","event":"%s","name":"Chaity","phone":"+8801711000003","type":"general","door":"Gate A"}\n' "$E2"
	printf 'A\t2026-12-05T15:35+06:00\tcheckin_undone\t{"device_id":"%s","seq":%s}\n' "$self" "$kabir_seq"
	# Orders of this meetup; W-7 is taken while setting up, before the doors
	# open, and still belongs to this meetup; W-6 is cancelled.
	order 2026-12-05T14:40+06:00 W-7 "$R" Dipu +8801711000004 cash 75000 0 '[{"id":"i-1","product":"Pickle","qty":3,"unit_poisha":25000}]'
	order 2026-12-05T15:30+06:00 W-3 "$R" Anika +8801711000001 bkash 61050 0 '[{"id":"i-1","product":"Pickle","qty":1,"unit_poisha":25000},{"id":"i-2","product":"Chutney","qty":2,"unit_poisha":18025}]'
	order 2026-12-05T16:00+06:00 W-4 "$TC" 'Zara, Banani' +8801711000020 cod 240100 240100 '[{"id":"i-3","product":"Bag","qty":2,"unit_poisha":120050}]'
	order 2026-12-05T16:10+06:00 W-5 "$R" Emon +8801711000005 cod 18025 18025 '[{"id":"i-2","product":"Chutney","qty":1,"unit_poisha":18025}]'
	order 2026-12-05T16:20+06:00 W-6 "$TC" গীতা +8801711000007 nagad 120050 0 '[{"id":"i-3","product":"Bag","qty":1,"unit_poisha":120050}]'
	printf 'A\t2026-12-05T16:25+06:00\torder_cancelled\t{"no":"W-6","reason":"changed mind"}\n'
	fb 2026-12-05T16:30+06:00 "$R" Pickle 4 "taste" "খুব মজা" 0
	fb 2026-12-05T16:31+06:00 "$R" Pickle 4 "taste, packaging" "" 0
	fb 2026-12-05T16:32+06:00 "$R" Pickle 3 "packaging" "" 0
	fb 2026-12-05T16:33+06:00 "$R" Pickle 2 "" "Packaging was not good" 0
	fb 2026-12-05T16:34+06:00 "$R" Chutney 1 "price" "Too sweet" 0
	fb 2026-12-05T16:35+06:00 "$TC" Bag 3 "quality" "" 0
	fb 2026-12-05T16:40:00+06:00 "$TC" Bag 1 "price" "" 1
	fb 2026-12-05T16:40:03+06:00 "$TC" Bag 1 "price" "=asdf" 1
	fb 2026-12-05T16:40:05+06:00 "$TC" Bag 1 "price" "" 1
	printf 'A\t2026-12-05T16:45+06:00\tfeedback\t{"face":4,"comment":"Great meetup!","lang":"en"}\n'
} >"$T/fill.tsv"
"$FILL" "$DATA" <"$T/fill.tsv" >"$T/fill.out" 2>&1
equals "fixture: 19 entries appended" "$(cat "$T/fill.out")" "19"

# ---------------------------------------------------------------- report
OUTDIR="$T/report"
expect_exit "report (Bengali page)" 0 "$KIOSK" report --out "$OUTDIR"
[ -s "$OUTDIR/index.html" ] && ok "index.html written" || notok "index.html written"

# By hand: 10 registered; Jui cancelled; came: W01 W02 W03 W05 W04 W07, Ira
# (door-2), Lina and Chaity (walk-ins) = 9; Kabir's check-in undone; no-shows:
# Hasan and Kabir; Fahim checked in at Gate A and at door-2's Gate C.
equals "registered" "$(metric registered)" "10"
equals "cancelled" "$(metric cancelled)" "1"
equals "checked in" "$(metric checked_in)" "9"
equals "walk-ins" "$(metric walk_ins)" "2"
equals "no-shows" "$(metric no_shows)" "2"
equals "double entries" "$(metric double_entries)" "1"
equals "double entries agree with sync's double_entries view" \
	"$(q "select count(distinct attendee_id) from double_entries")" "$(metric double_entries)"
equals "rejected scans" "$(metric rejected_scans)" "2"
equals "undone check-ins" "$(metric undone_checkins)" "1"
# Bars: 15:00 A2 B2 | 15:10 A2 | 15:20 B1 | 15:30 A1 | 15:40 C1 -> peak 4 at 15:00.
equals "bar width" "$(metric bar_minutes)" "10"
equals "peak arrivals" "$(metric peak_arrivals)" "4"
equals "peak per hour" "$(metric peak_per_hour)" "24"
equals "peak starts" "$(metric peak_start)" "2026-12-05T15:00:00+06:00"
# Phones: Anika, Babu (spring guests) and Chaity (spring guest, walk-in now)
# came before; Emon only ordered in spring; Dipu registered in spring but
# never came nor ordered, so he is new. Babu and Emon ordered before.
equals "guests with a phone" "$(metric guests_with_phone)" "9"
equals "returning guests" "$(metric returning_guests)" "4"
equals "new guests" "$(metric new_guests)" "5"
equals "guests who ordered before" "$(metric ordered_before)" "2"
equals "buyers (Anika, Zara, Emon, Dipu; Gita cancelled)" "$(metric buyers)" "4"
# Feedback: 10 this meetup, 3 of them a burst; spring's stays out.
equals "feedback counted" "$(metric feedback)" "7"
equals "feedback flagged" "$(metric feedback_flagged)" "3"
# Orders: W-7 750 + W-3 610.50 + W-4 2401 + W-5 180.25; W-6 cancelled.
equals "orders" "$(metric orders)" "4"
equals "order items (3+3+2+1)" "$(metric order_items)" "9"
equals "order money" "$(metric orders_taka)" "3941.75"
equals "cash on delivery to collect (2401 + 180.25)" "$(metric cod_to_collect_taka)" "2581.25"
equals "cancelled orders" "$(metric cancelled_orders)" "1"

arr=$(csv "$OUTDIR/arrivals.csv" "select substr(bin_start,12,5), door, arrivals from t where arrivals+0 > 0 order by 1, 2" | tr '\n' ' ')
equals "arrivals per bar and door" "$arr" \
	"15:00|Gate A|2 15:00|Gate B|2 15:10|Gate A|2 15:20|Gate B|1 15:30|Gate A|1 15:40|Gate C|1 "
bars=$(csv "$OUTDIR/arrivals.csv" "select count(distinct bin_start), count(*), sum(arrivals) from t")
equals "5 bars x 3 doors, zeros included, 9 arrivals" "$bars" "5|15|9"
doors=$(csv "$OUTDIR/doors.csv" "select door, arrivals, checkins from t order by door" | tr '\n' ' ')
equals "per door: arrivals and check-ins" "$doors" "Gate A|5|5 Gate B|3|3 Gate C|1|2 "
dbl=$(csv "$OUTDIR/double_entries.csv" "select name, times, door, device_id = '$dev2', substr(at,12,5) from t order by at" | tr '\n' ' ')
equals "double entry rows: Fahim at both doors" "$dbl" "Fahim|2|Gate A|0|15:12 Fahim|2|Gate C|1|15:13 "
ns=$(csv "$OUTDIR/no_shows.csv" "select serial, name, phone from t order by serial+0" | tr '\n' ' ')
equals "no-show list" "$ns" "6|Hasan, Mirpur|+8801711000008 10|Kabir|+8801711000011 "
rej=$(csv "$OUTDIR/rejections.csv" "select reason, count from t order by reason" | tr '\n' ' ')
equals "rejections by reason" "$rej" "already_in|1 malformed|1 "
ret=$(csv "$OUTDIR/returning.csv" "select event_id = '$E1', this_event, registered, checked_in, guests_with_phone, new, [returning], ordered_before, came_back_later, buyers, bought_again_later from t order by starts" | tr '\n' ' ')
# Spring: guests Anika Babu Chaity all came back; buyers Babu Zara Emon
# Yusuf, of whom Zara and Emon bought again.
equals "returning per meetup (spring, winter)" "$ret" "1|0|4|3|3|3|0|0|3|4|2 0|1|10|9|9|5|4|2|0|4|0 "

fbp=$(csv "$OUTDIR/feedback_products.csv" "select seller, product, face_1, face_2, face_3, face_4, feedback, flagged_bursts from t order by seller, product" | tr '\n' ' ')
equals "feedback per product (faces 1-4, counted, bursts)" "$fbp" \
	"||0|0|0|1|1|0 Rina's Kitchen|Chutney|1|0|0|0|1|0 Rina's Kitchen|Pickle|0|1|1|2|4|0 Tara Crafts|Bag|0|0|1|0|1|3 "
tags=$(csv "$OUTDIR/feedback_tags.csv" "select seller, product, tag, count from t order by seller, product, tag" | tr '\n' ' ')
equals "tags counted (bursts left out)" "$tags" \
	"Rina's Kitchen|Chutney|price|1 Rina's Kitchen|Pickle|packaging|2 Rina's Kitchen|Pickle|taste|2 Tara Crafts|Bag|quality|1 "
com=$(csv "$OUTDIR/feedback_comments.csv" "select product, face, comment, flagged_burst from t order by flagged_burst, comment" | tr '\n' ' ')
equals "comments with product, bursts apart" "$com" \
	"|4|Great meetup!|0 Pickle|2|Packaging was not good|0 Chutney|1|Too sweet|0 Pickle|4|খুব মজা|0 Bag|1|'=asdf|1 "
sel=$(csv "$OUTDIR/orders_sellers.csv" "select seller, orders, items, total_taka, cod_to_collect_taka, cancelled from t order by seller" | tr '\n' ' ')
equals "orders per seller" "$sel" "Rina's Kitchen|3|7|1540.75|180.25|0 Tara Crafts|1|2|2401|2401|1 "
pay=$(csv "$OUTDIR/orders_payments.csv" "select seller, method, orders, total_taka from t order by seller, method" | tr '\n' ' ')
equals "money per payment method" "$pay" \
	"Rina's Kitchen|bkash|1|610.50 Rina's Kitchen|cash|1|750 Rina's Kitchen|cod|1|180.25 Tara Crafts|cod|1|2401 "
cour=$(csv "$OUTDIR/courier.csv" "select Invoice, [Recipient name], Phone, [Amount to collect], Note from t" | tr '\n' ' ')
equals "courier CSV: this meetup's orders to deliver, in time order" "$cour" \
	"W-7|Dipu|01711000004|0|3 x Pickle W-3|Anika|01711000001|0|1 x Pickle; 2 x Chutney W-4|Zara, Banani|01711000020|2401|2 x Bag W-5|Emon|01711000005|180.25|1 x Chutney "
grep -q '"Zara, Banani"' "$OUTDIR/courier.csv" && ok "courier CSV quotes a comma" || notok "courier CSV quotes a comma"
own=$(q "select count(*) || '|' || max(seq) from journal where device_id = '$self'")
dev=$(csv "$OUTDIR/devices.csv" "select name, this_device, entries, last_seq, missing from t where device_id <> '$self' order by device_id" | tr '\n' ' ')
equals "devices: door-2 all in, door-3 nothing yet" "$dev" "door-2|0|2|2|0 door-3|0|0|0|0 "
mine=$(csv "$OUTDIR/devices.csv" "select entries || '|' || last_seq from t where this_device = '1'")
equals "devices: this device's entries and last seq" "$mine" "$own"

# A hole in a device's journal (here cut out by hand, as a damaged copy would
# be) is reported as missing, with the entry numbers.
cp -R "$DATA" "$T/holed"
sqlite3 "$T/holed/kiosk.db" "delete from journal where device_id = '$dev2' and seq = 1"
expect_exit "report over a journal with a hole" 0 "$KIOSK" --data "$T/holed" report --out "$T/holed-report" --lang en
hole=$(csv "$T/holed-report/devices.csv" "select entries, last_seq, missing, gaps from t where device_id = '$dev2'")
equals "the hole: 1 entry held up to 2, 1 missing (entry 1)" "$hole" "1|2|1|1"
contains "the page names the missing entry" "$(grep -o 'bad">1</span> (entries 1)' "$T/holed-report/index.html")" "entries 1"

# The CSV format itself: BOM, CRLF, a quoted field.
bom=$(head -c 3 "$OUTDIR/no_shows.csv" | od -An -tx1 | tr -d ' ')
equals "CSV starts with a UTF-8 BOM" "$bom" "efbbbf"
crlf=$(head -n 1 "$OUTDIR/no_shows.csv" | od -An -c | tr -s ' ' | grep -c '\\r \\n')
equals "CSV lines end with CRLF" "$crlf" "1"
grep -q '"Hasan, Mirpur"' "$OUTDIR/no_shows.csv" && ok "a comma in a name is quoted" || notok "a comma in a name is quoted"

# The page: self-contained, in the chosen language.
html="$OUTDIR/index.html"
lacks "no network reference (http(s) other than the SVG namespace)" \
	"$(grep -o 'https\?://[^" ]*' "$html" | grep -v 'http://www.w3.org/2000/svg' | head -1)" "http"
lacks "no external stylesheet or script" "$(grep -o '<link\|<script' "$html" | head -1)" "<"
contains "page has an inline SVG chart" "$(cat "$html")" "<svg"
contains "Bengali page has Bengali headings" "$(cat "$html")" "সময় অনুযায়ী আগমন"
contains "Bengali page uses Bengali digits (9 came)" "$(cat "$html")" "<b>৯</b><span>এসেছেন"
contains "page names the font family" "$(cat "$html")" "Noto Sans Bengali"
expect_exit "report in English" 0 "$KIOSK" report --out "$T/report-en" --lang en
contains "English page" "$(cat "$T/report-en/index.html")" "Arrivals over time, per door"
contains "English page uses ASCII digits (9 came)" "$(cat "$T/report-en/index.html")" "<b>9</b><span>Came"
cmp -s "$OUTDIR/returning.csv" "$T/report-en/returning.csv" && ok "CSVs do not depend on the page language" \
	|| notok "CSVs do not depend on the page language"

# Another event of the store.
expect_exit "report on the first meetup (--event)" 0 "$KIOSK" report --out "$T/spring" --event "$E1" --lang en
equals "first meetup: 3 came" "$(csv "$T/spring/summary.csv" "select value from t where metric='checked_in'")" "3"
equals "first meetup: Dipu the no-show" "$(csv "$T/spring/no_shows.csv" "select name from t")" "Dipu"
equals "first meetup: its 4 orders (one by its event id)" "$(csv "$T/spring/summary.csv" "select value from t where metric='orders'")" "4"
equals "first meetup: its feedback only" "$(csv "$T/spring/feedback_comments.csv" "select comment from t")" "spring only"

# Bad input: one clear line, exit 3, nothing written.
# A bad option or option value is usage (exit 4), as in every command.
expect_exit "unknown language is usage" 4 "$KIOSK" report --out "$T/x" --lang fr
equals "one line for a bad language" "$(printf '%s\n' "$ERR" | wc -l)" "1"
expect_exit "missing --out is usage" 4 "$KIOSK" report
expect_exit "--out without a value is usage" 4 "$KIOSK" report --out
expect_exit "unknown event refused" 3 "$KIOSK" report --out "$T/x2" --event nope
contains "unknown event named" "$ERR" "nope"
expect_exit "unknown option is usage" 4 "$KIOSK" report --out "$T/x3" --bogus
touch "$T/afile"
expect_exit "--out on a file refused" 3 "$KIOSK" report --out "$T/afile"
expect_exit "no store refused" 3 env KIOSK_DATA="$T/empty" "$KIOSK" report --out "$T/x4"
expect_exit "--help" 0 "$KIOSK" report --help
contains "--help names --lang" "$OUT" "--lang"
# --help lists every file the report writes.
for f in payments_unmatched.csv cod_risky.csv courier.csv devices.csv; do
	contains "--help lists $f" "$OUT" "$f"
done
"$KIOSK" report --out "$T/quiet" >/dev/null 2>"$T/quiet.err"
equals "quiet when piped (no progress on stderr)" "$(cat "$T/quiet.err")" ""
if command -v script >/dev/null; then
	tty_out=$(env -u KIOSK_QUIET script -qc "'$KIOSK' report --out '$T/tty'" /dev/null)
	contains "progress on a terminal" "$tty_out" "report: 16/16"
fi
# The Bengali font travels inside the page (a fallback behind installed fonts).
contains "page embeds the Bengali font" "$(head -c 400 "$OUTDIR/index.html")" "data:font/ttf;base64,"
expect_exit "report --no-font" 0 "$KIOSK" report --out "$T/nofont" --no-font
equals "--no-font leaves the font out" "$(grep -c 'data:font/ttf' "$T/nofont/index.html")" "0"
small=$(stat -c %s "$T/nofont/index.html"); big=$(stat -c %s "$OUTDIR/index.html")
[ "$small" -lt 60000 ] && [ "$big" -gt 250000 ] && ok "page is ${big} bytes with the font, ${small} without" \
	|| notok "page sizes with and without the font" "with: $big, without: $small"

# A full disk: the page (~290 KB with its font) does not fit in a 128 KiB
# tmpfs (or under ulimit -f where mounting is not permitted). One line, exit 3,
# no half-written page and no temp files left behind.
cat >"$T/full.sh" <<'SH'
set -u
if [ "${NOMOUNT:-0}" = 0 ]; then
	mount -t tmpfs -o size=128k tmpfs "$FS" || exit 90
	"$KIOSK" report --out "$FS/r" >"$T/full.out" 2>"$T/full.err"
else
	( trap '' XFSZ; ulimit -f 128; exec "$KIOSK" report --out "$FS/r" ) >"$T/full.out" 2>"$T/full.err"
fi
echo $? >"$T/full.rc"
ls -A "$FS/r" >"$T/full.ls" 2>&1
SH
FS="$T/fullfs"
mkdir -p "$FS"
export T FS KIOSK
if ! unshare --mount --propagation private bash "$T/full.sh" 2>/dev/null; then
	NOMOUNT=1 bash "$T/full.sh"
fi
equals "full disk: exit 3" "$(cat "$T/full.rc")" "3"
equals "full disk: one line on stderr" "$(wc -l <"$T/full.err")" "1"
case "$(cat "$T/full.err")" in
*"No space left"* | *"File too large"*) ok "full disk: says why" ;;
*) notok "full disk: says why" "$(cat "$T/full.err")" ;;
esac
lacks "full disk: no page written" "$(cat "$T/full.ls")" "index.html"
lacks "full disk: no temp file left" "$(cat "$T/full.ls")" ".tmp"

# ---------------------------------------------------------------- rendering
# Headless Chromium renders both pages to PNGs; a blank or broken page has one
# or two colours. SHOTS=DIR keeps the pictures for a person to look at.
shots=${SHOTS:-$T/shots}
mkdir -p "$shots"
if command -v chromium >/dev/null && command -v convert >/dev/null; then
	for lang in bn en; do
		dir=$OUTDIR
		[ "$lang" = en ] && dir=$T/report-en
		png="$shots/report-$lang.png"
		rm -f "$png"
		timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$(mktemp -d "$T/chr.XXXXXX")" --screenshot="$png" \
			--window-size=1200,1800 "file://$dir/index.html" >/dev/null 2>&1
		if [ -s "$png" ]; then ok "chromium renders the $lang page"; else notok "chromium renders the $lang page"; continue; fi
		colours=$(convert "$png" -format '%k' info:)
		mean=$(convert "$png" -colorspace gray -format '%[fx:int(mean*1000)]' info:)
		[ "$colours" -gt 50 ] && ok "$lang page is not blank ($colours colours)" \
			|| notok "$lang page is not blank" "colours: $colours"
		[ "$mean" -lt 990 ] && [ "$mean" -gt 500 ] && ok "$lang page mostly light with ink (mean $mean/1000)" \
			|| notok "$lang page mostly light with ink" "mean: $mean"
		# The chart's blue (door 1, #0072B2) must be on the picture.
		blue=$(convert "$png" -fill white +opaque '#0072B2' -fill black -opaque '#0072B2' \
			-format '%[fx:int((1-mean)*w*h)]' info:)
		[ "$blue" -gt 1000 ] && ok "$lang page shows the bars ($blue blue pixels)" \
			|| notok "$lang page shows the bars" "blue pixels: $blue"
	done
else
	notok "chromium and ImageMagick are installed (tools/deps.sh)"
fi
# SHOTS=DIR also keeps both reports there, to read or print by hand.
if [ -n "${SHOTS:-}" ]; then
	rm -rf "$SHOTS/report-bn" "$SHOTS/report-en"
	cp -R "$OUTDIR" "$SHOTS/report-bn" && cp -R "$T/report-en" "$SHOTS/report-en"
fi
