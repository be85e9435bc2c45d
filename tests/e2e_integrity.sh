#!/bin/bash
# e2e_integrity.sh - issue 12: the adversary's probes that did not hold, one
# block per point (the double "ok" of point 1 is tests/e2e_race.sh). Each
# block failed on the code before the fix.
. "$(dirname "$0")/lib.sh"

"$KIOSK" init --event "Integrity" --pin 2468 >/dev/null 2>&1 || notok "init"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }

# --- 3. The PIN lockout holds under parallel tries -------------------------
cat >"$T/cat.csv" <<'CSV'
Seller,Product,Price,Stock
Rina,Pickle,250,5
CSV
"$KIOSK" catalog import "$T/cat.csv" >/dev/null || notok "catalog import"
NO=$("$KIOSK" orders add --item "Pickle=1" --name A --phone 01711222333 --district Dhaka \
	--address X --pay cash)
for i in $(seq 30); do
	"$KIOSK" orders cancel "$NO" --pin 1111 >/dev/null 2>"$T/pin.$i" &
done
wait
wrong=$(cat "$T"/pin.[0-9]* | grep -c "wrong PIN$")
if [ "$wrong" -le 4 ]; then ok "30 parallel wrong PINs: at most 4 judged wrong before the lock ($wrong)"
else notok "30 parallel wrong PINs: at most 4 judged wrong before the lock" "$wrong judged wrong"; fi
expect_exit "the right PIN right after is locked out" 3 "$KIOSK" orders cancel "$NO" --pin 2468
contains "and says so" "$ERR" "locked"

# Stock and order numbers: 8 desks sell the last 4 pickles at once.
for i in $(seq 8); do
	"$KIOSK" orders add --item "Pickle=1" --name "B $i" --phone 01711222333 --district Dhaka \
		--address X --pay cash >"$T/ord.$i" 2>"$T/orderr.$i" &
done
wait
sold=$(cat "$T"/ord.* | grep -c .)
equals "8 parallel orders for 4 left: 4 sold" "$sold" "4"
refused=0
for i in $(seq 8); do [ -s "$T/orderr.$i" ] && [ ! -s "$T/ord.$i" ] && refused=$((refused + 1)); done
equals "the other 4 are refused with a message" "$refused" "4"
equals "every printed number is the one stored" \
	"$(cat "$T"/ord.* | sort | tr '\n' ' ')" "$("$KIOSK" orders list | awk -F'\t' '$2 ~ /^B / {print $1}' | sort | tr '\n' ' ')"
equals "stock not oversold" "$(q "select left from stock where product='Pickle'")" "0"

# --- 2. Only valid UTF-8 reaches the journal ---------------------------------
# A surrogate (ED A0 80), an overlong slash (E0 80 AF, F0 80 80 AF) and a code
# point above U+10FFFF (F4 90 80 80) in a roster row: refused with the line.
for bad in '\xed\xa0\x80' '\xe0\x80\xaf' '\xf0\x80\x80\xaf' '\xf4\x90\x80\x80'; do
	printf "name,phone\nGood,01711000001\nBad $bad name,01711000002\n" >"$T/bad-utf8.csv"
	before=$(q "select count(*) from journal")
	expect_exit "roster with $bad is refused" 3 "$KIOSK" attendees import "$T/bad-utf8.csv"
	contains "the line of $bad is named" "$ERR" "line 3"
	equals "nothing imported for $bad" "$(q "select count(*) from journal")" "$before"
