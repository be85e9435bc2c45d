# lib.sh - helpers for end-to-end tests (sourced). Each check prints
# "ok - NAME" or "not ok - NAME"; tests/run.sh counts them.
# Gives: $KIOSK (the binary), $T (a fresh temp dir removed at exit), and
# $DATA (an empty data dir inside $T) exported as KIOSK_DATA.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIOSK="$ROOT/$BUILD/kiosk"
KSYNC="$ROOT/$BUILD/kiosk-sync"
T=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-e2e.XXXXXX")
DATA="$T/data"
export KIOSK_DATA="$DATA"
# The unlock secret of every store a test makes (issue 14), and Argon2id at
# its minimum cost: the tests run the program thousands of times. The real
# cost is measured by the bench, and tests that check the prompt or a wrong
# passphrase set their own.
printf 'test passphrase for the e2e tests\n' >"$T/passphrase"
export KIOSK_PASSPHRASE_FILE="$T/passphrase"
export KIOSK_TEST_WEAK_KDF=1
_cleanup_hooks=""
trap 'eval "$_cleanup_hooks"; rm -rf "$T"' EXIT

on_exit() { _cleanup_hooks="$_cleanup_hooks $1;"; }

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; [ $# -gt 0 ] && printf '#   %s\n' "$@"; return 0; }

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else notok "$name" "command failed: $*"; fi
}

# expect_exit NAME CODE COMMAND...: runs COMMAND, output in $OUT/$ERR, checks exit code.
expect_exit() {
	local name=$1 want=$2; shift 2
	"$@" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out"); ERR=$(cat "$T/.err")
	if [ "$RC" -eq "$want" ]; then ok "$name"
	else notok "$name" "exit $RC, wanted $want: $*" "stdout: $OUT" "stderr: $ERR"; fi
}

# contains NAME HAYSTACK NEEDLE
contains() {
	case "$2" in *"$3"*) ok "$1" ;; *) notok "$1" "expected to find: $3" "in: $2" ;; esac
}
lacks() {
	case "$2" in *"$3"*) notok "$1" "did not expect: $3" "in: $2" ;; *) ok "$1" ;; esac
}
# equals NAME GOT WANT
equals() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "got:  $2" "want: $3"; fi
}

# pull_both_orders ORG D1 D2: the doors "Door 1" D1 and "Door 2" D2 push to
# a folder stick $T/usb; their folders are copied to sticks of their own
# ($T/a, $T/b), and two fresh copies of the organizer's store ORG pull them
# in both orders: $T/x door 1 first, $T/y door 2 first.
pull_both_orders() {
	local org=$1 d1=$2 d2=$3
	expect_exit "door 1 pushes" 0 "$KSYNC" --data "$d1" push --to "$T/usb"
	expect_exit "door 2 pushes" 0 "$KSYNC" --data "$d2" push --to "$T/usb"
	mkdir -p "$T/a" "$T/b"
	cp -a "$T"/usb/door-1-* "$T/a/" && cp -a "$T"/usb/door-2-* "$T/b/" || notok "sticks"
	cp -a "$org" "$T/x" && cp -a "$org" "$T/y"
	expect_exit "x pulls door 1 then door 2 (1)" 0 "$KSYNC" --data "$T/x" pull --from "$T/a"
	expect_exit "x pulls door 1 then door 2 (2)" 0 "$KSYNC" --data "$T/x" pull --from "$T/b"
	expect_exit "y pulls door 2 then door 1 (1)" 0 "$KSYNC" --data "$T/y" pull --from "$T/b"
	expect_exit "y pulls door 2 then door 1 (2)" 0 "$KSYNC" --data "$T/y" pull --from "$T/a"
}
