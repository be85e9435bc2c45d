#!/bin/bash
# shop_screenshots.sh OUTDIR - PNGs of every feedback and orders screen in
# Bengali and English at 800x480 and 1920x1080, rendered off-screen from a
# throwaway event with the demo catalog (assets/demo/catalog.csv; product
# pictures drawn here with ImageMagick). Screens are reached by real presses
# (--press), so the thank-you and receipt screens follow real store writes.
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
OUT=${1:-$BUILD/screenshots}
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-shopshots.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export KIOSK_DATA="$WORK/data"
# A throwaway event: its passphrase beside it, Argon2id at its minimum cost.
echo "screenshot passphrase" >"$WORK/passphrase"
export KIOSK_PASSPHRASE_FILE="$WORK/passphrase" KIOSK_TEST_WEAK_KDF=1
export SDL_AUDIODRIVER=dummy

mkdir -p "$WORK/products"
cp "$ROOT/assets/demo/catalog.csv" "$WORK/"
for i in 1 2 3 4 5 6; do
	convert -size 400x300 "gradient:hsl($((i * 50)),80%,60%)-hsl($((i * 50 + 30)),70%,35%)" \
		"$WORK/products/p$i.png"
done
"$KIOSK" init --event "হস্তশিল্প ক্রেতা মিটআপ" --pin 1234 >/dev/null
"$KIOSK" catalog import "$WORK/catalog.csv" >/dev/null
# A customer from an earlier order, so the returning-customer greeting shows.
"$KIOSK" orders add --item "Aloe soap=1" --name "ফারহানা আক্তার" --phone 01712345678 \
	--district ঢাকা --address "বাড়ি ১২, রোড ৫, ধানমন্ডি" --pay cash >/dev/null

# Where the seller takes wallet money: numbers and their printed payment QR.
qrencode -o "$WORK/payqr.png" -s 6 "bkash-merchant:01712345678:Rina's Kitchen"
"$KIOSK" catalog seller "রিনার রান্নাঘর" --bkash 01712345678 --nagad 01912345678 \
	--rocket 01812345678 --qr "$WORK/payqr.png" >/dev/null
# Wallet orders and the seller's SMS: one paid, one paid less, one not yet.
paid=$("$KIOSK" orders add --item "আমের আচার=1" --name "সাবরিনা" --phone 01711000222 \
	--district ঢাকা --address "বাড়ি ৩" --pay bkash --trx 9AB1CD2EFG)
less=$("$KIOSK" orders add --item "আমের আচার=1" --name "তানভীর" --phone 01711000333 \
	--district খুলনা --address "বাড়ি ৪" --pay nagad --trx 7AB3C9D2)
none=$("$KIOSK" orders add --item "আমের আচার=1" --name "মিতু" --phone 01711000444 \
	--district সিলেট --address "বাড়ি ৫" --pay rocket --trx 1234567890)
printf '%s\n\n%s\n' \
	"You have received Tk 250.00 from 01711000222. Fee Tk 0.00. Balance Tk 1,250.00. TrxID 9AB1CD2EFG at 29/11/2026 18:20" \
	"Money Received.
Amount: Tk 200.00
Sender: 01711000333
Ref: N/A
TxnID: 7AB3C9D2
Balance: Tk 900.00
29/11/2026 18:25" >"$WORK/sms.txt"
"$KIOSK" payments import "$WORK/sms.txt" >/dev/null
# Her parcels as the courier tells: three delivered, one returned.
printf '%s\n' "consignment_id,invoice,recipient_phone,delivery_status" \
	"1424101,A-1,01712345678,delivered" "1424102,A-2,01712345678,delivered" \
	"1424103,A-3,01712345678,partial_delivered" "1424104,A-4,01712345678,cancelled" \
	>"$WORK/steadfast.csv"
"$KIOSK" courier import "$WORK/steadfast.csv" >/dev/null
"$KIOSK" catalog delivery --inside-dhaka 60 --outside 120 >/dev/null

