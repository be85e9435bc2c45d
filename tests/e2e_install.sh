#!/bin/bash
# e2e_install.sh - `make install` puts every file where README.md says, the
# installed programs find their fonts and sounds (next to themselves, staged
# under DESTDIR, or through the compiled-in PREFIX), `make uninstall` takes
# everything away again, and a missing library is one line naming its package.
# It relinks $BUILD's programs for other prefixes and restores the prefix
# they had at the end (only io/sharedir.c holds it). Under `make asan` the
# sanitizer CFLAGS/LDFLAGS come in through the environment.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 3
export SDL_AUDIODRIVER=dummy
orig=$(cat "$BUILD/prefix" 2>/dev/null || echo /usr/local)
# A make of its own, not a part of the make that may be running the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { make --no-print-directory BUILD="$BUILD" "$@"; }
on_exit "mk PREFIX='$orig' programs >/dev/null 2>&1"

# -- staged, as a Debian package build does it
ST="$T/stage"
if mk install DESTDIR="$ST" PREFIX=/usr >"$T/install.log" 2>&1; then
	ok "install: make install DESTDIR=... PREFIX=/usr"
else
	notok "install: make install DESTDIR=... PREFIX=/usr" "$(tail -20 "$T/install.log")"
fi
want="lib/systemd/system/kiosk-door.service
usr/bin/kiosk
usr/bin/kiosk-sync
usr/libexec/kiosk/kiosk-scan
usr/libexec/kiosk/kiosk-screen
$(for f in assets/man/*.1; do echo "usr/share/man/man1/${f##*/}"; done)
usr/share/applications/kiosk.desktop
usr/share/icons/hicolor/scalable/apps/kiosk.svg
$(for f in fonts/*.ttf fonts/OFL.txt; do echo "usr/share/kiosk/fonts/${f##*/}"; done)
$(for d in sounds courier demo; do for f in assets/$d/*; do echo "usr/share/kiosk/$f"; done; done)"
want=$(echo "$want" | sort)
got=$(cd "$ST" && find . -type f | sed 's|^\./||' | sort)
if [ "$got" = "$want" ]; then ok "install: the file list ($(echo "$got" | wc -l) files)"
else notok "install: the file list" "$(diff <(echo "$want") <(echo "$got"))"; fi
[ "$(stat -c %a "$ST/usr/bin/kiosk")" = 755 ] && [ "$(stat -c %a "$ST/usr/share/kiosk/fonts/OFL.txt")" = 644 ] &&
	ok "install: programs 755, data 644" || notok "install: programs 755, data 644"

expect_exit "install: the staged kiosk --help" 0 "$ST/usr/bin/kiosk" --help
contains "install: the staged kiosk --help lists commands" "$OUT" "checkin"
expect_exit "install: the staged kiosk-sync --help" 0 "$ST/usr/bin/kiosk-sync" --help

# The staged program finds its fonts and sounds under the stage, not in the
# source tree: run from elsewhere with no KIOSK_FONTS.
(cd "$T" && "$ST/usr/bin/kiosk" init --event "install" --pin 1234 >/dev/null 2>&1)
if (cd "$T" && KIOSK_TRACE="$T/trace" "$ST/usr/bin/kiosk" run --window 800x480 --after-ms 50 \
	--screenshot "$T/staged.png" >"$T/run.log" 2>&1) && [ -s "$T/staged.png" ]; then
	ok "install: the staged kiosk draws the door with the staged fonts"
else
	notok "install: the staged kiosk draws the door with the staged fonts" "$(cat "$T/run.log")"
fi
(cd "$T" && "$ST/usr/bin/kiosk" report --out "$T/rep" >/dev/null 2>&1)
contains "install: the staged kiosk's report embeds the staged Bengali font" \
	"$(head -c 4000 "$T/rep/index.html" 2>/dev/null)" "KioskBengali"

# The unit starts the installed program with the KMS/DRM driver; systemd
# accepts it (pointed at the staged program, which is not in /usr yet).
unit="$ST/lib/systemd/system/kiosk-door.service"
contains "install: the unit starts /usr/bin/kiosk fullscreen on KMS/DRM" "$(cat "$unit")" \
	"ExecStart=/usr/bin/kiosk run --mode door"
contains "install: the unit sets SDL_VIDEODRIVER=kmsdrm" "$(cat "$unit")" "SDL_VIDEODRIVER=kmsdrm"
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$T/unit"
	sed "s|/usr/bin/kiosk|$ST/usr/bin/kiosk|" "$unit" >"$T/unit/kiosk-door.service"
	v=$(systemd-analyze verify --man=no "$T/unit/kiosk-door.service" 2>&1)
	if [ $? -eq 0 ] && [ -z "$v" ]; then ok "install: systemd-analyze verify finds nothing in the unit"
	else notok "install: systemd-analyze verify finds nothing in the unit" "$v"; fi
else
	notok "install: systemd-analyze is missing (make deps)"
fi
if command -v desktop-file-validate >/dev/null; then
	v=$(desktop-file-validate "$ST/usr/share/applications/kiosk.desktop" 2>&1)
	if [ $? -eq 0 ] && [ -z "$v" ]; then ok "install: desktop-file-validate accepts kiosk.desktop"
	else notok "install: desktop-file-validate accepts kiosk.desktop" "$v"; fi
else
	notok "install: desktop-file-validate is missing (make deps)"
fi

if mk uninstall DESTDIR="$ST" PREFIX=/usr >"$T/uninstall.log" 2>&1 &&
	left=$(find "$ST" -not -type d) && [ -z "$left" ]; then
	ok "install: make uninstall leaves no file behind"
else
	notok "install: make uninstall leaves no file behind" "$left" "$(tail -5 "$T/uninstall.log")"
fi

# -- a real prefix: the compiled-in PREFIX is where a copied program looks
P="$T/prefix"
mk install PREFIX="$P" >"$T/install2.log" 2>&1
mkdir -p "$T/elsewhere"
cp "$P/bin/kiosk" "$T/elsewhere/kiosk"
if (cd "$T/elsewhere" && "$T/elsewhere/kiosk" run --window 800x480 --after-ms 50 \
	--screenshot "$T/prefixed.png" >"$T/run2.log" 2>&1) && [ -s "$T/prefixed.png" ]; then
	ok "install: a copied program finds the fonts under the compiled-in PREFIX"
else
	notok "install: a copied program finds the fonts under the compiled-in PREFIX" "$(cat "$T/run2.log")"
fi
mk uninstall PREFIX="$P" >/dev/null 2>&1
left=$(find "$P" -not -type d)
if [ -z "$left" ]; then ok "install: uninstall from a real prefix leaves no file"
else notok "install: uninstall from a real prefix leaves no file" "$left"; fi

# -- a missing library: one line naming the package, no compile attempted
mkdir -p "$T/nopc"
expect_exit "build: a missing library stops make" 2 \
	env PKG_CONFIG_LIBDIR="$T/nopc" PKG_CONFIG_PATH= make --no-print-directory BUILD="$T/b" programs
line=$(printf '%s\n' "$ERR" | grep -Ev '^make(\[[0-9]+\])?: \*\*\*')
if [ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] &&
	[[ "$line" == "missing libsqlite3-dev (pkg-config sqlite3), libsodium-dev (pkg-config libsodium), "*"; run make deps" ]] &&
	[ ! -d "$T/b/obj" ] && [[ "$OUT" != *CC* ]]; then
	ok "build: one line names the missing packages, before any compile"
else
	notok "build: one line names the missing packages, before any compile" "stdout: $OUT" "stderr: $ERR"
fi