done
printf 'Seller,Product,Price\nRina,Bad \xed\xbf\xbf jar,100\n' >"$T/bad-cat.csv"
expect_exit "catalog row with a surrogate is refused" 3 "$KIOSK" catalog import "$T/bad-cat.csv"
contains "with its line" "$ERR" "line 2"
expect_exit "an argument that is not UTF-8 is bad input (exit 3)" 3 "$KIOSK" status $'JUNK\xed\xa0\x80'
contains "and says which" "$ERR" "not valid UTF-8"
# ... but a code that is not UTF-8 is what checkin judges: a malformed code,
# journaled as a rejected scan without its bytes.
before=$(q "select count(*) from rejections where reason='malformed'")
expect_exit "a code that is not UTF-8 is rejected as malformed" 2 "$KIOSK" checkin $'JUNK\xed\xa0\x80'
contains "malformed" "$OUT" "rejected (malformed)"
equals "and journaled" "$(q "select count(*) from rejections where reason='malformed'")" $((before + 1))
lacks "without its bytes" "$(q "select body from journal where kind='checkin_rejected'")" "eda080"
# Junk read by the scanner at the screen is journaled, escaped as hex.
if command -v xdotool >/dev/null && command -v Xvfb >/dev/null; then :; fi
bad_bodies=$(sqlite3 "$DB" "select body from journal" | python3 -c '
import sys
data = sys.stdin.buffer.read()
try:
    data.decode("utf-8", "strict")
    # Python accepts no surrogates or overlongs: strict RFC 3629
    print(0)
except UnicodeDecodeError:
    print(1)')
equals "every journal body is valid UTF-8" "$bad_bodies" "0"

# --- 4. A NUL byte in a CSV field is refused, not a silent cut ----------------
printf 'name,phone\nAl\0ice,01711000003\n' >"$T/nul.csv"
expect_exit "a NUL in a name is refused" 3 "$KIOSK" attendees import "$T/nul.csv"
contains "with its line" "$ERR" "line 2"
contains "and says NUL" "$ERR" "NUL"
equals "no 'Al' imported" "$("$KIOSK" attendees list | cut -f2 | grep -cx Al)" "0"

# --- 5. Control characters in names never reach the terminal ------------------
printf 'name,phone\n"Evil \033[2J\033]0;pwned\007 Name",01711000004\n' >"$T/esc.csv"
expect_exit "an ESC in a name is refused" 3 "$KIOSK" attendees import "$T/esc.csv"
contains "named by line and character" "$ERR" "line 2: name holds a control character (U+001B)"
# A name that came in before the check (an old store or a bundle) is printed escaped.
"$KIOSK" attendees import <(printf 'name,phone\nPlain Name,01711000005\n') >/dev/null
# (Names are sealed since issue 14; a row from an older store holds them in
# clear, as JSON.)
plain=$(q "select pii from attendees where serial = (select max(serial) from attendees)")
sqlite3 "$DB" "update attendees set pii = json_object('name', 'Evil '||char(27)||'[2J Name')
	where serial = (select max(serial) from attendees)"
"$KIOSK" attendees list >"$T/list.out"
equals "attendees list prints no raw ESC" "$(grep -c $'\033' "$T/list.out")" "0"
contains "but the escaped form" "$(cat "$T/list.out")" 'Evil \x1B[2J Name'
sqlite3 "$DB" "update attendees set pii = '$plain' where serial = (select max(serial) from attendees)"

# --- 10. Ticket types: case-insensitive, one spelling; door set is strict ----
printf 'name,phone,type\nBig Shot,01711000006,VIP\nSmall Fry,01711000007,General\n' >"$T/types.csv"
expect_exit "types import" 0 "$KIOSK" attendees import "$T/types.csv"
serial_of() { "$KIOSK" attendees list | awk -F'\t' -v n="$1" '$2 == n {print $1}'; }
equals "VIP is stored as vip" "$(q "select type from attendees where serial = $(serial_of 'Big Shot')")" "vip"
equals "General is the default general" "$(q "select type_id from attendees where serial = $(serial_of 'Small Fry')")" "0"
expect_exit "door set --allow vip" 0 "$KIOSK" door set "vip door" --allow vip
VIPCODE=VC-1
printf 'name,phone,type,code\nCaps Guest,01711000008,Vip,VC-1\n' >"$T/caps.csv"
"$KIOSK" attendees import "$T/caps.csv" >/dev/null
expect_exit "a Vip ticket is admitted at the vip door" 0 "$KIOSK" checkin --door "vip door" "$VIPCODE"
expect_exit "door set with an unknown type is refused" 3 "$KIOSK" door set "d2" --allow vipp
contains "names the type" "$ERR" "no ticket type 'vipp'"
expect_exit "door set with an empty list is refused" 3 "$KIOSK" door set "d3" --allow ","
contains "says nobody would get in" "$ERR" "admit nobody"
expect_exit "door set --allow VIP is stored as vip" 0 "$KIOSK" door set "d4" --allow " VIP ,general"
equals "canonical list" "$(q "select allowed from doors where name='d4'")" "vip,general"

# --- 11. Error messages are cut on character boundaries ---------------------
long="A$(printf 'ক%.0s' $(seq 40))"
printf 'name,phone\n%s,\n' "$long" >"$T/cut.csv"
expect_exit "a row with neither phone nor code" 3 "$KIOSK" attendees import "$T/cut.csv"
equals "the message is valid UTF-8 (no half letter)" \
	"$(printf '%s' "$ERR" | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8"); print("ok")' 2>/dev/null)" "ok"