shot() { # NAME MODE SIZE LANG PRESSES
	local name=$1 mode=$2 size=$3 lang=$4 press=$5
	"$KIOSK" run --mode "$mode" --window "$size" --lang "$lang" \
		--screenshot "$OUT/$name-$lang-$size.png" --after-ms 30 ${press:+--press "$press"}
}
# Target ids: see enum in kiosk/ui/screen_shop.h (2 next, 7 confirm, 12 cart,
# 13 the saved address, 16 the saved name once its first letters are typed,
# 100+ item, 400+ seller, 500+ face, 520+ tag, 850+ payment, 14 open an order,
# 15 print).
for size in 800x480 1920x1080; do
	for lang in bn en; do
		if [ "$lang" = bn ]; then c="t:প্যাকেজিং আরও ভালো হতে পারত"; a="t:বাড়ি ৭, রোড ২"; else c="t:PACKAGING COULD BE BETTER"; a="t:HOUSE 7, ROAD 2"; fi
		shot fb-pick feedback "$size" "$lang" ""
		shot fb-face feedback "$size" "$lang" "103"
		shot fb-tags feedback "$size" "$lang" "103,502,521"
		shot fb-comment feedback "$size" "$lang" "103,502,521,2,$c"
		shot fb-phone feedback "$size" "$lang" "103,502,521,2,$c,2,t:01811"
		shot fb-thanks feedback "$size" "$lang" "103,502,521,2,$c,2,t:01811223344,2"
		o="402,103,103,105"
		shot or-seller orders "$size" "$lang" ""
		shot or-products orders "$size" "$lang" "$o"
		shot or-cart orders "$size" "$lang" "$o,12"
		shot or-phone orders "$size" "$lang" "$o,12,2,t:01712345678"
		shot or-name-returning orders "$size" "$lang" "$o,12,2,t:01712345678,2"
		shot or-district orders "$size" "$lang" "$o,12,2,t:01911000111,2,t:Nusrat,2,t:ch"
		shot or-name-offer orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা"
		shot or-address orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2"
		shot or-pay orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13"
		shot or-trx orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,851,t:9BX7K2L1Q"
		shot or-trx-error orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,851,t:9BX7K2L1Q,2"
		shot or-trx-nagad orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,852"
		shot or-collect orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,855"
		shot or-collect-typed orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,855,t:720.5"
		shot or-find orders "$size" "$lang" "14,t:${paid%?}"
		shot or-opened-matched orders "$size" "$lang" "14,t:$paid,2"
		shot or-opened-mismatch orders "$size" "$lang" "14,t:$less,2"
		shot or-opened-missing orders "$size" "$lang" "14,t:$none,2"
		shot or-confirm orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,851,t:9BX7K2L1QA,2"
		shot or-receipt orders "$size" "$lang" "$o,12,2,t:01712345678,2,t:ফা,16,2,13,851,t:9BX7K2L1QA,2,7"
		# or-pin, not pin: the door's PIN screen is pin-LANG-SIZE.png in the same folder.
		shot or-pin orders "$size" "$lang" "5,t:12"
	done
done
# The device's receipt printer (a queue that is not there: the screen says
# so); the receipt screen then has Print.
"$KIOSK" orders receipt "$paid" --printer "kiosk-no-such-printer" >/dev/null 2>&1 || true
for size in 800x480 1920x1080; do
	for lang in bn en; do
		r="402,104,12,2,t:01712345678,2,t:ফা,16,2,13,851,t:9BX7K2L1QA,2,7"
		shot or-receipt-printer orders "$size" "$lang" "$r"
		shot or-receipt-printing orders "$size" "$lang" "$r,15"
		"$KIOSK" run --mode orders --window "$size" --lang "$lang" --after-ms 3000 \
			--screenshot "$OUT/or-receipt-no-printer-$lang-$size.png" --press "$r,15"
	done
done
echo "shop screenshots: $(ls "$OUT"/fb-*.png "$OUT"/or-*.png | wc -l) PNG files in $OUT"
