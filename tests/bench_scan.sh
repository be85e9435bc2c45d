#!/bin/bash
# bench_scan.sh - scanner figures in one run: the real-corpus score of zbar
# alone and of `kiosk scan` (score-decoder's last line each), then the
# camera-path cost per 1280x720 frame with and without a code in view.
# The corpus lives next to the repository: ../shared/corpus (CORPUS= overrides).
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
if [ -x "$CORPUS/score-decoder" ] && [ -d "$CORPUS/qr-real" ]; then
	cd "$CORPUS" || exit 3
	printf 'zbar alone:  '
	./score-decoder adapters/zbarimg-adapter qr-real | tail -1
	printf 'kiosk scan:  '
	./score-decoder "$ROOT/$BUILD/kiosk scan" qr-real | tail -1
	cd "$ROOT" || exit 3
else
	echo "bench_scan: no corpus at $CORPUS (set CORPUS=DIR), corpus scores skipped"
fi
"$ROOT/$BUILD/tests/bench_qrframe"
