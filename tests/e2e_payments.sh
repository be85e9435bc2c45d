#!/bin/bash
# e2e_payments.sh - `kiosk payments import` from pasted SMS text, an Android
# SMS backup XML and a statement CSV; twice changes nothing; bad messages
# import nothing; `kiosk payments list` matches wallet orders by TrxID and
# amount (matched, missing, amount_mismatch, unknown); the report lists what
# is unmatched; a rebuild gives the same payments.
source "$(dirname "$0")/lib.sh"

expect_exit "init" 0 "$KIOSK" init --event "Pay test" --pin 2468
cat >"$T/cat.csv" <<'CSV'
Seller,Product,Price
Rina's Kitchen,Mango pickle,720
Rina's Kitchen,Tea,450
CSV
expect_exit "catalog" 0 "$KIOSK" catalog import "$T/cat.csv"
# a second order desk with the catalog, offline from here on
"$KIOSK" device add "Desk 2" --out "$T/desk2.kbundle" >/dev/null || notok "device add"
"$KIOSK" --data "$T/desk2" device join "$T/desk2.kbundle" >/dev/null || notok "device join"
KIOSK_QUIET=1 "$KSYNC" push --to "$T/usb" >/dev/null 2>&1 || notok "push to the desk"
KIOSK_QUIET=1 "$KSYNC" --data "$T/desk2" pull --from "$T/usb" >/dev/null 2>&1 || notok "desk pull"
order() { # PRODUCT PAY TRX PHONE
	"$KIOSK" orders add --item "$1=1" --name Guest --phone "$4" --district Dhaka \
		--address "House 1" --pay "$2" --trx "$3"
}
A=$(order "Mango pickle" bkash 9AB1CD2EFG 01712345678)     # paid right (SMS)
B=$(order "Tea" nagad 7AB3C9D2 01912345678)                # paid less (XML)
C=$(order "Tea" rocket 1234567890 01812345678)             # nothing came
E=$(order "Tea" bkash CJU0PZQ3U6 01512345678)              # paid right (CSV)
# One desk refuses a TrxID that an order standing there names already (a
# guest showing an old payment's SMS again): the earlier order is named.
n0=$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "a TrxID already on an order is refused" 3 order "Mango pickle" bkash 9ab1cd2efg 01612345678
contains "... naming the order that has it" "$ERR" "TrxID 9AB1CD2EFG is on order $A already"
equals "... and nothing is stored" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")" "$n0"
# Two desks offline can still both take it: the second desk's order D
# (it has the catalog, not A), synced here, reuses A's TrxID, and the
# matcher calls it missing (below).
D=$(KIOSK_DATA="$T/desk2" order "Mango pickle" bkash 9ab1cd2efg 01612345678)
KIOSK_QUIET=1 "$KSYNC" --data "$T/desk2" push --to "$T/usb" >/dev/null 2>&1 || notok "desk push"
KIOSK_QUIET=1 "$KSYNC" pull --from "$T/usb" >/dev/null 2>&1 || notok "pull the desk's order"
check "five orders taken" test -n "$A" -a -n "$B" -a -n "$C" -a -n "$D" -a -n "$E"
# ... and once synced, the desk too refuses the TrxID a third time.
expect_exit "synced: the desk refuses the TrxID again" 3 "$KIOSK" --data "$T/desk2" orders add \
	--item "Mango pickle=1" --name Guest --phone 01612345679 --district Dhaka --address "House 1" \
	--pay bkash --trx 9AB1CD2EFG
expect_exit "a cancelled order's TrxID can be used again" 0 order "Tea" bkash CJU0PZQ3U7 01512345670
F=$OUT
expect_exit "... cancel it" 0 "$KIOSK" orders cancel "$F" --pin 2468
expect_exit "... and take the TrxID on a new order" 0 order "Tea" bkash CJU0PZQ3U7 01512345670
expect_exit "... which is cancelled too (the list below has five orders)" 0 "$KIOSK" orders cancel "$OUT" --pin 2468

cat >"$T/sms.txt" <<'TXT'
You have received Tk 720.00 from 01712345678. Fee Tk 0.00. Balance Tk 1,234.56. TrxID 9AB1CD2EFG at 29/11/2026 18:20

You have sent Tk 50.00 to 01712345678. Fee Tk 5.00. Balance Tk 1,179.56. TrxID 9AB1CD2EFH at 29/11/2026 18:30

