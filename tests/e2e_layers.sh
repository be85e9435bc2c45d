#!/bin/bash
# e2e_layers.sh - the include rules of the folders (docs/layers.md), kept true
# by grep: which folder may include which, and which libraries' headers each
# may use. A new include that breaks a rule fails here with the file and line.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 3

# folder: the project folders its files may include (besides its own).
declare -A MAY=(
	[kiosk/core]=""
	[kiosk/scan]="core"
	[kiosk/store]="core io"
	[kiosk/ui]="core"
	[kiosk/io]="core"
	[sync]="core io store"
	[kiosk/sdl]="core io scan ui"
	[tests/support]="core scan"
)
for dir in "${!MAY[@]}"; do
	bad=""
	while IFS= read -r line; do
		inc=${line#*\"}; inc=${inc%%\"*}
		case "$inc" in */*) ;; *) continue ;; esac
		top=${inc%%/*}
		[ "$dir/" = "${dir%/*}/$top/" ] && continue
		case " ${MAY[$dir]} " in *" $top "*) continue ;; esac
		bad="$bad $line"
	done < <(grep -Hn '^#include "' "$dir"/*.[ch] 2>/dev/null)
	if [ -z "$bad" ]; then ok "layers: $dir includes only from: ${MAY[$dir]:-itself}"
	else notok "layers: $dir includes only from: ${MAY[$dir]:-itself}" $bad; fi
done

# header pattern | folders where it may appear | files allowed for now (tests/layers.allow)
lib_rule() {
	local name=$1 pat=$2 where=$3 bad="" f
	for f in $(grep -lE "$pat" kiosk/*/*.[ch] sync/*.[ch]); do
		case " $where " in *" ${f%/*} "*) continue ;; esac
		grep -qx "$name $f" tests/layers.allow 2>/dev/null && continue
		bad="$bad $f"
	done
	if [ -z "$bad" ]; then ok "layers: $name only in $where"
	else notok "layers: $name only in $where" $bad; fi
}
lib_rule sqlite3 '#include <sqlite3\.h>|sqlite3_[a-z_]+\(' "kiosk/store"
# The raw handle (store/db.h) stays inside the store too.
lib_rule store-handle '#include "store/db\.h"' "kiosk/store"
lib_rule SDL '#include <SDL' "kiosk/sdl kiosk/cli"
lib_rule libpq '#include <libpq-fe\.h>' "sync"
lib_rule zbar '#include <zbar\.h>' "kiosk/scan"
lib_rule qrencode '#include <qrencode\.h>' "kiosk/io kiosk/cli"
lib_rule v4l2 '#include <linux/videodev2\.h>' "kiosk/sdl kiosk/scan"

# The store's public headers hand out no SQLite type: only its private ones
# (db.h, report_q.h) include <sqlite3.h>, so sync/segment.h and the screens
# never pull it in through store.h.
bad=$(grep -l '#include <sqlite3\.h>' kiosk/store/*.h | grep -vE '/(db|report_q)\.h$' || true)
if [ -z "$bad" ]; then ok "layers: store headers other than db.h and report_q.h do not include sqlite3.h"
else notok "layers: store headers other than db.h and report_q.h do not include sqlite3.h" $bad; fi

# The pure layers call no clock, no file and no network.
bad=$(grep -nE '\b(fopen|open|time|clock_gettime|gettimeofday|socket)\(' kiosk/core/*.c kiosk/ui/*.c |
	grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)' || true)
if [ -z "$bad" ]; then ok "layers: core and ui do no I/O and read no clock"
else notok "layers: core and ui do no I/O and read no clock" "$bad"; fi
