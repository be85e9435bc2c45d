#!/bin/bash
# e2e_po.sh - assets/po/bn.po is the source of the Bengali (docs/translations.md):
# msgfmt finds it well formed with every string translated, nothing fuzzy;
# it translates every N_()-marked English string of the code and holds no
# stale ones; tools/po2c compiles it as msgfmt reads it (fuzzy and empty
# entries left out) and refuses a broken file with one line.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 3
PO2C="$ROOT/$BUILD/po2c"

# stats NAME FILE: msgfmt -c passes and counts only translated messages.
stats() {
	local s
	if s=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$2" 2>&1) &&
		[[ "$s" =~ ^[0-9]+\ translated\ messages?\.$ ]]; then
		ok "$1 ($s)"
	else
		notok "$1" "$s"
	fi
}
stats "po: msgfmt -c: bn.po has 0 untranslated and 0 fuzzy" assets/po/bn.po

# The code's msgids, merged into bn.po the way `make po` does.
srcs=$(ls kiosk/*/*.c sync/*.c)
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 -k -kN_ -kNC_:1c,2 --add-comments=TRANSLATORS: --no-wrap \
	--package-name=kiosk -o "$T/kiosk.pot" $srcs
msgmerge --quiet --no-wrap -o "$T/merged.po" assets/po/bn.po "$T/kiosk.pot"
stats "po: every N_() string of the code is translated in bn.po" "$T/merged.po"
stale=$(grep -A1 '^#~ msgid' "$T/merged.po" | grep '^#~ msgid' || true)
if [ -z "$stale" ]; then ok "po: bn.po holds no msgid the code no longer has"
else notok "po: bn.po holds no msgid the code no longer has" "$stale"; fi
n_code=$(grep -c '^msgid ' "$T/kiosk.pot")
n_po=$(grep -c '^msgid ' assets/po/bn.po)
if [ "$n_code" -eq "$n_po" ]; then ok "po: bn.po has as many msgids as the code ($n_po)"
else notok "po: bn.po has as many msgids as the code" "code $n_code, bn.po $n_po"; fi

# po2c: the generated table holds what msgfmt would put in a .mo.
cat >"$T/t.po" <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

#. a comment
msgid "Kept"
msgstr "রাখা"

#, fuzzy
msgid "Fuzzy"
msgstr "ঝাপসা"

msgid "Empty"
msgstr ""

msgctxt "shop"
msgid "Back"
msgstr "পেছনে"

msgid "Two "
"lines \"quoted\"??"
msgstr "দুই "
"লাইন"

#~ msgid "Old"
#~ msgstr "পুরনো"
PO
if "$PO2C" "$T/t.po" "$T/t.c" 2>"$T/err"; then
	got=$(grep -c '^	{"\|^	{NULL, "' "$T/t.c")
	if [ "$got" -eq 3 ] && grep -q '{NULL, "Kept", "রাখা"}' "$T/t.c" &&
		grep -q '{"shop", "Back", "পেছনে"}' "$T/t.c" &&
		grep -qF '{NULL, "Two lines \"quoted\"\?\?", "দুই লাইন"}' "$T/t.c" &&
		! grep -q 'Fuzzy\|Empty\|Old' "$T/t.c"; then
		ok "po2c: keeps translated entries, leaves out fuzzy, empty and obsolete ones"
	else
		notok "po2c: keeps translated entries, leaves out fuzzy, empty and obsolete ones" "$(cat "$T/t.c")"
	fi
	# The table compiles as C (escapes, no trigraphs) and is sorted for bsearch.
	check "po2c: the table compiles" cc -std=c11 -Wall -Wextra -Werror -Ikiosk -c -o "$T/t.o" "$T/t.c"
else
	notok "po2c: keeps translated entries, leaves out fuzzy, empty and obsolete ones" "$(cat "$T/err")"
fi
printf 'msgid "a"\nmsgstr "b"\nmsgid "c"\n' >"$T/bad.po"
rm -f "$T/bad.c"
expect_exit "po2c: a msgid without msgstr is refused" 1 "$PO2C" "$T/bad.po" "$T/bad.c"
if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] && [[ "$ERR" == *bad.po:3:* ]] && [ ! -e "$T/bad.c" ]; then
	ok "po2c: one line naming the file and line, no output file"
else
	notok "po2c: one line naming the file and line, no output file" "$ERR"
fi
printf 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n' >"$T/dup.po"
expect_exit "po2c: a msgid twice is refused" 1 "$PO2C" "$T/dup.po" "$T/dup.c"

# The programs show bn.po's words: the report page in Bengali.
"$KIOSK" init --event "po" --pin 1234 >/dev/null 2>&1
"$KIOSK" report --out "$T/rep" --lang bn --no-font >/dev/null 2>&1
want=$(msggrep --no-wrap -K -e '^Meetup report$' assets/po/bn.po | sed -n 's/^msgstr "\(.*\)"$/\1/p')
if [ -n "$want" ] && grep -qF "$want" "$T/rep/index.html"; then
	ok "po: the Bengali report shows bn.po's \"$want\""
else
	notok "po: the Bengali report shows bn.po's Meetup report" "want '$want'"
fi
