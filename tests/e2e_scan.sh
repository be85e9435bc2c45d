#!/bin/bash
# e2e_scan.sh - `kiosk scan FILE...` end to end: PNG/JPEG/WebP made at test
# time with qrencode and ImageMagick, escaping, charsets, a bad file among
# good ones, exit codes, --help. Needs no data directory.
. "$(dirname "$0")/lib.sh"

CODE="T1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
cd "$T" || exit 3
qrencode -l M -s 6 -m 4 -o good.png "$CODE" || exit 3
convert good.png -quality 85 good.jpg || exit 3
convert good.png -quality 80 good.webp || exit 3
printf 'a\tb\nc\\d\re' | qrencode -8 -l M -s 6 -o tabs.png || exit 3
printf 'A\x00B' | qrencode -8 -l M -s 6 -o nul.png || exit 3
printf '\x1b[31mRED\x1b[0m\x07' | qrencode -8 -l M -s 6 -o esc.png || exit 3
# ﾃﾞｻﾞｲﾝQR in Shift_JIS half-width katakana (zbar alone reads it as Chinese)
printf '\xc3\xde\xbb\xde\xb2\xddQR' | qrencode -8 -l M -s 6 -o sjis.png || exit 3
convert -size 200x200 xc:white blank.png || exit 3
head -c 200 good.png > truncated.png
printf 'this is not an image\n' > text.png
mkdir adir

expect_exit "good PNG, JPEG, WebP read" 0 "$KIOSK" scan good.png good.jpg good.webp
equals "each prints PATH<TAB>TEXT" "$OUT" "$(printf 'good.png\t%s\ngood.jpg\t%s\ngood.webp\t%s' "$CODE" "$CODE" "$CODE")"
equals "nothing on stderr" "$ERR" ""
[ -d "$DATA" ] && notok "scan left the data directory alone" || ok "scan left the data directory alone"

expect_exit "path printed exactly as given" 0 "$KIOSK" scan ./good.png
equals "path as given" "$OUT" "$(printf './good.png\t%s' "$CODE")"

expect_exit "tabs and newlines escaped" 0 "$KIOSK" scan tabs.png
equals "escaped text" "$OUT" "$(printf 'tabs.png\t%s' 'a\tb\nc\\d\re')"

# A NUL once cut the text, and ESC and BEL reached the terminal.
expect_exit "control characters in a code" 0 "$KIOSK" scan nul.png esc.png
equals "the whole text, controls as \\xHH" "$OUT" \
	"$(printf 'nul.png\t%s\nesc.png\t%s' 'A\x00B' '\x1b[31mRED\x1b[0m\x07')"

expect_exit "Shift_JIS code" 0 "$KIOSK" scan sjis.png
equals "Shift_JIS to UTF-8" "$OUT" "$(printf 'sjis.png\tﾃﾞｻﾞｲﾝQR')"

# qr-real's "double QR" (tests/data/qr-real/16.webp): a code printed within
# another's data; zbar reads the outer one, the look at its middle the inner.
expect_exit "a code within a code" 0 "$KIOSK" scan "$ROOT/tests/data/qr-real/16.webp"
equals "both codes, a line each" "$(printf '%s\n' "$OUT" | cut -f2 | cut -c1-9)" "$(printf '[外側QR\n[内側QR')"

expect_exit "image without a code: exit 0" 0 "$KIOSK" scan blank.png
equals "image without a code prints nothing" "$OUT" ""

expect_exit "corrupt file among good ones: exit 3" 3 "$KIOSK" scan good.png truncated.png good.webp
equals "the good files still decode" "$OUT" "$(printf 'good.png\t%s\ngood.webp\t%s' "$CODE" "$CODE")"
equals "one stderr line" "$(printf '%s\n' "$ERR" | wc -l)" "1"
contains "stderr names the file" "$ERR" "kiosk: cannot read 'truncated.png'"

expect_exit "text file: exit 3" 3 "$KIOSK" scan text.png
contains "not an image" "$ERR" "cannot read 'text.png': not an image"
expect_exit "missing file: exit 3" 3 "$KIOSK" scan nope.png
contains "missing file reason" "$ERR" "cannot read 'nope.png': No such file or directory"
expect_exit "directory: exit 3" 3 "$KIOSK" scan adir
contains "directory reason" "$ERR" "not a regular file"

expect_exit "--help" 0 "$KIOSK" scan --help
contains "--help shows usage" "$OUT" "usage: kiosk scan"
expect_exit "no files: usage error" 4 "$KIOSK" scan
expect_exit "unknown option: usage error" 4 "$KIOSK" scan --bogus good.png
expect_exit "-- then a file named like an option" 3 "$KIOSK" scan -- -x.png
contains "listed in the command table" "$("$KIOSK" --help)" "scan"
