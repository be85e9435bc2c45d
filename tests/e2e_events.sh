#!/bin/bash
# e2e_events.sh - a store that holds an earlier event (init --new, the way a
# seller runs a meetup every month): the door's figures (status, the door's
# menu: both read door_counts) are the current event's only, on the
# organizer's machine, on a door joined for the new event (whose join brings
# the earlier event's entries too), after a rebuild (verify), and in a store
# counted before this rule (the migration).
# Real stores and a real folder stick.
. "$(dirname "$0")/lib.sh"

ORG=$T/org D1=$T/d1 D2=$T/d2
K() { "$KIOSK" --data "$1" "${@:2}"; }
q() { sqlite3 "$ORG/kiosk.db" "$1"; }
# status_of DIR KEY: the value of "KEY: value" in DIR's status
status_of() { K "$1" status | sed -n "s/^$2: //p"; }

printf 'name,phone,code\nরাশেদ করিম,01711000001,GF-1\nনুসরাত জাহান,01711000002,GF-2\nRahim Uddin,01711000003,GF-3\n' \
	>"$T/one.csv"
printf 'name,phone,code\nসাকিব হাসান,01811000001,TW-1\nমিতু আক্তার,01811000002,TW-2\n' >"$T/two.csv"

# The first meetup: a door checks two guests in while offline.
K "$ORG" init --event "নভেম্বরের মিটআপ" --pin 1234 >/dev/null || notok "init one"
K "$ORG" attendees import "$T/one.csv" >/dev/null || notok "import one"
K "$ORG" station add "উপহার ব্যাগ" >/dev/null
K "$ORG" device add "Door 1" --out "$T/d1.kbundle" >/dev/null
K "$D1" device join "$T/d1.kbundle" >/dev/null || notok "join d1"
K "$D1" checkin GF-1 >/dev/null
K "$D1" checkin GF-2 >/dev/null
K "$D1" checkin --exit GF-2 >/dev/null
K "$ORG" checkin GF-3 >/dev/null
K "$ORG" checkin --station "উপহার ব্যাগ" GF-3 >/dev/null
# One walk-in registered at both, offline from each other: one guest.
K "$D1" attendees add --name "করিম" --phone 01911000009 >/dev/null
K "$ORG" attendees add --name "করিম" --phone +8801911000009 >/dev/null
KIOSK_QUIET=1 "$KSYNC" --data "$D1" push --to "$T/usb" >/dev/null 2>&1 || notok "push d1"
KIOSK_QUIET=1 "$KSYNC" --data "$ORG" pull --from "$T/usb" >/dev/null 2>&1 || notok "pull org"
st=$(K "$ORG" status)
for kv in "expected: 4" "admitted: 4" "inside: 3" "exits: 1" "walkins: 1" "walkin_duplicates: 1" \
	"admitted[door 1]: 4" "station[উপহার ব্যাগ]: 1"; do
	contains "first meetup: $kv" "$st" "$kv"
done

# The second meetup in the same store.
expect_exit "init --new" 0 K "$ORG" init --new --event "ডিসেম্বরের মিটআপ" --pin 1234
st=$(K "$ORG" status)
for kv in "expected: 0" "admitted: 0" "inside: 0" "exits: 0" "walkins: 0" "admitted[door 1]: 0" \
	"station[উপহার ব্যাগ]: 0"; do
	contains "new event: $kv (the first meetup's figures are not its own)" "$st" "$kv"
done
case "$st" in *walkin_duplicates*) notok "new event: the first meetup's walk-in twice is not flagged" "$st" ;;
*) ok "new event: the first meetup's walk-in twice is not flagged" ;; esac
K "$ORG" attendees import "$T/two.csv" >/dev/null || notok "import two"
K "$ORG" checkin TW-1 >/dev/null
equals "new event: expected is its roster" "$(status_of "$ORG" expected)" "2"
equals "new event: admitted" "$(status_of "$ORG" admitted)" "1"
equals "new event: inside" "$(status_of "$ORG" inside)" "1"

st=$(K "$ORG" status)
expect_exit "new event: projections equal a rebuild" 0 K "$ORG" verify

# A door joined for the new meetup counts its roster only.
K "$ORG" device add "Door 2" --out "$T/d2.kbundle" >/dev/null
K "$D2" device join "$T/d2.kbundle" >/dev/null || notok "join d2"
equals "new door: expected is the new roster" "$(status_of "$D2" expected)" "2"
equals "new door: admitted" "$(status_of "$D2" admitted)" "1"
expect_exit "new door: a guest of the new meetup" 0 K "$D2" checkin TW-2
equals "new door: admitted after its check-in" "$(status_of "$D2" admitted)" "2"
expect_exit "new door: verify" 0 K "$D2" verify

# A store counted before this rule: its door_counts held both events'. (Made
# by hand: the old binary is not at hand in a test; the migration is what
# runs on the user's store.)
v=$(q "pragma user_version")
q "update door_counts set expected = expected + 3, checked_in = checked_in + 3 where door = ''; pragma user_version = $((v - 1))"
equals "old store: the migration counts the current event again" "$(status_of "$ORG" expected)" "2"
equals "old store: admitted again" "$(status_of "$ORG" admitted)" "1"
equals "old store: migrated to the current version" "$(q "pragma user_version")" "$v"
expect_exit "old store: verify" 0 K "$ORG" verify
