#!/bin/bash
# e2e_seal_shop.sh - the shop side's personal data is ciphertext at rest
# (issue 14): orders (name, phone, address in Bengali and English), feedback
# taken on the real feedback screen (comment, phone), a wallet SMS import
# (payer's phone) and a courier import (customer's phone) are searched for in
# every byte of the data folder (kiosk.db, its WAL, every file beside it) and
# of a USB-stick push: nothing is found, not even the phone digits. The same
# flows still show them through the program (customers show, orders
# export, orders list, feedback export, payments list, receipt, report), and
# verify, rebuild, push and another device's pull need no passphrase.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xvfb.sh"

if tool=$(xvfb_missing_tool Xvfb xdotool); then
	echo "ok - e2e_seal_shop needs $tool # SKIP"
	exit 0
fi

# Distinctive fields: a hit anywhere on disk can only be a leak.
NAME1="জোহরা সিলমোহরী"
ADDR1="বাড়ি ৪২, গোপনগলি রোড, শ্যামলী"
PHONE1=01719876543
NAME2="Quentin Sealwright"
ADDR2="House 77, Cipherbury Lane, Uttara"
PHONE2=01819876512
PAYER=01551234987          # money from a number no order has
COMMENT="ZEBRAFISH MARMALADE WHISPER"
FBPHONE=01339871234
# Each phone's digits after the leading 0 match both +880... and 0... forms.
SECRETS=("$NAME1" "$ADDR1" "$NAME2" "$ADDR2" "$COMMENT" "গোপনগলি" "Cipherbury" "Sealwright"
	"${PHONE1#0}" "${PHONE2#0}" "${PAYER#0}" "${FBPHONE#0}")

# leaks DIR: the secrets found in any byte of any file under DIR, one a line.
leaks() {
	local s
	for s in "${SECRETS[@]}"; do
		grep -rlaF -- "$s" "$1" >/dev/null 2>&1 && echo "'$s' in $(grep -rlaF -- "$s" "$1" | tr '\n' ' ')"
	done
	return 0
}
nokey() { setsid -w env -u KIOSK_PASSPHRASE_FILE "$@" </dev/null; }

expect_exit "init" 0 "$KIOSK" init --event "Sealed shop" --pin 2468
mkdir -p "$T/products"
cp "$ROOT/assets/demo/catalog.csv" "$T/"
for i in 1 2 3 4 5 6; do convert -size 40x30 xc:orange "$T/products/p$i.png"; done
expect_exit "catalog import" 0 "$KIOSK" catalog import "$T/catalog.csv"
# A reader holding a snapshot keeps every frame written below in the WAL
# (no checkpoint, no removal at close) until it lets go. It waits out the
# import's own close (its checkpoint locks the file a moment): without the
# timeout a loaded machine saw "database is locked" and no snapshot.
(echo ".timeout 10000"; echo "BEGIN; SELECT count(*) FROM journal;"
 while [ ! -e "$T/release" ]; do sleep 0.1; done) | sqlite3 "$DATA/kiosk.db" >/dev/null &
HOLD=$!

expect_exit "order 1 (Bengali, COD)" 0 "$KIOSK" orders add --item "আমের আচার=1" --name "$NAME1" \
	--phone "$PHONE1" --district ঢাকা --address "$ADDR1" --pay cod
NO1=$OUT
expect_exit "order 2 (bKash)" 0 "$KIOSK" orders add --item "আমের আচার=2" --name "$NAME2" \
	--phone "$PHONE2" --district Gazipur --address "$ADDR2" --pay bkash --trx 9ZX1CD2EFG
NO2=$OUT
printf '%s\n\n%s\n' \
	"You have received Tk 500.00 from $PHONE2. Fee Tk 0.00. Balance Tk 1,250.00. TrxID 9ZX1CD2EFG at 29/11/2026 18:20" \
	"You have received Tk 75.00 from $PAYER. Fee Tk 0.00. Balance Tk 1,325.00. TrxID 8QW2ER3TYU at 29/11/2026 18:40" \
	>"$T/sms.txt"
