#!/bin/bash
# e2e_unlock.sh - getting, keeping and moving the event's data key (issue 14):
# a wrong passphrase changes nothing (the store's bytes are compared), verify,
# rebuild, status and kiosk-sync run with no passphrase at all (push sends the
# tip signed at commit time), the PIN hash and the secret keys are sealed (no
# offline PIN search: no Argon2id hash anywhere in clear), enrolment bundles
# carry only the wrapped key and sealed secrets, device join takes the event
# passphrase or its own, passphrase change rewraps, the unlock card is a QR.
. "$(dirname "$0")/lib.sh"

ORG=$T/org DOOR=$T/door USB=$T/usb
printf 'not the passphrase\n' >"$T/wrong"
printf 'a new passphrase for the organizer\n' >"$T/new"
printf 'the door keeps its own passphrase\n' >"$T/doorpass"
lines() { printf '%s\n' "$1" | grep -c .; }
# The bytes of a store: its file and its WAL (what a wrong passphrase must not touch).
bytes() { cat "$1/kiosk.db" "$1/kiosk.db-wal" 2>/dev/null | sha256sum; }
# Run with no passphrase at all and no terminal to ask on.
nopass() { env -u KIOSK_PASSPHRASE_FILE setsid -w "$@" </dev/null; }
wrong() { env KIOSK_PASSPHRASE_FILE="$T/wrong" "$@"; }
argon_hits() { cat "$@" 2>/dev/null | grep -a -c '\$argon2id\$'; }

cat >"$T/guests.csv" <<'CSV'
name,phone,type
Zubaida Quasem-Tanvir,01711-987654,general
Mehrunnesa Xalqova,01812-135790,vip
CSV

# ---- init without a passphrase makes nothing --------------------------------
# It used to leave a store without an event, which status then showed as an
# event with no name and imports filled.
expect_exit "init with no passphrase to wrap the data key by: an error" 3 \
	nopass "$KIOSK" --data "$ORG" init --event "Unlock meetup" --pin 4321
contains "... that says how to give one" "$ERR" "KIOSK_PASSPHRASE_FILE"
check "... and leaves no store behind" test ! -e "$ORG/kiosk.db"
expect_exit "status then finds no kiosk data" 3 "$KIOSK" --data "$ORG" status
printf '\n' >"$T/empty"
expect_exit "init with an empty passphrase file: an error, no store" 3 \
	env KIOSK_PASSPHRASE_FILE="$T/empty" "$KIOSK" --data "$ORG" init --event "Unlock meetup"
check "... no store behind it either" test ! -e "$ORG/kiosk.db"

"$KIOSK" --data "$ORG" init --event "Unlock meetup" --pin 4321 >/dev/null || notok "init"
"$KIOSK" --data "$ORG" attendees import "$T/guests.csv" >/dev/null || notok "import"
"$KIOSK" --data "$ORG" tickets issue --out "$T/tickets" >/dev/null || notok "tickets"
code=$(sqlite3 :memory: ".import --csv '$T/tickets/codes.csv' c" "select code from c limit 1")

# ---- the secrets at rest --------------------------------------------------
equals "the PIN hash is sealed in meta" "$(sqlite3 "$ORG/kiosk.db" "SELECT substr(value,1,3) FROM meta WHERE key='pin_hash'")" "s1."
equals "no Argon2id PIN hash in clear in the store, its WAL or the key files" \
	"$(argon_hits "$ORG"/kiosk.db* "$ORG"/*.key)" "0"
equals "event.key is sealed" "$(head -c 3 "$ORG/event.key")" "s1."
equals "device.key is sealed" "$(head -c 3 "$ORG/device.key")" "s1."
equals "key files stay 0600" "$(stat -c %a "$ORG/event.key") $(stat -c %a "$ORG/device.key")" "600 600"
check "event.key holds no 128-digit hex key" bash -c "! grep -Eq '^[0-9a-f]{128}$' '$ORG/event.key'"

