#!/bin/bash
# e2e_send.sh - tickets ready to send (issue 16): `tickets issue` writes a
# card per guest (cards/*.png: event, Bengali date and time, venue, name, a
# QR that zbar reads back, the logo), messages.csv (name, phone, code,
# message, whatsapp, sms; formula-guarded), and the sheet links them.
. "$(dirname "$0")/lib.sh"

printf 'name,phone\nক্ষমা রক্ষিত,01711223344\n=HYPERLINK("x"),01811000444\n' >"$T/guests.csv"
printf 'name,code\nNo Phone,EXT-1\n' >"$T/ext.csv"
"$KIOSK" init --event "হস্তশিল্প মিটআপ" --starts 2026-12-05T15:00+06:00 --ends 2026-12-05T20:00+06:00 >/dev/null || notok "init"
"$KIOSK" attendees import "$T/guests.csv" >/dev/null || notok "import"
"$KIOSK" attendees import "$T/ext.csv" >/dev/null
convert -size 120x120 xc:orange "$T/logo.png"
expect_exit "tickets issue with venue, cards and logo" 0 "$KIOSK" tickets issue --out "$T/t" --venue "ধানমন্ডি ২৭" --cards --logo "$T/logo.png"
contains "it names messages.csv and the cards" "$OUT" "messages.csv to send, cards/ for phones"
n=$(ls "$T/t/cards" | grep -c '\.png$')
equals "a card per guest" "$n" "$(tail -n +2 "$T/t/codes.csv" | grep -c .)"
# The card's QR is the ticket: zbar reads back the code of codes.csv.
code1=$(sqlite3 :memory: ".import --csv '$T/t/codes.csv' c" "select code from c where name like 'ক্ষমা%'")
file1=$(sqlite3 :memory: ".import --csv '$T/t/codes.csv' c" "select file from c where name like 'ক্ষমা%'")
expect_exit "the card's QR decodes" 0 "$KIOSK" scan "$T/t/cards/$file1"
equals "the card holds the guest's code" "$(printf '%s' "$OUT" | cut -f2)" "$code1"
size=$(identify -format '%wx%h' "$T/t/cards/$file1")
equals "a phone-sized card" "$size" "1080x1560"
# The card shows the logo (orange) in its top band and the dark QR.
px=$(convert "$T/t/cards/$file1" -crop 1x1+100+100 -depth 8 txt:- | sed -n 's/.*#\([0-9A-F]\{6\}\).*/\1/p')
equals "the logo is on the card" "$px" "FFA500"

hdr=$(head -1 "$T/t/messages.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')
equals "messages.csv columns" "$hdr" "name,phone,code,message,whatsapp,sms"
row() { sqlite3 :memory: ".import --csv '$T/t/messages.csv' m" "$1"; }
msg=$(row "select message from m where name like 'ক্ষমা%'")
contains "a Bengali message" "$msg" "প্রিয় ক্ষমা রক্ষিত"
contains "the date and time in Bengali" "$msg" "৫ ডিসেম্বর ২০২৬, ১৫:০০"
contains "the venue" "$msg" "ধানমন্ডি ২৭"
contains "the code in the message" "$msg" "$code1"
wa=$(row "select whatsapp from m where name like 'ক্ষমা%'")
case "$wa" in "https://wa.me/8801711223344?text=%E0%A6%AA"*) ok "WhatsApp link to 8801..." ;; *) notok "WhatsApp link to 8801..." "got $wa" ;; esac
sms=$(row "select sms from m where name like 'ক্ষমা%'")
case "$sms" in "sms:+8801711223344?body=%E0%A6%AA"*) ok "SMS link" ;; *) notok "SMS link" "got $sms" ;; esac
decoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1].split("text=",1)[1]))' "$wa")
equals "the link carries the message" "$decoded" "$msg"
equals "no phone: no links" "$(row "select whatsapp || sms from m where name = 'No Phone'")" ""
guard=$(row "select name from m where phone = '+8801811000444'")
equals "a formula in a name is guarded" "$guard" "'=HYPERLINK(\"x\")"
html=$(cat "$T/t/index.html")
contains "the sheet links WhatsApp" "$html" 'href="https://wa.me/8801711223344?text='
contains "the sheet links SMS" "$html" 'href="sms:+8801711223344?body='
contains "the sheet links the card" "$html" "href=\"cards/$file1\""
expect_exit "without --cards" 0 "$KIOSK" tickets issue --out "$T/t2"
check "no cards folder without --cards" test ! -e "$T/t2/cards"
check "messages.csv without cards too" test -s "$T/t2/messages.csv"
equals "cards and messages are private (0600, folder 0700)" \
	"$(find "$T/t/cards" "$T/t/messages.csv" -type f ! -perm 0600 | wc -l)$(stat -c %a "$T/t/cards")" "0700"
expect_exit "a missing logo is refused" 3 "$KIOSK" tickets issue --out "$T/t3" --logo "$T/nope.png"