expect_exit "payments import" 0 "$KIOSK" payments import "$T/sms.txt"
contains "two payments imported" "$OUT" "imported 2 payment(s)"
# One row with the phone, one that takes it from our order (its invoice).
printf '%s\n' "consignment_id,invoice,recipient_phone,delivery_status" \
	"5524101,X-1,$PHONE1,delivered" "5524102,X-2,$PHONE1,cancelled" "5524103,$NO1,,returned" \
	>"$T/steadfast.csv"
expect_exit "courier import" 0 "$KIOSK" courier import "$T/steadfast.csv"
contains "courier: three new" "$OUT" "3 new"

# Feedback on the real screen: a product, a face, a tag, the comment, the phone.
xvfb_start 800x480
expect_exit "feedback screen stores a comment and a phone" 0 "$KIOSK" run --mode feedback \
	--window 800x480 --lang en --screenshot "$T/fb.png" --after-ms 30 \
	--press "103,502,521,2,t:$COMMENT,2,t:$FBPHONE,2"
equals "one feedback stored" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM feedback")" "1"

# ---- nothing in clear on disk ----------------------------------------------
wal=$(stat -c %s "$DATA/kiosk.db-wal" 2>/dev/null || echo 0)
check "the WAL holds the writes ($wal bytes)" test "$wal" -gt 100000
equals "the data folder (kiosk.db, WAL, every file) holds none of them" "$(leaks "$DATA")" ""
touch "$T/release"
wait "$HOLD"
equals "every order, feedback, payment and parcel row holds sealed pii" \
	"$(sqlite3 "$DATA/kiosk.db" "SELECT group_concat(DISTINCT substr(pii, 1, 3)) FROM (SELECT pii FROM orders
	  UNION ALL SELECT pii FROM feedback UNION ALL SELECT pii FROM payments
	  UNION ALL SELECT pii FROM delivery_entries)")" "s1."
equals "and a blind index of every phone" \
	"$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM (SELECT phone_bi FROM orders UNION ALL
	  SELECT phone_bi FROM feedback UNION ALL SELECT phone_bi FROM payments UNION ALL
	  SELECT phone_bi FROM delivery_entries) WHERE length(phone_bi) = 32")" "8"
equals "no clear column is left" \
	"$(sqlite3 "$DATA/kiosk.db" "SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('orders')
	  UNION ALL SELECT name FROM pragma_table_info('feedback') UNION ALL SELECT name FROM pragma_table_info('payments')
	  UNION ALL SELECT name FROM pragma_table_info('delivery_entries'))
	  WHERE name IN ('name', 'phone', 'address', 'comment')")" ""

# ---- without the passphrase: verify, rebuild, push; readers refuse -------
expect_exit "verify without the passphrase" 0 nokey "$KIOSK" verify
expect_exit "rebuild without the passphrase" 0 nokey "$KIOSK" rebuild
expect_exit "verify after the rebuild" 0 nokey "$KIOSK" verify
expect_exit "push to a stick without the passphrase" 0 nokey "$KSYNC" push --to "$T/stick"
equals "the stick holds none of them" "$(leaks "$T/stick")" ""
# Another device takes the stick in without the key: its projections copy
# the sealed fields, so it verifies and holds nothing in clear either.
expect_exit "enrol a second device" 0 "$KIOSK" device add "Desk 2" --out "$T/desk2.kbundle"
expect_exit "it joins" 0 "$KIOSK" --data "$T/desk2" device join "$T/desk2.kbundle"
expect_exit "pull from the stick without the passphrase" 0 nokey "$KSYNC" --data "$T/desk2" pull --from "$T/stick"
equals "it holds the orders" "$(sqlite3 "$T/desk2/kiosk.db" "SELECT count(*) FROM orders WHERE substr(pii, 1, 3) = 's1.'")" "2"
expect_exit "and verifies without the passphrase" 0 nokey "$KIOSK" --data "$T/desk2" verify
equals "its data folder holds none of them" "$(leaks "$T/desk2")" ""
expect_exit "customers show needs the passphrase" 3 nokey "$KIOSK" customers show "$PHONE1"
contains "says how to give it" "$ERR" "KIOSK_PASSPHRASE_FILE"
echo "not the passphrase" >"$T/wrong"
expect_exit "a wrong passphrase: exit 3" 3 env KIOSK_PASSPHRASE_FILE="$T/wrong" "$KIOSK" orders list
contains "a wrong passphrase says so" "$ERR" "wrong passphrase"
expect_exit "a wrong passphrase stores nothing" 3 env KIOSK_PASSPHRASE_FILE="$T/wrong" \
	"$KIOSK" orders add --item "আমের আচার=1" --name X --phone 01711999888 --district ঢাকা \
	--address Y --pay cash
