#!/bin/bash
# bench_scan.sh - scanner figures, ours against zxing-cpp (the peer) in one run:
#  1. `kiosk scan` per image on the real photos (../shared/corpus/qr-real) and
#     on 1280x720 frames without a code (those photos stretched to a camera
#     frame): codes read, false reads, wall ms per image (score-decoder's
#     line, includes process start and image loading) and CPU ms per image.
#  2. the camera path on 30 fps clips (tests/bench_qrframe.c): frames and ms
#     to the first read per damage kind, CPU per searching frame, clips read.
# zxing-cpp is Debian 12's libzxing-dev, used here only (never linked into the
# product); it is installed when missing and we may (root or sudo), and its
# columns are skipped with one line when it cannot be had.
# CORPUS=DIR overrides ../shared/corpus.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
cd "$ROOT" || exit 3

zxing=0
if ! pkg-config --exists zxing 2>/dev/null; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		libzxing-dev >/dev/null 2>&1 || true
fi
if pkg-config --exists zxing 2>/dev/null &&
	make -s --no-print-directory BUILD="$BUILD" bench-zxing >/dev/null 2>"$BUILD/bench-zxing.log"; then
	zxing=1
else
	echo "bench_scan: zxing-cpp (libzxing-dev) not available: the peer's columns are skipped"
fi

# score-decoder's last line and the CPU its decoder used, per image
score() {
	local label=$1 cmd=$2 dir=$3 n t line cpu
	n=$(find "$dir" -type f \( -name '*.png' -o -name '*.webp' -o -name '*.jpg' \) | wc -l)
	t=$(mktemp)
	line=$( { /usr/bin/time -f '%U %S' -o "$t" "$CORPUS/score-decoder" "$cmd" "$dir"; } | tail -1)
	cpu=$(awk -v n="$n" '{printf "%.1f", ($1 + $2) * 1000 / n}' "$t")
	rm -f "$t"
	printf 'scan %-6s %-22s %s cpu_ms_per_image %s\n' "$label" "$(basename "$dir")" "$line" "$cpu"
}

if [ -x "$CORPUS/score-decoder" ] && [ -d "$CORPUS/qr-real" ]; then
	frames=$(mktemp -d)
	trap 'rm -rf "$frames"' EXIT
	mkdir -p "$frames/no-code-1280x720/falsepositives-720"
	for f in "$CORPUS"/qr-real/falsepositives-*/*; do
		case "$f" in *.png|*.webp|*.jpg) ;; *) continue ;; esac
		b=$(basename "$(dirname "$f")")-$(basename "${f%.*}")
		convert "$f" -colorspace gray -resize '1280x720!' \
			"$frames/no-code-1280x720/falsepositives-720/$b.png" 2>/dev/null
	done
	score ours "$ROOT/$BUILD/kiosk scan" "$CORPUS/qr-real"
	[ $zxing = 1 ] && score zxing "$ROOT/$BUILD/tests/zxing-scan" "$CORPUS/qr-real"
	score ours "$ROOT/$BUILD/kiosk scan" "$frames/no-code-1280x720"
	[ $zxing = 1 ] && score zxing "$ROOT/$BUILD/tests/zxing-scan" "$frames/no-code-1280x720"
	photos="$CORPUS/qr-real"
else
	echo "bench_scan: no corpus at $CORPUS (set CORPUS=DIR): photo scores and photo clips skipped"
	photos=""
fi
"$ROOT/$BUILD/tests/bench_qrdeblur"
if [ $zxing = 1 ]; then
	"$ROOT/$BUILD/tests/bench_qrframe_zx" $photos
else
	"$ROOT/$BUILD/tests/bench_qrframe" $photos
fi