# ---- a wrong passphrase changes nothing --------------------------------------
before=$(bytes "$ORG")
for cmd in "checkin $code" "attendees list" "attendees add --name Wrong --phone 01911000222" \
	"tickets issue --force --out $T/t2" "keys rotate" "device add Spare --out $T/spare.kbundle" \
	"unlock-card --out $T/c.png" "passphrase change --new-passphrase-file $T/new" \
	"report --out $T/rep"; do
	# shellcheck disable=SC2086
	expect_exit "wrong passphrase: $cmd exits 3" 3 wrong "$KIOSK" --data "$ORG" $cmd
	equals "wrong passphrase: $cmd says so in one line" "$ERR" "kiosk: wrong passphrase (nothing was changed)"
done
equals "wrong passphrases left every byte of the store as it was" "$(bytes "$ORG")" "$before"
check "no bundle written" test ! -e "$T/spare.kbundle"
check "no unlock card written" test ! -e "$T/c.png"

# ---- no passphrase at all ---------------------------------------------------
expect_exit "checkin without a passphrase is refused" 3 nopass "$KIOSK" --data "$ORG" checkin "$code"
contains "and says how to give it" "$ERR" "KIOSK_PASSPHRASE_FILE"
equals "in one line" "$(lines "$ERR")" "1"
expect_exit "checkin with the passphrase" 0 "$KIOSK" --data "$ORG" checkin "$code"
max=$(sqlite3 "$ORG/kiosk.db" "SELECT max(seq) FROM journal WHERE device_id=(SELECT value FROM meta WHERE key='device_id')")
expect_exit "verify needs no passphrase" 0 nopass "$KIOSK" --data "$ORG" verify
expect_exit "rebuild needs no passphrase" 0 nopass "$KIOSK" --data "$ORG" rebuild
expect_exit "status needs no passphrase" 0 nopass "$KIOSK" --data "$ORG" status
contains "status counts the check-in" "$OUT" "admitted: 1"
expect_exit "kiosk-sync push needs no passphrase" 0 nopass "$KSYNC" --data "$ORG" push --to "$USB"
contains "it pushes up to the check-in (signed at commit time)" "$OUT" "..$max)"
expect_exit "kiosk-sync verify needs no passphrase" 0 nopass "$KSYNC" --data "$ORG" verify
expect_exit "kiosk-sync status needs no passphrase" 0 nopass "$KSYNC" --data "$ORG" status

# ---- enrolment ------------------------------------------------------------------
expect_exit "device add" 0 "$KIOSK" --data "$ORG" device add "Door 1" --out "$T/door.kbundle"
equals "the bundle holds no Argon2id hash in clear" "$(argon_hits "$T/door.kbundle")" "0"
contains "the device's secret key travels sealed" "$(grep -a '^secret ' "$T/door.kbundle")" "secret s1."
contains "with the data key wrapped by the passphrase" "$(grep -a '^vault ' "$T/door.kbundle")" "vault pass p1."
check "and no clear 128-digit hex key" bash -c "! grep -aEq '^secret [0-9a-f]{128}$' '$T/door.kbundle'"
expect_exit "join with a wrong passphrase" 3 wrong "$KIOSK" --data "$DOOR" device join "$T/door.kbundle"
contains "says so" "$ERR" "wrong passphrase"
check "and creates nothing" test ! -e "$DOOR"
expect_exit "join without a passphrase" 3 nopass "$KIOSK" --data "$DOOR" device join "$T/door.kbundle"
check "creates nothing either" test ! -e "$DOOR"
expect_exit "join with the event passphrase and a device passphrase" 0 \
	"$KIOSK" --data "$DOOR" device join "$T/door.kbundle" --device-passphrase-file "$T/doorpass"
equals "the door's device key is sealed" "$(head -c 3 "$DOOR/device.key")" "s1."
equals "no Argon2id hash in clear on the door" "$(argon_hits "$DOOR"/kiosk.db* "$DOOR"/*.key)" "0"
expect_exit "the door opens with its own passphrase" 0 \
	env KIOSK_PASSPHRASE_FILE="$T/doorpass" "$KIOSK" --data "$DOOR" attendees list
contains "and reads the roster the organizer sealed" "$OUT" "Zubaida"
expect_exit "not with the event passphrase any more" 3 "$KIOSK" --data "$DOOR" attendees list
expect_exit "the door pulls with no passphrase" 0 nopass "$KSYNC" --data "$DOOR" pull --from "$USB"
expect_exit "checks a guest in (its own passphrase)" 1 \
	env KIOSK_PASSPHRASE_FILE="$T/doorpass" "$KIOSK" --data "$DOOR" checkin "$code"
