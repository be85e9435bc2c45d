# Makefile - the meetup kiosk. `make demo` and `make check` first install what
# is missing (tools/deps.sh, apt-get), then build. Everything else: see `make help`.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config

PKGS = sqlite3 libsodium libqrencode libpng libjpeg libwebp zbar sdl2 SDL2_ttf SDL2_image libpq
TEST_PKGS = cmocka
# The Debian package that provides each pkg-config name, for the one line a
# missing library gets (`make pkgcheck`); tools/deps.sh installs them.
PKG_DEB = sqlite3:libsqlite3-dev libsodium:libsodium-dev libqrencode:libqrencode-dev \
	libpng:libpng-dev libwebp:libwebp-dev libjpeg:libjpeg-dev zbar:libzbar-dev \
	sdl2:libsdl2-dev SDL2_ttf:libsdl2-ttf-dev SDL2_image:libsdl2-image-dev \
	libpq:libpq-dev cmocka:libcmocka-dev
# Asked once per make run (pkgcheck stops the build first if one is missing).
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# Our flags come after the user's CFLAGS so setting CFLAGS never drops them;
# CPPFLAGS and LDFLAGS (dpkg-buildflags' hardening) are passed through.
KCFLAGS = $(CPPFLAGS) $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP \
	-Ikiosk -I. $(PKG_CFLAGS)
KLIBS = $(PKG_LIBS) -lm -lpthread
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

