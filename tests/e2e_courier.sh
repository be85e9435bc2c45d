#!/bin/bash
# e2e_courier.sh - `kiosk courier import` of Steadfast, Pathao and RedX
# delivery-status exports (each courier's status words; parcels matched to
# customers by phone or by our order number as invoice); twice changes
# nothing; a later export updates a parcel; bad rows import nothing;
# `kiosk customers show PHONE` counts delivered and returned parcels and
# tells the cash-on-delivery risk; the report lists risky COD orders.
source "$(dirname "$0")/lib.sh"

expect_exit "init" 0 "$KIOSK" init --event "Courier test" --pin 2468
printf 'Seller,Product,Price\nRina,Pickle,250\n' >"$T/cat.csv"
expect_exit "catalog" 0 "$KIOSK" catalog import "$T/cat.csv"
cod() { "$KIOSK" orders add --item "Pickle=1" --name "$1" --phone "$2" --district Dhaka \
	--address "House 1" --pay cod; }
A=$(cod Alia 01711000001)   # two returns, one delivery: risky
B=$(cod Babu 01711000002)   # delivered twice: fine
C=$(cod Chan 01711000003)   # nothing known yet
check "three COD orders" test -n "$A" -a -n "$B" -a -n "$C"

# Steadfast: the API's delivery statuses; the invoice is our order number.
cat >"$T/steadfast.csv" <<CSV
consignment_id,invoice,tracking_code,recipient_name,recipient_phone,cod_amount,delivery_status
1424107,$A,15BAEB8A,Alia,01711000001,250,cancelled
1424108,$B,15BAEB8B,Babu,01711000002,250,partial_delivered
1424109,OLD-1,15BAEB8C,Alia,01711000001,900,delivered
1424110,OLD-2,15BAEB8D,Dina,01711000009,300,in_review
CSV
expect_exit "steadfast import" 0 "$KIOSK" courier import "$T/steadfast.csv"
contains "steadfast: told apart by its header" "$OUT" "steadfast: 4 parcel(s): 2 delivered, 0 returned, 1 cancelled, 1 on the way; 4 new"
n1=$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "steadfast twice" 0 "$KIOSK" courier import "$T/steadfast.csv"
contains "twice: unchanged" "$OUT" "0 new, 4 unchanged"
equals "twice: journal unchanged" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")" "$n1"

# Pathao: no phone column; its parcels find the customer by our order number.
cat >"$T/pathao.csv" <<CSV
Consignment ID,Merchant Order ID,Recipient Name,Order Status,Amount To Collect
DL121224VS8TTJ,$A,Alia,Paid Return,250
DL121224VS8TTK,$(echo "$B" | tr 'A-Z' 'a-z'),Babu,Delivered,250
DL121224VS8TTL,NOT-OURS,Someone,Delivered,100
CSV
expect_exit "pathao import" 0 "$KIOSK" courier import "$T/pathao.csv"
contains "pathao: Paid Return counts as returned" "$OUT" "pathao: 3 parcel(s): 1 delivered, 1 returned"
contains "pathao: unknown customer skipped" "$OUT" "1 of unknown customers skipped"

# RedX with --courier; agent-returning is a return.
cat >"$T/redx.csv" <<CSV
Tracking ID,Merchant Invoice ID,Customer Phone,Status
21A427TU4BN,R-77,+880 1711-000001,agent-returning
CSV
expect_exit "redx import" 0 "$KIOSK" courier import --courier redx "$T/redx.csv"
contains "redx: agent-returning is returned" "$OUT" "redx: 1 parcel(s): 0 delivered, 1 returned"

expect_exit "customer A" 0 "$KIOSK" customers show 01711000001
contains "A: name" "$OUT" "name: Alia"
contains "A: delivered once" "$OUT" "delivered: 1"
contains "A: returned twice (Pathao, RedX)" "$OUT" "returned: 2"
contains "A: cancelled at Steadfast" "$OUT" "cancelled: 1"
contains "A: risky" "$OUT" "cod_risk: high"
expect_exit "customer B (Bengali digits)" 0 "$KIOSK" customers show "০১৭১১০০০০০২"
contains "B: delivered twice" "$OUT" $'delivered: 2\nreturned: 0'
contains "B: low risk" "$OUT" "cod_risk: low"
expect_exit "customer C" 0 "$KIOSK" customers show 01711000003
contains "C: new" "$OUT" "cod_risk: new"
expect_exit "unknown customer: exit 1" 1 "$KIOSK" customers show 01999999999
expect_exit "not a phone: exit 3" 3 "$KIOSK" customers show 12345

# A later export changes a parcel's status: the newest counts.
sed 's/,in_review$/,delivered/' "$T/steadfast.csv" >"$T/steadfast2.csv"
expect_exit "steadfast later" 0 "$KIOSK" courier import "$T/steadfast2.csv"
contains "later: one changed" "$OUT" "1 new, 3 unchanged"
expect_exit "customer D" 0 "$KIOSK" customers show 01711000009
contains "D: delivered now" "$OUT" $'delivered: 1\nreturned: 0\ncancelled: 0\non_the_way: 0'

