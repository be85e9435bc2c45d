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

shot() { # NAME MODE SIZE LANG PRESSES
	local name=$1 mode=$2 size=$3 lang=$4 press=$5
	"$KIOSK" run --mode "$mode" --window "$size" --lang "$lang" \
		--screenshot "$OUT/$name-$lang-$size.png" --after-ms 30 ${press:+--press "$press"}
}
# Target ids: see enum in kiosk/ui/screen_shop.h (2 next, 7 confirm, 12 cart,
# 100+ item, 400+ seller, 500+ face, 520+ tag, 850+ payment).
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
		shot or-address orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2"
		shot or-pay orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2,2"
		shot or-trx orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2,2,851,t:9BX7K2L1Q"
		shot or-collect orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2,2,855"
		shot or-confirm orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2,2,851,t:9BX7K2L1QA,2"
		shot or-receipt orders "$size" "$lang" "$o,12,2,t:01712345678,2,2,2,2,851,t:9BX7K2L1QA,2,7"
		# or-pin, not pin: the door's PIN screen is pin-LANG-SIZE.png in the same folder.
		shot or-pin orders "$size" "$lang" "5,t:12"
	done
done
echo "shop screenshots: $(ls "$OUT"/fb-*.png "$OUT"/or-*.png | wc -l) PNG files in $OUT"
