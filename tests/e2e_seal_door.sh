#!/bin/bash
# e2e_seal_door.sh - the door side of the store keeps no guest in clear
# (issue 14): a roster with distinctive Bengali and Latin names, phones and
# emails is imported, a walk-in added, guests checked in and tickets issued;
# then every byte of the data dir (database, WAL, key files, anything else)
# is searched for each name, email and phone (as typed, normalised, and its
# last 8 digits): nothing is found, while the same flows print the names
# through the program. A wrong passphrase gives one line, exit 3, and leaves
# the database byte for byte as it was; verify, rebuild and status need no
# passphrase at all.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { notok "seal e2e needs sqlite3 (make deps)"; exit 0; }
DB="$DATA/kiosk.db"
q() { sqlite3 "$DB" "$1"; }
# No controlling terminal and no passphrase file: a command that asks for the
# passphrase fails at once instead of prompting.
nopass() { setsid -w env -u KIOSK_PASSPHRASE_FILE "$@" </dev/null; }

cat >"$T/guests.csv" <<'CSV'
name,phone,email,code
শাহনাজ পারভীন চৌধুরী,01713579246,shahnaz.parvin.seal@example.org,SD-1
Kazimierz Brzęczyszczykiewicz,01824681357,kazimierz.seal@example.net,SD-2
তাহমিনা রওশন,01597531864,tahmina.rowshan.seal@example.com,SD-3
CSV
NAMES=("শাহনাজ পারভীন চৌধুরী" "Kazimierz Brzęczyszczykiewicz" "তাহমিনা রওশন" "রফিকুল ইসলাম ওয়াকিন")
EMAILS=("shahnaz.parvin.seal@example.org" "kazimierz.seal@example.net" "tahmina.rowshan.seal@example.com")
PHONES=("01713579246" "01824681357" "01597531864" "01935792468")

"$KIOSK" init --event "Seal" --pin 1234 >/dev/null 2>&1 || notok "init"
expect_exit "the roster imports" 0 "$KIOSK" attendees import "$T/guests.csv"
expect_exit "a walk-in is added" 0 "$KIOSK" attendees add --name "${NAMES[3]}" --phone "${PHONES[3]}"
contains "the walk-in's name is said" "$OUT" "ok: ${NAMES[3]}"
expect_exit "a guest is checked in by code" 0 "$KIOSK" checkin SD-1
contains "the verdict names the guest" "$OUT" "ok: ${NAMES[0]}"
expect_exit "a known phone adds nobody" 1 "$KIOSK" attendees add --name X --phone "${PHONES[1]}"
contains "and names the guest it belongs to" "$OUT" "already on the roster: ${NAMES[1]} (+880${PHONES[1]#0}, expected)"
expect_exit "the roster lists" 0 "$KIOSK" attendees list
for n in "${NAMES[@]}"; do contains "the list shows $n" "$OUT" "$n"; done
contains "the list shows a phone" "$OUT" "+880${PHONES[2]#0}"
expect_exit "the door's search finds a name" 0 "$KIOSK" attendees list --search "Brzęczy"
contains "by a part of it" "$OUT" "${NAMES[1]}"
expect_exit "the door's search finds a phone's last digits" 0 "$KIOSK" attendees list --search "31864"
contains "the right guest" "$OUT" "${NAMES[2]}"
expect_exit "tickets are issued" 0 "$KIOSK" tickets issue --out "$T/tickets"
contains "codes.csv names the guests" "$(cat "$T/tickets/codes.csv")" "${NAMES[2]}"
expect_exit "import again skips everyone" 0 "$KIOSK" attendees import "$T/guests.csv"
contains "the duplicates are found through the sealed rows" "$OUT" "imported 0 attendee(s); 3 already there"
expect_exit "verify" 0 "$KIOSK" verify

# The rows are sealed: pii is "s1." ciphertext, phones have a blind index.
equals "every attendee's fields are sealed" \
	"$(q "select count(*) from attendees where pii like 's1.%'")" "$(q "select count(*) from attendees")"