equals "still two orders" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM orders")" "2"

# ---- with it, the program shows them -----------------------------------
expect_exit "customers show" 0 "$KIOSK" customers show "$PHONE1"
contains "customers show: the name" "$OUT" "name: $NAME1"
contains "customers show: one order" "$OUT" "orders: 1"
contains "customers show: the parcels (the invoice's one too)" "$OUT" "returned: 1"
expect_exit "orders list" 0 "$KIOSK" orders list
contains "orders list: name and phone" "$OUT" "$NO2	$NAME2	+88$PHONE2	"
expect_exit "courier export" 0 "$KIOSK" orders export --courier "$T/courier.csv"
contains "courier export: Bengali name and address" "$(cat "$T/courier.csv")" "$NO1,$NAME1,$PHONE1,\"$ADDR1\""
expect_exit "steadfast export" 0 "$KIOSK" orders export --courier "$T/s.csv" --map "$ROOT/assets/courier/steadfast.csv"
contains "steadfast: the address" "$(cat "$T/s.csv")" "$NAME1,$PHONE1"
expect_exit "feedback export" 0 "$KIOSK" feedback export "$T/fb.csv"
contains "feedback export: comment and phone" "$(cat "$T/fb.csv")" "$COMMENT,+88$FBPHONE"
expect_exit "payments list (the unknown payer's phone)" 1 "$KIOSK" payments list
contains "payments list: matched by TrxID" "$OUT" "$NO2	matched"
contains "payments list: the payer" "$OUT" "+88$PAYER"
expect_exit "receipt message" 0 "$KIOSK" orders receipt "$NO1" --message
contains "receipt: the customer's number" "$OUT" "wa.me/88$PHONE1?"
contains "receipt: the address, masked" "$OUT" "বাড়ি ৪২, ***, ঢাকা"
expect_exit "report" 0 "$KIOSK" report --out "$T/report"
contains "report: the order's name and address" "$(cat "$T/report/index.html")" "$NAME1"
contains "report: the comment" "$(cat "$T/report/index.html")" "$COMMENT"
contains "report: the courier sheet" "$(cat "$T/report/courier.csv")" "$ADDR2"
contains "report: the COD risk by parcels of the same phone" "$(cat "$T/report/index.html")" "$NO1"
equals "the data folder still holds none of them" "$(leaks "$DATA")" ""