Tk99.00 received from A/C:017001234567 Fee:Tk0.00, Your A/C Balance: Tk99.00 TxnId:5555555555 Date:29-NOV-26 06:40:00 pm.
TXT
expect_exit "import SMS text" 0 "$KIOSK" payments import "$T/sms.txt"
contains "text: counts" "$OUT" "imported 2 payment(s); 0 already known; 1 other message(s) skipped"
n1=$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "import SMS text twice" 0 "$KIOSK" payments import "$T/sms.txt"
contains "twice: all known" "$OUT" "imported 0 payment(s); 2 already known"
equals "twice: journal unchanged" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")" "$n1"

cat >"$T/backup.xml" <<'XML'
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="3" backup_set="0a1b" backup_date="1764426000000" type="full">
  <sms protocol="0" address="NAGAD" date="1764426300000" type="1" subject="null" body="Money Received.&#10;Amount: Tk 400.00&#10;Sender: 01912345678&#10;Ref: N/A&#10;TxnID: 7AB3C9D2&#10;Balance: Tk 900.00&#10;29/11/2026 18:25" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="Nov 29, 2026 6:25:00 PM" contact_name="(Unknown)" />
  <sms protocol="0" address="+8801712345678" date="1764426400000" type="1" body="Apa, TrxID 9AB1CD2EFG, Tk 720 pathalam" />
  <sms protocol="0" address="bKash" date="1764426500000" type="2" body="You have received Tk 1.00 from 01712345678. TrxID ZZZZZZZZZ1" />
</smses>
XML
expect_exit "import SMS backup" 0 "$KIOSK" payments import "$T/backup.xml"
contains "xml: one payment" "$OUT" "imported 1 payment(s); 0 already known; 2 other message(s) skipped"

printf '\xEF\xBB\xBFTransaction ID,Date Time,Transaction Type,From Wallet,Amount\nCJU0PZQ3U6,29/11/2026 18:50,Payment Received,01512345678,450.00\nBKX7K2L1QA,29/11/2026 18:51,Cash Out,01512345678,100.00\n' >"$T/statement.csv"
expect_exit "import statement" 0 "$KIOSK" payments import "$T/statement.csv"
contains "csv: one payment" "$OUT" "imported 1 payment(s); 0 already known; 1 other message(s) skipped"

# Bad input: named by line, nothing imported.
printf 'You have received Tk 5.00 from 01712345678. TrxID 1111111111\n\nYou have received Tk 720.00 from 01712345678. TrxID SHORT1\n' >"$T/bad.txt"
before=$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "bad message: exit 3" 3 "$KIOSK" payments import "$T/bad.txt"
contains "bad: line named" "$ERR" "line 3: bKash transaction ID 'SHORT1' must have 10 characters"
contains "bad: nothing imported" "$ERR" "nothing imported"
equals "bad: journal unchanged" "$(sqlite3 "$DATA/kiosk.db" "SELECT count(*) FROM journal")" "$before"
printf 'hello\n\nsee you\n' >"$T/none.txt"
expect_exit "no wallet message: exit 3" 3 "$KIOSK" payments import "$T/none.txt"
contains "none: says so" "$ERR" "no money-received message"
expect_exit "missing file: exit 3" 3 "$KIOSK" payments import "$T/nope.txt"
expect_exit "bad --wallet: exit 4" 4 "$KIOSK" payments import --wallet cash "$T/sms.txt"
expect_exit "help" 0 "$KIOSK" payments import --help
contains "help names the three shapes" "$OUT" "SMS Backup & Restore"

# The list: one line per wallet order, then money no order names.
expect_exit "list: exit 1 (not all matched)" 1 "$KIOSK" payments list
contains "A matched" "$OUT" "$A"$'\tmatched\t720\t9AB1CD2EFG\t+8801712345678\t720'
contains "B amount_mismatch" "$OUT" "$B"$'\tamount_mismatch\t450\t7AB3C9D2\t+8801912345678\t400'
contains "C missing" "$OUT" "$C"$'\tmissing\t450\t1234567890\t+8801812345678\t-'
contains "D missing: one payment pays one order" "$OUT" "$D"$'\tmissing\t720\t9AB1CD2EFG'
contains "E matched from the statement" "$OUT" "$E"$'\tmatched\t450\tCJU0PZQ3U6'
contains "unknown money" "$OUT" $'-\tunknown\t99\t5555555555\t+8801700123456\t99'
equals "list: one line each" "$(printf '%s\n' "$OUT" | wc -l)" "6"
lacks "cash orders not listed" "$OUT" "cash"

# Cancelled orders leave the list; their money becomes unknown.
expect_exit "cancel E" 0 "$KIOSK" orders cancel "$E" --pin 2468
expect_exit "list after cancel" 1 "$KIOSK" payments list
contains "E's money unknown" "$OUT" $'-\tunknown\t450\tCJU0PZQ3U6'
lacks "E gone" "$OUT" "$E"

