#!/bin/sh
# deps.sh [deb] - install the Debian packages the kiosk needs to build, test
# and run (and with "deb", to build its .deb: `make deb`), only those that
# are missing. Uses sudo when not root. Quiet when all is there.
set -eu

PKGS="build-essential pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3 libsodium-dev libqrencode-dev libpng-dev libjpeg62-turbo-dev libwebp-dev
libzbar-dev zbar-tools libcmocka-dev qrencode
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libpq-dev postgresql postgresql-client
bc xvfb xauth xdotool x11-apps imagemagick chromium fonts-noto-core strace
gettext desktop-file-utils systemd
cups cups-client printer-driver-cups-pdf poppler-utils"
# make deb: dpkg-buildpackage with debhelper, and lintian to check the result.
[ "${1:-}" = deb ] && PKGS="$PKGS debhelper dpkg-dev lintian"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