# ---- a store from before issue 14 ------------------------------------------
# Bodies with the fields in clear (as older devices wrote them) still project,
# and a store whose tables held them in clear moves them into pii when it is
# opened: the program shows them, phone lookups find them, verify passes.
OLD="$T/old"
FILL="$ROOT/$BUILD/tests/bench_report_fill"
expect_exit "old: init" 0 env KIOSK_DATA="$OLD" "$KIOSK" init --event "Older shop" --pin 2468
{
	printf 'A\t2026-12-05T16:00+06:00\torder\t{"no":"OLD-1","seller":"S","name":"Old Rahima","phone":"+8801712000999","district":"Dhaka","address":"House 1, Old Lane","method":"cod","total_poisha":100,"collect_poisha":100,"items":[]}\n'
	printf 'A\t2026-12-05T16:01+06:00\tfeedback\t{"face":4,"comment":"old comment here","phone":"+8801712000998"}\n'
	printf 'A\t2026-12-05T16:02+06:00\tfeedback\t{"face":3}\n'
	printf 'A\t2026-12-05T16:03+06:00\tpayment_received\t{"wallet":"bkash","trx":"OLDTRX0001","amount_poisha":100,"phone":"+8801712000997"}\n'
	printf 'A\t2026-12-05T16:04+06:00\tdelivery_status\t{"courier":"steadfast","ref":"77","phone":"+8801712000999","status":"returned"}\n'
} | "$FILL" "$OLD" >/dev/null || notok "old: fill"
oq() { sqlite3 "$OLD/kiosk.db" "$1"; }
equals "old bodies project their clear fields as pii" \
	"$(oq "select pii from orders")|$(oq "select count(*) from feedback where pii is null")" \
	'{"name":"Old Rahima","phone":"+8801712000999","address":"House 1, Old Lane"}|1'
# Back to the tables before this migration: clear columns filled from pii.
v=$(oq "pragma user_version")
oq "drop index orders_phone_bi; alter table orders add column name TEXT NOT NULL DEFAULT '';
    alter table orders add column phone TEXT NOT NULL DEFAULT ''; alter table orders add column address TEXT NOT NULL DEFAULT '';
    update orders set name = json_extract(pii,'\$.name'), phone = json_extract(pii,'\$.phone'),
      address = json_extract(pii,'\$.address');
    alter table orders drop column pii; alter table orders drop column phone_bi;
    create index orders_phone on orders(phone, at_ms);
    alter table feedback add column comment TEXT; alter table feedback add column phone TEXT;
    update feedback set comment = json_extract(pii,'\$.comment'), phone = json_extract(pii,'\$.phone');
    alter table feedback drop column pii; alter table feedback drop column phone_bi;
    alter table payments add column phone TEXT; update payments set phone = json_extract(pii,'\$.phone');
    alter table payments drop column pii; alter table payments drop column phone_bi;
    drop index delivery_entries_phone_bi; alter table delivery_entries add column phone TEXT NOT NULL DEFAULT '';
    update delivery_entries set phone = json_extract(pii,'\$.phone');
    alter table delivery_entries drop column pii; alter table delivery_entries drop column phone_bi;
    create index delivery_entries_phone on delivery_entries(phone);
    pragma user_version = 6"
equals "old: the clear columns are back" "$(oq "select name, phone from orders")" "Old Rahima|+8801712000999"
expect_exit "old: opens (migrates) and lists" 0 env KIOSK_DATA="$OLD" "$KIOSK" orders list
contains "old: the order's name" "$OUT" "OLD-1	Old Rahima	+8801712000999"
equals "old: migrated" "$(oq "pragma user_version")" "$v"
equals "old: the clear columns are gone" "$(oq "select count(*) from pragma_table_info('orders') where name = 'name'")" "0"
expect_exit "old: verify (migrated rows equal a rebuild)" 0 nokey env KIOSK_DATA="$OLD" "$KIOSK" verify
expect_exit "old: customers show finds the old order and parcel" 0 env KIOSK_DATA="$OLD" "$KIOSK" customers show 01712000999
contains "old: by its clear phone" "$OUT" "name: Old Rahima"
contains "old: its parcel" "$OUT" "returned: 1"
expect_exit "old: feedback export" 0 env KIOSK_DATA="$OLD" "$KIOSK" feedback export "$T/oldfb.csv"
contains "old: the comment" "$(cat "$T/oldfb.csv")" "old comment here,+8801712000998"
expect_exit "old: payments list shows the payer" 1 env KIOSK_DATA="$OLD" "$KIOSK" payments list
contains "old: the payer's phone" "$OUT" "+8801712000997"
