#!/bin/bash
# e2e_receipt.sh - `kiosk orders receipt`: the lines a guest keeps (seller,
# items, delivery charge, total, payment and its status as matched, masked
# address), the Bengali message with its wa.me link, the PNG at 58 and 80 mm
# whose QR reads back as the order number, and a print job through a real
# CUPS server into a cups-pdf queue (the PDF's page read back with zbar).
source "$(dirname "$0")/lib.sh"

expect_exit "init" 0 "$KIOSK" init --event "হস্তশিল্প মিটআপ" --pin 2468
printf 'Seller,Product,Price\nরিনার রান্নাঘর,আমের আচার,250\nরিনার রান্নাঘর,চা পাতা,120\n' >"$T/cat.csv"
expect_exit "catalog" 0 "$KIOSK" catalog import "$T/cat.csv"
expect_exit "delivery charges" 0 "$KIOSK" catalog delivery --inside-dhaka 60 --outside 120
N=$("$KIOSK" orders add --item "আমের আচার=2" --item "চা পাতা=1" --name "ফারহানা" \
	--phone 01712345678 --district ঢাকা --address "বাড়ি ১২, রোড ৫, ধানমন্ডি" --pay bkash --trx 9AB1CD2EFG)
check "order taken" test -n "$N"

expect_exit "receipt (Bengali)" 0 "$KIOSK" orders receipt "$N"
contains "seller" "$OUT" "বিক্রেতা: রিনার রান্নাঘর"
contains "order number" "$OUT" "অর্ডার নম্বর: $N"
contains "items with quantity and prices" "$OUT" "২ × আমের আচার (৳২৫০) = ৳৫০০"
contains "delivery charge" "$OUT" "ডেলিভারি চার্জ: ৳৬০"
contains "total" "$OUT" "মোট: ৳৬৮০"
contains "payment not matched yet" "$OUT" "পেমেন্ট: বিকাশ · TrxID 9AB1CD2EFG · টাকা মেলানো বাকি"
contains "address masked, district" "$OUT" "ডেলিভারি: বাড়ি ১২, ***, ঢাকা"
lacks "no full address" "$OUT" "ধানমন্ডি"
lacks "no Latin digits on the Bengali receipt" "$(echo "$OUT" | grep -v "$N" | grep -v TrxID)" "0"
printf 'You have received Tk 680.00 from 01712345678. Fee Tk 0.00. Balance Tk 680.00. TrxID 9AB1CD2EFG at 29/11/2026 18:20\n' >"$T/sms.txt"
expect_exit "payments import" 0 "$KIOSK" payments import "$T/sms.txt"
expect_exit "receipt after the SMS" 0 "$KIOSK" orders receipt "$N" --lang en
contains "payment status: arrived" "$OUT" "Payment: bKash · TrxID 9AB1CD2EFG · Paid: the money arrived"
contains "English total" "$OUT" "Total: Tk 680"

expect_exit "message" 0 "$KIOSK" orders receipt "$N" --message
contains "message in Bengali" "$OUT" "মোট: ৳৬৮০"
link=$(printf '%s\n' "$OUT" | tail -1)
contains "wa.me link to the customer" "$link" "https://wa.me/8801712345678?text="
decoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1].split("text=", 1)[1]))' "$link")
equals "the link carries the message" "$decoded" "$(printf '%s\n' "$OUT" | sed '/^$/,$d')"

expect_exit "PNG 58 mm" 0 "$KIOSK" orders receipt "$N" --png "$T/r58.png"
equals "58 mm: 384 dots wide" "$(identify -format %w "$T/r58.png")" "384"
expect_exit "PNG 80 mm" 0 "$KIOSK" orders receipt "$N" --png "$T/r80.png" --width 80 --lang en
equals "80 mm: 576 dots wide" "$(identify -format %w "$T/r80.png")" "576"
expect_exit "QR of the PNG" 0 "$KIOSK" scan "$T/r58.png"
contains "QR reads as the order number" "$OUT" "$N"
expect_exit "unknown order" 3 "$KIOSK" orders receipt "ABCD-0001-X"
expect_exit "bad width" 4 "$KIOSK" orders receipt "$N" --width 70
expect_exit "print without a printer" 3 "$KIOSK" orders receipt "$N" --print
contains "says how to name one" "$ERR" "--printer NAME"

# A real CUPS server with a cups-pdf queue.
if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null ||
	[ ! -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ]; then
	notok "printing needs cups, cups-client and printer-driver-cups-pdf (make deps)"
	exit 0
fi
if ! lpstat -r 2>/dev/null | grep -q "is running"; then
	cupsd -f >"$T/cupsd.log" 2>&1 &
	CUPSD=$!
	on_exit "kill $CUPSD 2>/dev/null"
	for _ in $(seq 50); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
fi
Q="kiosk-test-$$"
on_exit "lpadmin -x $Q 2>/dev/null"
lpadmin -p "$Q" -v cups-pdf:/ -E -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
check "CUPS queue ready" lpstat -p "$Q" >/dev/null
outdir=$(getent passwd "$(id -un)" | cut -d: -f6)/PDF
# cups-pdf writes into ~/PDF, which other test runs on this machine share:
# a job is a file that was not there before it.
new_pdfs() { ls "$outdir" 2>/dev/null | sort | comm -13 "$T/pdfs-before" - | grep '\.pdf$' | sed "s|^|$outdir/|"; }
ls "$outdir" 2>/dev/null | sort >"$T/pdfs-before"
expect_exit "print through CUPS" 0 "$KIOSK" orders receipt "$N" --printer "$Q"
contains "print: said so" "$OUT" "sent receipt $N to printer $Q"
pdf=""
for _ in $(seq 100); do
	pdf=$(new_pdfs | head -1)
	# A new file that reads as a whole PDF: the job is done.
	[ -n "$pdf" ] && pdfinfo "$pdf" >/dev/null 2>&1 && break
	sleep 0.1
