#!/bin/bash
# bench_cli.sh - what one `kiosk checkin` process costs against the floor of
# any program that commits one row durably: a `sqlite3` command-line insert
# into a WAL database with synchronous=FULL, same disk, same run, runs
# interleaved so both see the same machine load. Prints the ratio (goal <= 2)
# and the shared libraries a checkin process loads. KIOSK_BEFORE=PATH (an
# older kiosk binary) adds its figure, measured in the same rounds.
# Numbers, not assertions.
set -u
BUILD=${BUILD:-build}
K="$PWD/$BUILD/kiosk"
N=${BENCH_CLI_N:-60}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# One store per binary with N tickets, each checked in once below.
prepare() { # kiosk-binary dir
	{
		echo "name,phone"
		for ((i = 1; i <= N; i++)); do printf 'Guest %d,017%08d\n' "$i" "$i"; done
	} >"$T/guests.csv"
	"$1" --data "$2" init --event "Bench" >/dev/null &&
		"$1" --data "$2" attendees import "$T/guests.csv" >/dev/null &&
		"$1" --data "$2" tickets issue --out "$2/tix" >/dev/null || return 1
	tail -n +2 "$2/tix/codes.csv" | cut -d, -f3 >"$2/codes"
}
prepare "$K" "$T/new" || { echo "bench_cli: cannot prepare the store"; exit 1; }
mapfile -t codes <"$T/new/codes"
before=${KIOSK_BEFORE:-}
if [ -n "$before" ]; then
	prepare "$before" "$T/old" || { echo "bench_cli: cannot prepare with $before"; before=""; }
	mapfile -t old_codes <"$T/old/codes"
fi
sqlite3 "$T/floor.db" "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT, at INTEGER);" >/dev/null

now() { date +%s%N; }
t_k=0 t_s=0 t_b=0
for ((i = 0; i < N; i++)); do
	s=$(now)
	"$K" --data "$T/new" checkin "${codes[$i]}" >/dev/null 2>&1
	e=$(now); t_k=$((t_k + e - s))
	s=$(now)
	sqlite3 "$T/floor.db" "PRAGMA synchronous=FULL; INSERT INTO t(code, at) VALUES('${codes[$i]}', $i);"
	e=$(now); t_s=$((t_s + e - s))
	if [ -n "$before" ]; then
		s=$(now)
		"$before" --data "$T/old" checkin "${old_codes[$i]}" >/dev/null 2>&1
		e=$(now); t_b=$((t_b + e - s))
	fi
done
ok=$(sqlite3 "$T/new/kiosk.db" "select count(*) from journal where kind='checkin'")
[ "$ok" -eq "$N" ] || echo "bench_cli: only $ok of $N check-ins were journaled"
us() { echo $(($1 / N / 1000)); }
echo "kiosk checkin process: $(us $t_k) us; sqlite3 CLI insert (WAL, synchronous=FULL): $(us $t_s) us;" \
	"ratio $(echo "scale=2; $t_k / $t_s" | bc)x   (goal <= 2x; $N runs each, interleaved)"
if [ -n "$before" ]; then
	echo "before ($before): $(us $t_b) us; ratio $(echo "scale=2; $t_b / $t_s" | bc)x, same rounds"
fi
echo "a checkin process loads $(ldd "$K" | wc -l) shared objects" \
	"(kiosk-screen: $(ldd "$PWD/$BUILD/kiosk-screen" | wc -l))"