# The report lists what is unmatched.
expect_exit "report" 0 "$KIOSK" report --out "$T/rep"
check "report: payments CSV" test -f "$T/rep/payments_unmatched.csv"
contains "report CSV: mismatch" "$(cat "$T/rep/payments_unmatched.csv")" "$B,amount_mismatch"
contains "report CSV: unknown" "$(cat "$T/rep/payments_unmatched.csv")" "-,unknown,99,5555555555"
lacks "report CSV: matched left out" "$(cat "$T/rep/payments_unmatched.csv")" "$A"
check "report HTML: unmatched listed" grep -q "7AB3C9D2" "$T/rep/index.html"

# Where a seller takes wallet money: numbers and their printed payment QR.
qrencode -o "$T/payqr.png" -s 8 "00020101021126bkash-merchant-01712345678" || true
expect_exit "seller: set numbers and QR" 0 "$KIOSK" catalog seller "Rina's Kitchen" \
	--bkash 01712-345678 --nagad "+880 1912 345678" --qr "$T/payqr.png"
contains "seller: bKash number, local form" "$OUT" "bkash: 01712345678"
contains "seller: QR read" "$OUT" "qr: 00020101021126bkash-merchant-01712345678"
expect_exit "seller: keeps what is not given" 0 "$KIOSK" catalog seller "Rina's Kitchen" --rocket 01812345678
contains "seller: nagad kept" "$OUT" "nagad: 01912345678"
contains "seller: rocket set" "$OUT" "rocket: 01812345678"
expect_exit "seller: bad number" 3 "$KIOSK" catalog seller "Rina's Kitchen" --bkash 12345
contains "seller: bad number named" "$ERR" "'12345' is not a Bangladeshi mobile number"
expect_exit "seller: unknown seller" 3 "$KIOSK" catalog seller "Nobody" --bkash 01712345678
convert -size 64x64 xc:white "$T/blank.png" 2>/dev/null || cp "$T/payqr.png" "$T/blank.png"
expect_exit "seller: picture without QR" 3 "$KIOSK" catalog seller "Rina's Kitchen" --qr "$T/blank.png"
expect_exit "seller: show" 0 "$KIOSK" catalog seller "Rina's Kitchen"
contains "seller: shown as key: value" "$OUT" $'bkash: 01712345678\nnagad: 01912345678\nrocket: 01812345678'

# The projection is rebuilt from the journal alike.
before=$("$KIOSK" payments list)
expect_exit "rebuild" 0 "$KIOSK" rebuild
equals "rebuild: same list" "$("$KIOSK" payments list)" "$before"
expect_exit "verify" 0 "$KIOSK" verify

# Messages pasted one per line, without the empty line between them (a
# phone's copy of a few SMS): each line is a payment. Read as one block,
# the second and third were lost without a word. A message wrapped over two
# lines is still one message.
L="$T/lines"
"$KIOSK" --data "$L" init --event "Lines" --pin 2468 >/dev/null 2>&1 || notok "init of lines"
cat >"$T/lines.txt" <<'TXT'
You have received Tk 720.00 from 01712345678. Fee Tk 0.00. Balance Tk 1,234.56. TrxID 9AB1CD2EFG at 29/11/2026 18:20
You have received Tk 300.00 from 01712345679. Fee Tk 0.00. Balance Tk 1,534.56. TrxID 9AB1CD2EFK at 29/11/2026 18:25
You have sent Tk 50.00 to 01712345678. Fee Tk 5.00. Balance Tk 1,179.56. TrxID 9AB1CD2EFH at 29/11/2026 18:30
You have received Tk 450.00 from 01712345670. Fee Tk 0.00. Balance Tk 1,629.56. TrxID 9AB1CD2EFM at 29/11/2026 18:35

You have received Tk 99.00 from 01712345671.
Fee Tk 0.00. Balance Tk 1,728.56. TrxID 9AB1CD2EFN at 29/11/2026 18:40
TXT
expect_exit "lines: import" 0 "$KIOSK" --data "$L" payments import "$T/lines.txt"
contains "lines: each line a message, the wrapped one whole" "$OUT" "imported 4 payment(s); 0 already known; 1 other message(s) skipped"
equals "lines: the four TrxIDs" "$("$KIOSK" --data "$L" payments list | cut -f4 | sort | tr '\n' ' ')" "9AB1CD2EFG 9AB1CD2EFK 9AB1CD2EFM 9AB1CD2EFN "