done
check "the PDF queue wrote the job" test -n "$pdf" -a -f "$pdf"
w=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')
check "page is receipt-narrow (under 80 mm)" awk -v w="$w" 'BEGIN { exit !(w > 100 && w < 227) }'
pdftoppm -png -r 300 "$pdf" "$T/printed" 2>/dev/null
expect_exit "QR of the printed page" 0 "$KIOSK" scan "$T/printed-1.png"
contains "printed QR reads as the order number" "$OUT" "$N"
expect_exit "the device keeps its printer" 0 "$KIOSK" orders receipt "$N" --print
contains "printed again by the kept name" "$OUT" "to printer $Q"

# The order desk's Print button and wa.me QR, through the real window.
source "$(dirname "$0")/xvfb.sh"
if tool=$(xvfb_missing_tool Xvfb xdotool xwd convert zbarimg pdftoppm); then
	notok "the receipt screen e2e needs $tool (make deps)"
	exit 0
fi
xvfb_start 800x480 "$T/xvfb.log"
TRACE="$T/trace"
PID=""
start_desk() {
	: >"$TRACE"
	KIOSK_TRACE="$TRACE" "$KIOSK" run --mode orders --window 800x480 --lang "$1" \
		>"$T/desk.out" 2>"$T/desk.err" &
	PID=$!
	on_exit "kill $PID 2>/dev/null"
	wait_trace "first_frame" 1 || { notok "the desk shows its first frame" "$(cat "$T/desk.err")"; exit 0; }
}
stop_desk() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
take_order() { # a returning guest's order of one jar, paid cash; prints its number
	tap_wait 400; tap_wait 100; tap_wait 12; tap_wait 2
	type_wait 01712345678
	tap_wait 2
	type_wait far # her name's first letters: ফারহানা is offered
	tap_wait 16; tap_wait 2
	tap_wait 13 # her saved address, masked
	tap_wait 850
	[ "$(screen_is)" = or_confirm ] || { notok "the desk reached confirm" "$(screen_is)"; return 1; }
	tap_wait 7
	wait_trace ' stored ' 1 && wait_screen or_receipt
	grep ' stored ' "$TRACE" | tail -1 | awk '{print $3}'
}

start_desk bn
no=$(take_order)
equals "order taken at the desk: receipt screen" "$(screen_is)" "or_receipt"
check "the receipt screen offers Print (the device has a printer)" test -n "$(target 15)"
xwd -root -silent -display "$DISPLAY" | convert xwd:- "$T/receipt-screen.png"
link=$("$KIOSK" orders receipt "$no" --message | tail -1)
scanned=$(zbarimg -q --raw "$T/receipt-screen.png" 2>/dev/null)
contains "the screen's wa.me QR reads as the message's link" "$scanned" "$link"
contains "and it is a wa.me link to the guest" "$link" "https://wa.me/8801712345678?text="
contains "the screen's small QR reads as the order number" "$scanned" "$no"
before=$(ls "$outdir" 2>/dev/null | wc -l)
ls "$outdir" 2>/dev/null | sort >"$T/pdfs-before"
tap_wait 15
check "Print: a print job started" wait_trace " print $no" 1
check "the job printed" wait_trace " printed $no" 1 20
# The screen drew while the job ran: a frame without the Print target (greyed
# out) between the job's start and its end.
during=$(sed -n "/ print $no/,/ printed $no/p" "$TRACE" | grep ' screen or_receipt' | grep -vc ' 15:')
check "the screen drew on while printing" test "$during" -ge 1
check "Print is back after the job" wait_trace ' screen or_receipt.* 15:' 1
pdf=""
# The desk's job is the file that was not there before (the newest by time
# can be an older job's when both were written within one clock tick).
for _ in $(seq 100); do
	pdf=$(new_pdfs | head -1)
	[ -n "$pdf" ] && pdfinfo "$pdf" >/dev/null 2>&1 && break
	sleep 0.1
done
check "the PDF queue wrote the desk's job" test "$(ls "$outdir" 2>/dev/null | wc -l)" -gt "$before"
pdftoppm -png -r 300 "$pdf" "$T/desk-printed" 2>/dev/null
equals "the printed receipt's QR reads as the desk's order number" \
	"$(zbarimg -q --raw "$T/desk-printed-1.png" 2>/dev/null)" "$no"
stop_desk

# A printer that is not there: the screen says so, and stays usable.
"$KIOSK" orders receipt "$no" --printer "kiosk-gone-$$" >/dev/null 2>&1
start_desk en
no2=$(take_order)
tap_wait 15
check "a missing printer: the job fails" wait_trace " print_failed $no2" 1 20
check "Print offered again" wait_trace ' screen or_receipt.* 15:' 1
tap_wait 8
equals "New order still works" "$(screen_is)" "or_seller"
stop_desk
find "$outdir" -name "kiosk-receipt-*" -newer "$T/cat.csv" -delete