equals "every phone has a blind index" "$(q "select count(*) from attendees where length(phone_bi) = 32")" "4"
equals "no clear columns left" "$(q "select count(*) from pragma_table_info('attendees') where name in ('name','phone','email','phone_rev')")" "0"
equals "no name index tables" "$(q "select count(*) from sqlite_master where name in ('attendee_names','name_keys')")" "0"

# Every byte of the data dir, while a reader holds the WAL open too.
leaks() {
	local hits="" f s
	for s in "$@"; do
		if grep -r -a -F -l -- "$s" "$DATA" >"$T/hits" 2>/dev/null; then
			hits="$hits [$s in $(tr '\n' ' ' <"$T/hits")]"
		fi
		if find "$DATA" -type f -exec strings -a {} + | grep -q -F -- "$s"; then
			hits="$hits [$s in strings]"
		fi
	done
	echo "$hits"
}
secrets=("${NAMES[@]}" "${EMAILS[@]}" "Brzęczyszczykiewicz" "শাহনাজ")
for p in "${PHONES[@]}"; do secrets+=("$p" "+880${p#0}" "${p: -8}"); done
ls "$DATA" >"$T/files"
equals "nothing personal in the data dir ($(tr '\n' ' ' <"$T/files"))" "$(leaks "${secrets[@]}")" ""
# The same with the newest entries still in the WAL: a reader holds a
# snapshot from before a walk-in, so the writer cannot checkpoint them away.
mkfifo "$T/fifo"
sqlite3 "$DB" <"$T/fifo" >/dev/null &
READER=$!
on_exit "kill $READER 2>/dev/null"
exec 7>"$T/fifo"
echo "begin; select count(*) from journal;" >&7
sleep 0.3
"$KIOSK" attendees add --name "Second Walkin Sealcheck" --phone 01611122233 >/dev/null || notok "a second walk-in"
check "the walk-in is in the WAL" test -s "$DB-wal"
equals "nor with the WAL full ($(ls "$DATA" | tr '\n' ' '))" \
	"$(leaks "${secrets[@]}" "Second Walkin Sealcheck" "01611122233" "11122233")" ""
echo "commit;" >&7
exec 7>&-
wait "$READER"

# A wrong passphrase: one line, exit 3, nothing changed.
printf 'not the passphrase\n' >"$T/wrong"
sum() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }
before=$(sum)
rows=$(q "select count(*) from journal")
for cmd in "attendees list" "checkin SD-2" "attendees add --name Y --phone 01711000999" \
	"attendees import $T/guests.csv" "tickets issue --out $T/t2"; do
	# shellcheck disable=SC2086 # the command's words
	KIOSK_PASSPHRASE_FILE="$T/wrong" expect_exit "wrong passphrase: $cmd exits 3" 3 "$KIOSK" $cmd
	equals "with one line" "$ERR" "kiosk: wrong passphrase (nothing was changed)"
	lacks "and prints no guest" "$OUT" "${NAMES[1]}"
done
equals "nothing was journaled" "$(q "select count(*) from journal")" "$rows"
equals "the database is byte for byte as it was" "$(sum)" "$before"

# Without any passphrase: the commands that need none work, the others say why.
expect_exit "verify needs no passphrase" 0 nopass "$KIOSK" verify
expect_exit "rebuild needs no passphrase" 0 nopass "$KIOSK" rebuild
expect_exit "status needs no passphrase" 0 nopass "$KIOSK" status
contains "status counts the guests" "$OUT" "expected: 5"
expect_exit "verify after the rebuild" 0 nopass "$KIOSK" verify
expect_exit "the roster needs the passphrase" 3 nopass "$KIOSK" attendees list
equals "and says so in one line" "$(printf '%s\n' "$ERR" | wc -l)" "1"
lacks "without a name" "$OUT$ERR" "${NAMES[0]}"
expect_exit "the same roster with it" 0 "$KIOSK" attendees list
contains "still all there after the rebuild" "$OUT" "${NAMES[0]}"