# Where `make install` puts things (README.md, "Installing").
BINDIR   = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/kiosk
LIBEXECDIR = $(PREFIX)/libexec/kiosk
MANDIR   = $(PREFIX)/share/man/man1
APPDIR   = $(PREFIX)/share/applications
ICONDIR  = $(PREFIX)/share/icons/hicolor/scalable/apps
# Debian 12 keeps packaged units in /lib/systemd/system; any other prefix
# gets PREFIX/lib/systemd/system (systemd reads /usr/local/lib/systemd/system).
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
MANPAGES = $(wildcard assets/man/*.1)
SHARE_ASSETS = sounds courier demo

# Objects go under $(BUILD)/obj so $(BUILD)/kiosk can be the program.
# The layers (docs/layers.md): kiosk/core (pure rules), kiosk/scan, kiosk/store,
# kiosk/ui, kiosk/io, sync/, kiosk/sdl, kiosk/cli (front ends). Every .c in
# them except the two mains goes into one library, so new modules need no
# Makefile change. tests/support (synthetic QR views) is linked into tests only.
LAYERS   = kiosk/core kiosk/scan kiosk/store kiosk/ui kiosk/io kiosk/sdl kiosk/cli sync
MAINS    = kiosk/cli/main.c kiosk/cli/sync_main.c kiosk/cli/screen_main.c kiosk/cli/scan_main.c
LIB_SRC  = $(filter-out $(MAINS),$(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
# The Bengali catalog, compiled from assets/po/bn.po (docs/translations.md).
GEN_OBJ  = $(BUILD)/obj/gen/po_bn.o
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_OBJ)
SUPPORT_SRC = $(wildcard tests/support/*.c)
SUPPORT_OBJ = $(SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(wildcard tests/bench_*.c)
BENCH_BIN = $(BENCH_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz_*.c)

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The programs. `kiosk run` and `kiosk scan` exec kiosk-screen and kiosk-scan
# (kiosk/cli/helper.c), installed in PREFIX/libexec/kiosk, so that a
# `kiosk checkin` loads no SDL, audio, camera or zbar: each program links
# only the archive members it calls and, with --as-needed, only the shared
# libraries those call.
HELPERS  = $(BUILD)/kiosk-screen $(BUILD)/kiosk-scan
PROGRAMS = $(BUILD)/kiosk $(BUILD)/kiosk-sync $(HELPERS)
PROG_LIBS = -Wl,--as-needed $(KLIBS)

# Keep test objects: they are inputs of several links.
.SECONDARY:

.PHONY: all programs deps check test bench demo asan fuzz install uninstall deb clean help \
	screenshots po pkgcheck pkgcheck-tests FORCE

all: programs $(TEST_BIN) $(BENCH_BIN)

programs: $(PROGRAMS) $(BUILD)/kiosk-door.service

help:
	@echo "make demo     install missing packages, build, prepare a demo event, open the kiosk"
	@echo "make check    install missing packages, build, run every test"
	@echo "make all      build $(BUILD)/kiosk and $(BUILD)/kiosk-sync (no installs)"
	@echo "make bench    print the performance figures"
	@echo "make screenshots  PNGs of every door, feedback and orders screen (bn, en; 800x480, 1920x1080) in $(BUILD)/screenshots"
	@echo "make asan     build with address/UB sanitizers into build-asan and run the tests"
	@echo "make fuzz     run every fuzz target for a short, bounded time (clang)"
	@echo "make install  PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) (make uninstall takes the same)"
	@echo "make deb      a Debian package in $(BUILD)/deb (dpkg-buildpackage, then lintian)"
	@echo "make po       refresh assets/po/bn.po's msgids from the code (docs/translations.md)"

deps:
	@tools/deps.sh

# A missing library: one line naming its Debian package, before any compile.
# $(1): pkg-config names.
define pkgcheck_sh
	@command -v $(PKG_CONFIG) >/dev/null || { echo "missing pkg-config; run make deps" >&2; exit 1; }
	@m=""; for p in $(1); do \
		$(PKG_CONFIG) --exists $$p && continue; \
		d="the package with $$p.pc"; \
		for e in $(PKG_DEB); do [ "$${e%%:*}" = "$$p" ] && d=$${e#*:}; done; \
		m="$${m:+$$m, }$$d (pkg-config $$p)"; \
	done; \
	[ -z "$$m" ] || { echo "missing $$m; run make deps" >&2; exit 1; }
endef
pkgcheck:
	$(call pkgcheck_sh,$(PKGS))
pkgcheck-tests:
	$(call pkgcheck_sh,$(TEST_PKGS))

# The prefix the programs are built for. The file changes only when PREFIX
# does, so `make install PREFIX=/usr` after `make` rebuilds what holds the
# prefix (sharedir.o, the systemd unit) and nothing else.
$(BUILD)/prefix: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = '$(PREFIX)' ] || printf '%s\n' '$(PREFIX)' >$@
FORCE:
$(BUILD)/obj/kiosk/io/sharedir.o: $(BUILD)/prefix
$(BUILD)/obj/kiosk/io/sharedir.o: KCFLAGS += -DKIOSK_PREFIX='"$(PREFIX)"'

# V=1 shows the full commands.
Q = $(if $(V),,@)
$(BUILD)/obj/tests/%.o: tests/%.c | pkgcheck pkgcheck-tests
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.c | pkgcheck
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

# po2c runs on the build machine, so it is built without the target's flags.
HOSTCC ?= cc
$(BUILD)/po2c: tools/po2c.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/po_bn.c: assets/po/bn.po $(BUILD)/po2c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  PO2C    $<")
	$(Q)$(BUILD)/po2c $< $@

$(GEN_OBJ): $(BUILD)/gen/po_bn.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/libkiosk.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/libsupport.a: $(SUPPORT_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/kiosk: $(BUILD)/obj/kiosk/cli/main.o $(BUILD)/libkiosk.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PROG_LIBS)

$(BUILD)/kiosk-sync: $(BUILD)/obj/kiosk/cli/sync_main.o $(BUILD)/libkiosk.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PROG_LIBS)

$(BUILD)/kiosk-screen: $(BUILD)/obj/kiosk/cli/screen_main.o $(BUILD)/libkiosk.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PROG_LIBS)

$(BUILD)/kiosk-scan: $(BUILD)/obj/kiosk/cli/scan_main.o $(BUILD)/libkiosk.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PROG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libsupport.a $(BUILD)/libkiosk.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(KLIBS) $(TEST_LIBS)

test: all
	@BUILD=$(BUILD) tests/run.sh

check: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) tests/run.sh

# The tests get the sanitizer flags too, so a test that relinks (e2e_install)
# links the same way.
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" all
	@BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" ASAN_OPTIONS=detect_leaks=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp tests/run.sh

# A PNG of every door screen in both languages at 800x480 and 1920x1080,
# rendered off-screen, so no display is needed.
screenshots: all
	@BUILD=$(BUILD) tools/screenshots.sh $(BUILD)/screenshots
	@BUILD=$(BUILD) tools/shop_screenshots.sh $(BUILD)/screenshots

bench: all
	@BUILD=$(BUILD) tests/bench.sh

# The peer decoder for the scanner bench only (tests/bench_scan.sh builds
# these when libzxing-dev is installed): never linked into the programs.
ZXING_OBJ = $(BUILD)/obj/tests/bench_zxing.o
$(ZXING_OBJ): tests/bench_zxing.cpp tests/bench_zxing.h
	@mkdir -p $(dir $@)
	$(Q)$(CXX) -O2 -std=c++17 -I. $$($(PKG_CONFIG) --cflags zxing) -c -o $@ $<
$(BUILD)/obj/tests/bench_qrframe_zx.o: tests/bench_qrframe.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) -DWITH_ZXING -Itests -c -o $@ $<
$(BUILD)/tests/bench_qrframe_zx: $(BUILD)/obj/tests/bench_qrframe_zx.o $(ZXING_OBJ) $(BUILD)/libsupport.a $(BUILD)/libkiosk.a
	@mkdir -p $(dir $@)
	$(Q)$(CXX) -o $@ $^ $(KLIBS) $$($(PKG_CONFIG) --libs zxing)
$(BUILD)/tests/zxing-scan: $(BUILD)/obj/tests/zxing_scan.o $(ZXING_OBJ) $(BUILD)/libkiosk.a
	@mkdir -p $(dir $@)
	$(Q)$(CXX) -o $@ $^ $(KLIBS) $$($(PKG_CONFIG) --libs zxing)
bench-zxing: $(BUILD)/tests/bench_qrframe_zx $(BUILD)/tests/zxing-scan

demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) tools/demo.sh

# Fuzz targets link the whole library built by clang with the fuzzer's
# coverage; each runs for FUZZ_SECONDS with a memory cap, FUZZ_JOBS (2) at a
# time (tests/fuzz.sh). Every target runs even after one fails; the closing
# line counts them like tests/run.sh.
FUZZ_SECONDS ?= 20
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" build-fuzz/libkiosk.a build-fuzz/libsupport.a
	@FUZZ_SRC="$(FUZZ_SRC)" FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FLAGS="$(FUZZ_FLAGS)" \
		PKG_CFLAGS="$(PKG_CFLAGS)" KLIBS="$(KLIBS)" tests/fuzz.sh

# After adding or changing an English string (N_() in the code): refresh the
# msgids of assets/po/bn.po, then translate what msgfmt counts as untranslated
# or fuzzy (docs/translations.md). tests/e2e_po.sh does the same check.
XGETTEXT = xgettext --from-code=UTF-8 -k -kN_ -kNC_:1c,2 --add-comments=TRANSLATORS: \
	--no-wrap --add-location=file --sort-by-file --package-name=kiosk
po:
	@mkdir -p $(BUILD)
	$(XGETTEXT) -o $(BUILD)/kiosk.pot $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
	msgmerge --quiet --update --backup=none --no-wrap assets/po/bn.po $(BUILD)/kiosk.pot
	msgfmt -c --statistics -o /dev/null assets/po/bn.po

# The systemd unit names the installed program, so it is made per PREFIX.
$(BUILD)/kiosk-door.service: assets/systemd/kiosk-door.service.in $(BUILD)/prefix
	@mkdir -p $(dir $@)
	$(Q)sed 's|@BINDIR@|$(BINDIR)|g' $< >$@

# README.md, "Installing", lists where each thing goes; tests/e2e_install.sh
# checks the list and that uninstall takes all of it away again.
install: programs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/fonts $(DESTDIR)$(MANDIR) \
		$(DESTDIR)$(APPDIR) $(DESTDIR)$(ICONDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(LIBEXECDIR) \
		$(SHARE_ASSETS:%=$(DESTDIR)$(SHAREDIR)/assets/%)
	install -m 755 $(BUILD)/kiosk $(BUILD)/kiosk-sync $(DESTDIR)$(BINDIR)/
	install -m 755 $(HELPERS) $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(SHAREDIR)/fonts/
	for d in $(SHARE_ASSETS); do install -m 644 assets/$$d/* $(DESTDIR)$(SHAREDIR)/assets/$$d/ || exit 1; done
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/
	install -m 644 assets/kiosk.desktop $(DESTDIR)$(APPDIR)/kiosk.desktop
	install -m 644 assets/kiosk.svg $(DESTDIR)$(ICONDIR)/kiosk.svg
	install -m 644 $(BUILD)/kiosk-door.service $(DESTDIR)$(UNITDIR)/kiosk-door.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kiosk $(DESTDIR)$(BINDIR)/kiosk-sync
	rm -rf $(DESTDIR)$(LIBEXECDIR)
	rm -rf $(DESTDIR)$(SHAREDIR)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/,$(notdir $(MANPAGES)))
	rm -f $(DESTDIR)$(APPDIR)/kiosk.desktop $(DESTDIR)$(ICONDIR)/kiosk.svg \
		$(DESTDIR)$(UNITDIR)/kiosk-door.service

# A Debian package from debian/: dpkg-buildpackage in a copy of the tree, so
# the .deb, .buildinfo and .changes land in $(BUILD)/deb; then lintian.
deb:
	@tools/deps.sh deb
	rm -rf $(BUILD)/deb
	mkdir -p $(BUILD)/deb/src
	tar --exclude=./build --exclude='./build-*' --exclude='./$(BUILD)' --exclude=./.git --exclude=./demo \
		-cf - . | \
		tar -xf - -C $(BUILD)/deb/src
	cd $(BUILD)/deb/src && dpkg-buildpackage -us -uc -b
	lintian --display-info $(BUILD)/deb/*.changes
	@ls $(BUILD)/deb/*.deb

clean:
	rm -rf build build-asan build-fuzz $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