# Bad input: nothing imported.
printf 'consignment_id,invoice,status\n,,delivered\n' >"$T/bad.csv"
before=$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "bad row: exit 3" 3 "$KIOSK" courier import "$T/bad.csv"
contains "bad row named" "$ERR" "line 2: neither a consignment nor an invoice"
printf 'invoice,amount\nX,5\n' >"$T/nostatus.csv"
expect_exit "no status column: exit 3" 3 "$KIOSK" courier import "$T/nostatus.csv"
contains "no status column named" "$ERR" "no status column"
expect_exit "bad --courier: exit 4" 4 "$KIOSK" courier import --courier dhl "$T/redx.csv"
equals "bad: journal unchanged" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")" "$before"
expect_exit "help" 0 "$KIOSK" courier import --help
expect_exit "help" 0 "$KIOSK" customers show --help

# The report lists risky COD orders.
expect_exit "report" 0 "$KIOSK" report --out "$T/rep"
check "report: risky COD CSV" test -f "$T/rep/cod_risky.csv"
contains "report: A is risky" "$(cat "$T/rep/cod_risky.csv")" "$A,Alia,+8801711000001,Dhaka,250,1,2,1"
lacks "report: B is not" "$(cat "$T/rep/cod_risky.csv")" "$B"
check "report HTML lists it" grep -q "$A" "$T/rep/index.html"
expect_exit "rebuild" 0 "$KIOSK" rebuild
expect_exit "verify" 0 "$KIOSK" verify
expect_exit "customer A after rebuild" 0 "$KIOSK" customers show 01711000001
contains "A: same after rebuild" "$OUT" $'delivered: 1\nreturned: 2\ncancelled: 1'

# Delivery charges per zone: inside Dhaka district or outside.
expect_exit "delivery: none set" 0 "$KIOSK" catalog delivery
contains "delivery: zero before" "$OUT" $'inside_dhaka: 0\noutside: 0'
expect_exit "delivery: set" 0 "$KIOSK" catalog delivery --inside-dhaka 60 --outside "৳১২০"
contains "delivery: set in taka" "$OUT" $'inside_dhaka: 60\noutside: 120'
expect_exit "delivery: bad amount" 3 "$KIOSK" catalog delivery --outside lots
contains "delivery: bad amount named" "$ERR" "'lots' is not an amount"
D=$("$KIOSK" orders add --item "Pickle=1" --name Dina --phone 01711000021 --district ঢাকা \
	--address "House 2" --pay cod)
O=$("$KIOSK" orders add --item "Pickle=2" --name Omar --phone 01711000022 --district Cumilla \
	--address "House 3" --pay cod)
equals "inside Dhaka: 250 + 60, collected" "$(sqlite3 "$DATA/kiosk.db" "SELECT total_poisha, collect_poisha, delivery_poisha FROM orders WHERE order_no='$D'")" "31000|31000|6000"
equals "outside: 500 + 120" "$(sqlite3 "$DATA/kiosk.db" "SELECT total_poisha, delivery_poisha FROM orders WHERE order_no='$O'")" "62000|12000"
expect_exit "rebuild keeps the charge" 0 "$KIOSK" rebuild
equals "charge after rebuild" "$(sqlite3 "$DATA/kiosk.db" "SELECT delivery_poisha FROM orders WHERE order_no='$O'")" "12000"

# --- A killed courier export's hidden temp file goes with the next export ----
# The temp file holds every buyer's name, phone and address; the export goes
# on a stick to the courier, so it must not stay next to the file. strace
# kills the export at its rename, with the temp file complete.
mkdir -p "$T/usb"
(exec strace -f -qq -o /dev/null -e trace=rename -e inject=rename:signal=KILL \
	"$KIOSK" orders export --courier "$T/usb/out.csv" >/dev/null 2>&1)
equals "the export was killed at its rename (SIGKILL)" "$?" "137"
left=$(find "$T/usb" -name '.out.csv.tmp.*')
check "it left its hidden temp file" test -n "$left"
check "which holds the addresses" grep -q "House 1" $left
equals "and is private (0600)" "$(stat -c %a $left)" "600"
# A writer at work right now (its process alive, its file fresh) is left alone.
sleep 60 &
busy=$!
on_exit "kill $busy 2>/dev/null"
printf 'half' >"$T/usb/.out.csv.tmp.$busy.0"
expect_exit "the next export" 0 "$KIOSK" orders export --courier "$T/usb/out.csv"
check "removes the killed export's temp file" test ! -e "$left"
check "keeps a live writer's temp file" test -e "$T/usb/.out.csv.tmp.$busy.0"
check "and writes the export" grep -q "House 1" "$T/usb/out.csv"
kill "$busy"; wait "$busy" 2>/dev/null
expect_exit "once that writer is gone, the next export" 0 "$KIOSK" orders export --courier "$T/usb/out.csv"
equals "leaves only the export on the stick" "$(ls -A "$T/usb")" "out.csv"