# --- 11. Lax input: prices, pictures, event windows ---------------------------
printf 'Seller,Product,Price\nRina,Jar,"10,0,0"\n' >"$T/price.csv"
expect_exit "price 10,0,0 is refused" 3 "$KIOSK" catalog import "$T/price.csv"
contains "with its line" "$ERR" "line 2: price '10,0,0' is not an amount"
printf 'Seller,Product,Price\nRina,Jar,"1,250.50"\nRina,Pot,"1,50,000"\n' >"$T/price2.csv"
expect_exit "thousands and lakh grouping both import" 0 "$KIOSK" catalog import "$T/price2.csv"
equals "1,250.50 is 125050 poisha" "$(q "select price_poisha from catalog where product='Jar'")" "125050"

mkdir -p "$T/pics"
convert -size 12x12 xc:green "$T/pics/good.png"
echo "not a picture" >"$T/pics/fake.png"
printf 'Seller,Product,Price,Image\nRina,Green,100,pics/good.png\nRina,Gone,100,pics/missing.png\nRina,Fake,100,pics/fake.png\n' >"$T/pics.csv"
before=$(q "select count(*) from journal")
expect_exit "a missing and a non-image picture are refused" 3 "$KIOSK" catalog import "$T/pics.csv"
contains "the missing one by line" "$ERR" "line 3: picture 'pics/missing.png'"
contains "the fake one by line" "$ERR" "line 4: picture 'pics/fake.png' is not an image"
equals "nothing imported" "$(q "select count(*) from journal")" "$before"
expect_exit "--skip-invalid imports the good row" 0 "$KIOSK" catalog import --skip-invalid "$T/pics.csv"
contains "and says what it skipped" "$OUT" "2 bad row(s) skipped"
img=$(q "select image from catalog where product='Green'")
case "$img" in pictures/*.png) ok "the journal holds the copy's name ($img)" ;;
	*) notok "the journal holds the copy's name, not the organizer's path" "got $img" ;; esac
check "the picture is copied into the data folder" cmp "$T/pics/good.png" "$DATA/$img"
equals "no organizer path in the journal" "$(q "select count(*) from journal where body like '%$T/pics%'")" "0"

# A product named twice in one file: a bad row, not the last price over
# the first (before: "imported 3 product(s)", and one product at the last
# row's price and stock).
printf 'Seller,Product,Price,Stock\nRina,Mug,100,5\nRina,Bowl,80,2\nRina,mug ,200,7\n' >"$T/twice.csv"
before=$(q "select count(*) from journal")
expect_exit "a product named twice is refused" 3 "$KIOSK" catalog import "$T/twice.csv"
contains "by its line and the first" "$ERR" "line 4: seller 'Rina' has product 'mug' on line 2 already"
equals "nothing imported" "$(q "select count(*) from journal")" "$before"
expect_exit "--skip-invalid keeps the first" 0 "$KIOSK" catalog import --skip-invalid "$T/twice.csv"
contains "two imported, one skipped" "$OUT" "imported 2 product(s); 0 unchanged; 1 bad row(s) skipped"
equals "at the first row's price and stock" "$(q "select price_poisha || ' ' || stock from catalog where product = 'Mug'")" "10000 5"

expect_exit "init refuses a window tickets cannot carry" 3 "$KIOSK" --data "$T/old" init --event Old \
	--starts 1960-01-01T10:00+06:00 --ends 2106-03-01T10:00+06:00
contains "and says which years" "$ERR" "1970 to 2106"

# --- 3 (cont.). Stock adjusts at once cannot take the stock below zero ------
"$KIOSK" catalog adjust Pickle 4 >/dev/null || notok "adjust +4"
for i in $(seq 8); do "$KIOSK" catalog adjust -- Pickle -1 >"$T/adj.$i" 2>&1 & done
wait
equals "8 parallel adjusts of -1 with 4 left: 4 go through" "$(cat "$T"/adj.* | grep -c '^Pickle: [0-9]* left$')" "4"
equals "and the stock is 0, not below" "$(q "select left from stock where product='Pickle'")" "0"

# --- 1 (cont.). Eight processes opening a store that needs migrating at once ---
M="$T/migr"
mkdir -p "$M" && sqlite3 "$M/kiosk.db" "PRAGMA journal_mode=WAL; PRAGMA user_version=0;" >/dev/null
for i in $(seq 8); do KIOSK_DATA="$M" "$KIOSK" attendees list >/dev/null 2>"$T/migr.$i" & done
wait
equals "all eight open it (each migration step runs once)" "$(cat "$T"/migr.* | grep -c .)" "0"
expect_exit "and it verifies" 0 env KIOSK_DATA="$M" "$KIOSK" verify

# --- 3 (cont.). PIN checks killed half-way lock for a minute, not for good ---
# (kill -9 as the check starts the PIN's slow hash, after its try is counted:
# strace's fault injection at argon2's 16 MB arena, found in a first run).
# LeakSanitizer cannot run under ptrace: the asan build's leak check is off
# for these runs (leaks are other tests' job).
P="$T/pins"
NOLEAK="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
"$KIOSK" --data "$P" init --event Pins --pin 2468 >/dev/null 2>&1 || notok "init pins"
printf 'Seller,Product,Price,Stock\nRina,Jam,100,\n' >"$T/jam.csv"
"$KIOSK" --data "$P" catalog import "$T/jam.csv" >/dev/null || notok "catalog import jam"
for i in $(seq 12); do
	"$KIOSK" --data "$P" orders add --item "Jam=1" --name "J $i" --phone 01711222333 \
		--district Dhaka --address X --pay cash || notok "order $i"
done >"$T/jam.nos"
ASAN_OPTIONS="$NOLEAK" strace -f -qq -e trace=mmap -o "$T/pin.mmap" "$KIOSK" --data "$P" orders cancel "$(sed -n 1p "$T/jam.nos")" \
	--pin 2468 >/dev/null || notok "a cancel under strace"
n=$(grep -n "mmap(NULL, 16777216" "$T/pin.mmap" | tail -1 | cut -d: -f1)
NO2=$(sed -n 2p "$T/jam.nos")
killed=0
for i in $(seq 5); do
	(ASAN_OPTIONS="$NOLEAK" strace -f -qq -o /dev/null -e trace=mmap -e "inject=mmap:signal=KILL:when=$n" \
		"$KIOSK" --data "$P" orders cancel "$NO2" --pin 2468) >/dev/null 2>&1
	[ $? -eq 137 ] && killed=$((killed + 1))
done
equals "five PIN checks killed as the hash starts" "$killed" "5"
expect_exit "within the minute the right PIN is locked out" 3 "$KIOSK" --data "$P" orders cancel "$NO2" --pin 2468
contains "and says so" "$ERR" "locked"
# a minute passing, written into the store rather than waited for
sqlite3 "$P/kiosk.db" "UPDATE meta SET value = value - 61000 WHERE key = 'pin_tried_at'"
expect_exit "a minute on the right PIN cancels (it stayed locked for good)" 0 \
	"$KIOSK" --data "$P" orders cancel "$NO2" --pin 2468
for i in $(seq 3 12); do
	"$KIOSK" --data "$P" orders cancel "$(sed -n "${i}p" "$T/jam.nos")" --pin 2468 >/dev/null 2>"$T/rpin.$i" &
done
wait
equals "ten right PINs at once: all ten cancel (half were refused as locked)" \
	"$(cat "$T"/rpin.* | grep -c .)" "0"
expect_exit "and it verifies" 0 "$KIOSK" --data "$P" verify

# --- 3 (cont.). Stock: one product on two lines, and oversold by sync -------
printf 'Seller,Product,Price,Stock\nRina,Honey,300,3\n' >"$T/honey.csv"
"$KIOSK" catalog import "$T/honey.csv" >/dev/null || notok "catalog import honey"
expect_exit "2 + 2 of 3 on two lines of one order is refused" 3 "$KIOSK" orders add \
	--item "Honey=2" --item "Honey=2" --name A --phone 01711222333 --district Dhaka --address X --pay cash
contains "as too many" "$ERR" "Not enough in stock"
equals "and the stock is still 3" "$(q "select left from stock where product='Honey'")" "3"
# Two desks sell offline past the stock (2 + 2 of 3) and meet by a stick:
# the merged stock is -1, which read as "not counted" and sold any quantity.
O="$T/shop-org"
"$KIOSK" --data "$O" init --event "Two desks" --pin 2468 >/dev/null 2>&1 || notok "init two desks"
"$KIOSK" --data "$O" catalog import "$T/honey.csv" >/dev/null || notok "catalog import two desks"
for d in 1 2; do
	"$KIOSK" --data "$O" device add "Desk $d" --out "$T/desk$d.kbundle" >/dev/null &&
		"$KIOSK" --data "$T/desk$d" device join "$T/desk$d.kbundle" >/dev/null &&
		"$KIOSK" --data "$T/desk$d" orders add --item "Honey=2" --name "D $d" --phone 01711222333 \
			--district Dhaka --address X --pay cash >/dev/null &&
		"$KSYNC" --data "$T/desk$d" push --to "$T/stick" >/dev/null || notok "desk $d sells and pushes"
done
"$KSYNC" --data "$T/desk2" pull --from "$T/stick" >/dev/null || notok "desk 2 pulls"
equals "desk 2's merged stock is -1" "$(sqlite3 "$T/desk2/kiosk.db" "select left from stock")" "-1"
expect_exit "catalog list" 0 "$KIOSK" --data "$T/desk2" catalog list
contains "shows none left, not 'not counted'" "$OUT" "$(printf 'Honey\tTk 300\t0')"
expect_exit "an oversold product sells no more" 3 "$KIOSK" --data "$T/desk2" orders add \
	--item "Honey=5" --name B --phone 01711222333 --district Dhaka --address X --pay cash
contains "none left" "$ERR" "Not enough in stock"

# --- 1 (cont.). Two inits at once on one new folder: one event, one key ----
# (both saw no event and made one: the store kept one event and the other's
# key files, and nothing it wrote after was signed for sync)
raced=""
for i in $(seq 15); do
	I="$T/init$i"
	"$KIOSK" --data "$I" init --event "A $i" --pin 2468 >"$T/ia" 2>&1 &
	"$KIOSK" --data "$I" init --event "B $i" --pin 2468 >"$T/ib" 2>&1
	wait
	made=$(cat "$T/ia" "$T/ib" | grep -c "created in")
	held=$(cat "$T/ia" "$T/ib" | grep -c "already holds event")
	if [ "$made" != 1 ] || [ "$held" != 1 ] || [ -e "$I/event.key.1" ]; then
		raced="$raced run $i: $made created, $held refused, $(ls "$I" | tr '\n' ' ') $(grep -hv -e '^open' -e '^no time' -e '^secret' -e '^organizer' -e 'created in' -e 'already holds' "$T/ia" "$T/ib");"
	fi
done
equals "15 pairs of inits at once: one event each, the other refused, one key" "$raced" ""
expect_exit "and the last store signs what it writes" 0 "$KIOSK" --data "$I" attendees add \
	--name Z --phone 01711222399
lacks "without a warning" "$ERR" "not signed"