code2=$(sqlite3 :memory: ".import --csv '$T/tickets/codes.csv' c" "select code from c limit 1 offset 1")
expect_exit "checks the second guest in" 0 \
	env KIOSK_PASSPHRASE_FILE="$T/doorpass" "$KIOSK" --data "$DOOR" checkin "$code2"
expect_exit "and pushes it with no passphrase" 0 nopass "$KSYNC" --data "$DOOR" push --to "$USB"
expect_exit "the organizer pulls it with no passphrase" 0 nopass "$KSYNC" --data "$ORG" pull --from "$USB"
expect_exit "and the organizer's status counts both" 0 nopass "$KIOSK" --data "$ORG" status
contains "admitted: 2" "$OUT" "admitted: 2"

# ---- passphrase change ------------------------------------------------------------
"$KIOSK" --data "$ORG" unlock-card --out "$T/card.png" >/dev/null || notok "unlock card"
card_wrap=$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='vault_card'")
expect_exit "passphrase change needs the new one from a file when the old one is in one" 3 \
	"$KIOSK" --data "$ORG" passphrase change
count0=$(sqlite3 "$ORG/kiosk.db" "SELECT count(*) FROM journal")
expect_exit "passphrase change" 0 "$KIOSK" --data "$ORG" passphrase change --new-passphrase-file "$T/new"
contains "it says nothing was re-encrypted" "$OUT" "nothing was re-encrypted"
equals "the journal is untouched" "$(sqlite3 "$ORG/kiosk.db" "SELECT count(*) FROM journal")" "$count0"
equals "the card's wrap is untouched" "$(sqlite3 "$ORG/kiosk.db" "SELECT value FROM meta WHERE key='vault_card'")" "$card_wrap"
expect_exit "the old passphrase no longer opens it" 3 "$KIOSK" --data "$ORG" attendees list
expect_exit "the new one does" 0 env KIOSK_PASSPHRASE_FILE="$T/new" "$KIOSK" --data "$ORG" attendees list
contains "and reads the names" "$OUT" "Mehrunnesa"
expect_exit "keys rotate with the new passphrase" 0 env KIOSK_PASSPHRASE_FILE="$T/new" "$KIOSK" --data "$ORG" keys rotate
equals "the old event key is kept sealed" "$(head -c 3 "$ORG/event.key.1")" "s1."
expect_exit "passphrase change --help" 0 "$KIOSK" passphrase change --help
contains "help says old entries stay as written" "$OUT" "stay as they were written"

# ---- the unlock card ----------------------------------------------------------------
expect_exit "the card is a QR the scanner reads" 0 "$KIOSK" scan "$T/card.png"
case "$OUT" in *"	KU1"*) ok "it holds an unlock card (KU1...)" ;; *) notok "it holds an unlock card (KU1...)" "$OUT" ;; esac
lacks "the card's text is not in the store" "$(cat "$ORG"/kiosk.db* | tr -d '\0' | head -c 100000000)" "${OUT#*	}"
# The card's text in KIOSK_PASSPHRASE_FILE opens the store too (no Argon2id).
printf '%s\n' "${OUT#*	}" >"$T/cardtext"
expect_exit "the card's text opens the store like the passphrase" 0 \
	env KIOSK_PASSPHRASE_FILE="$T/cardtext" "$KIOSK" --data "$ORG" attendees list
contains "and reads the names" "$OUT" "Mehrunnesa"
printf "KU1%052d\n" 0 | tr 0 A >"$T/badcard"
expect_exit "another card's text does not" 3 env KIOSK_PASSPHRASE_FILE="$T/badcard" "$KIOSK" --data "$ORG" attendees list
contains "says it is not this device's card" "$ERR" "not this device's unlock card"
expect_exit "unlock-card --help warns" 0 "$KIOSK" unlock-card --help
contains "whoever holds it" "$OUT" "WHOEVER HOLDS THE CARD CAN UNLOCK THE DOOR"
expect_exit "unlock-card needs --out" 4 "$KIOSK" unlock-card
