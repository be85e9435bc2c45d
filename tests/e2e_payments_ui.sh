#!/bin/bash
# e2e_payments_ui.sh - wallet payments at the order desk in a real SDL window
# under Xvfb: the seller opens an order (typed order number) and sees its
# payment as matched against the imported SMS (green matched, red another
# amount, amber not arrived); the payment screen shows the wallets in their
# colours with the seller's numbers and nothing chosen; the TrxID screen is
# in the wallet's colour; cash on delivery takes an amount with a '.' key
# and an empty amount means the total. Clicks with xdotool at traced targets.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb.sh"

if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert sqlite3 qrencode); then
	notok "payments UI e2e needs $tool (make deps)"
	exit 0
fi
xvfb_start 1280x720 "$T/xvfb.log"
SHOTS=${SHOTS:-$T/shots}
mkdir -p "$SHOTS"
cat >"$T/catalog.csv" <<'CSV'
seller,product,price,stock
রিনার রান্নাঘর,আমের আচার,250,50
Green Leaf,Aloe soap,180,40
CSV
"$KIOSK" init --event "মিটআপ" --pin 1234 >/dev/null 2>&1 || notok "init"
"$KIOSK" catalog import "$T/catalog.csv" >/dev/null || notok "catalog import"
qrencode -o "$T/payqr.png" -s 6 "bkash-merchant:01712345678"
"$KIOSK" catalog seller "রিনার রান্নাঘর" --bkash 01712345678 --nagad 01912345678 \
	--qr "$T/payqr.png" >/dev/null || notok "seller settings"
add() { "$KIOSK" orders add --item "আমের আচার=1" --name "$1" --phone "$2" --district Dhaka \
	--address "House 1" --pay "$3" --trx "$4"; }
paid=$(add "সাবরিনা" 01711000222 bkash 9AB1CD2EFG)
less=$(add "তানভীর" 01711000333 nagad 7AB3C9D2)
none=$(add "মিতু" 01711000444 rocket 1234567890)
printf '%s\n\n%s\n' \
	"You have received Tk 250.00 from 01711000222. Fee Tk 0.00. Balance Tk 1,250.00. TrxID 9AB1CD2EFG at 29/11/2026 18:20" \
	"Money Received.
Amount: Tk 200.00
Sender: 01711000333
TxnID: 7AB3C9D2
29/11/2026 18:25" >"$T/sms.txt"
"$KIOSK" payments import "$T/sms.txt" >/dev/null || notok "payments import"
# Nila ordered before and her parcels mostly came back: the desk says so.
"$KIOSK" orders add --item "আমের আচার=1" --name "Nila" --phone 01711000555 --district Dhaka \
	--address "House 9" --pay cash >/dev/null || notok "earlier order"
printf '%s\n' "consignment_id,invoice,recipient_phone,delivery_status" \
	"901,X-1,01711000555,delivered" "902,X-2,01711000555,cancelled" \
	"903,X-3,01711000555,returned" >"$T/steadfast.csv"
"$KIOSK" courier import "$T/steadfast.csv" >/dev/null || notok "courier import"
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }

TRACE="$T/trace"
PID=""
# The colour in the middle of target ID's rectangle, shifted down by DY.
colour_at() {
	local xy
	xy=$(target "$1")
	# shellcheck disable=SC2086
	set -- $xy "${2:-0}"
	pixel "$1" $(($2 + $3))
}

start_kiosk --mode orders --lang bn
equals "orders start on the seller screen" "$(screen_is)" "or_seller"
open_order() { # NUMBER
	open_screen or_find 14
	equals "open an order: the number screen" "$(screen_is)" "or_find"
	type_wait "$1"
	tap_wait 2
}
open_order "$paid"
equals "paid order opened" "$(screen_is)" "or_opened"
check "the desk traced the order it opened" grep -q " opened $paid" "$TRACE"
equals "matched is green" "$(pixel 640 480)" "1E7B34"
shot opened-matched
open_order "$(echo "$less" | tr 'A-Z' 'a-z')"
equals "another amount: opened (lowercase typed)" "$(screen_is)" "or_opened"
equals "another amount is red" "$(pixel 640 480)" "B3261E"
shot opened-mismatch
open_order "$none"
equals "not arrived is amber" "$(pixel 640 480)" "9A5B00"
open_order "7RK2-0011-C"
equals "a wrong check character stays on the number screen" "$(screen_is)" "or_find"
shot find-error
tap_wait 1
equals "back to the sellers" "$(screen_is)" "or_seller"

# A new order through the payment screen.
tap_wait 401
tap_wait 101
tap_wait 12
tap_wait 2
type_wait "01711000555"
tap_wait 2
equals "returning customer: the name screen" "$(screen_is)" "or_name"
shot name-risky
equals "parcels mostly returned: the greeting is red" "$(pixel 20 100)" "B3261E"
type_wait "Ni"
tap_wait 16 # her name, offered once its first letters are typed
equals "her district offered" "$(screen_is)" "or_district"
tap_wait 2
equals "her address offered" "$(screen_is)" "or_address"
tap_wait 13 # her saved address, masked
equals "payment screen" "$(screen_is)" "or_pay"
shot pay
equals "bKash tile is bKash pink" "$(colour_at 851 -30)" "E2136E"
equals "Nagad tile is Nagad orange" "$(colour_at 852 -30)" "F6921E"
equals "Rocket tile is Rocket purple" "$(colour_at 853 -30)" "8C3494"
equals "cash tile is plain" "$(colour_at 850 -30)" "F4F4F4"
tap_wait 851
equals "bKash asks for the TrxID" "$(screen_is)" "or_trx"
equals "the TrxID screen is in bKash pink" "$(pixel 100 120)" "E2136E"
shot trx
tap_wait 1
tap_wait 855
equals "cash on delivery asks the amount" "$(screen_is)" "or_collect"
# Over the order's total is refused; the courier collects at most that.
for k in 1006 1001 1010 1010 1010; do tap_wait "$k"; done # 7 2 0 0 0
tap_wait 2
equals "amount over the total refused" "$(screen_is)" "or_collect"
for _ in 1 2 3 4 5; do tap_wait 1011; done # delete
for k in 1000 1001 1010 1009 1004; do tap_wait "$k"; done # 1 2 0 . 5
tap_wait 2
equals "amount with a decimal point accepted" "$(screen_is)" "or_confirm"
tap_wait 7
check "COD order stored" wait_trace " stored " 1
no=$(grep ' stored ' "$TRACE" | tail -1 | awk '{print $3}')
equals "COD amount typed with '.'" "$(q "select method, collect_poisha from orders where order_no='$no'")" "cod|12050"
stop_kiosk
expect_exit "journal intact" 0 "$KIOSK" verify
