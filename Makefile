# Makefile - the meetup kiosk. `make demo` and `make check` first install what
# is missing (tools/deps.sh, apt-get), then build. Everything else: see `make help`.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config

PKGS = sqlite3 libsodium libqrencode libpng libjpeg libwebp zbar sdl2 SDL2_ttf SDL2_image libpq
# Our flags come after the user's CFLAGS so setting CFLAGS never drops them.
KCFLAGS = $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP \
	-DKIOSK_PREFIX='"$(PREFIX)"' -Ikiosk -I. \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
KLIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm -lpthread
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# Objects go under $(BUILD)/obj so $(BUILD)/kiosk can be the program.
# The layers (docs/layers.md): kiosk/core (pure rules), kiosk/scan, kiosk/store,
# kiosk/ui, kiosk/io, sync/, kiosk/sdl, kiosk/cli (front ends). Every .c in
# them except the two mains goes into one library, so new modules need no
# Makefile change. tests/support (synthetic QR views) is linked into tests only.
LAYERS   = kiosk/core kiosk/scan kiosk/store kiosk/ui kiosk/io kiosk/sdl kiosk/cli sync
MAINS    = kiosk/cli/main.c kiosk/cli/sync_main.c kiosk/cli/screen_main.c kiosk/cli/scan_main.c
LIB_SRC  = $(filter-out $(MAINS),$(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
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

.PHONY: all deps check test bench demo asan fuzz install uninstall clean help screenshots

all: $(PROGRAMS) $(TEST_BIN) $(BENCH_BIN)

help:
	@echo "make demo     install missing packages, build, prepare a demo event, open the kiosk"
	@echo "make check    install missing packages, build, run every test"
	@echo "make all      build $(BUILD)/kiosk and $(BUILD)/kiosk-sync (no installs)"
	@echo "make bench    print the performance figures"
	@echo "make screenshots  PNGs of every door, feedback and orders screen (bn, en; 800x480, 1920x1080) in $(BUILD)/screenshots"
	@echo "make asan     build with address/UB sanitizers into build-asan and run the tests"
	@echo "make fuzz     run every fuzz target for a short, bounded time (clang)"
	@echo "make install  PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"

deps:
	@tools/deps.sh

# V=1 shows the full commands.
Q = $(if $(V),,@)
$(BUILD)/obj/%.o: %.c
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

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" all
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp tests/run.sh

# A PNG of every door screen in both languages at 800x480 and 1920x1080,
# rendered off-screen, so no display is needed.
screenshots: all
	@BUILD=$(BUILD) tools/screenshots.sh $(BUILD)/screenshots
	@BUILD=$(BUILD) tools/shop_screenshots.sh $(BUILD)/screenshots

bench: all
	@BUILD=$(BUILD) tests/bench.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) tools/demo.sh

# Fuzz targets link the whole library built by clang with the fuzzer's
# coverage; each runs for FUZZ_SECONDS with a memory cap.
FUZZ_SECONDS ?= 20
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" build-fuzz/libkiosk.a build-fuzz/libsupport.a
	@mkdir -p build-fuzz/fuzz
	@set -e; for f in $(FUZZ_SRC); do \
		n=$$(basename $$f .c); \
		clang $(FUZZ_FLAGS) -fsanitize=fuzzer -std=c11 -D_GNU_SOURCE -Ikiosk -I. \
			$$($(PKG_CONFIG) --cflags $(PKGS)) -o build-fuzz/fuzz/$$n $$f build-fuzz/libsupport.a build-fuzz/libkiosk.a $(KLIBS); \
		mkdir -p build-fuzz/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		build-fuzz/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -max_len=4096 \
			build-fuzz/corpus/$$n tests/fuzz-seeds/$$n 2>build-fuzz/fuzz/$$n.log \
			|| { tail -30 build-fuzz/fuzz/$$n.log; exit 1; }; \
		grep -E "^Done|#[0-9]+.*DONE" build-fuzz/fuzz/$$n.log | tail -1; \
	done

install: $(PROGRAMS)
	install -d $(DESTDIR)$(PREFIX)/libexec/kiosk
	install -m 755 $(HELPERS) $(DESTDIR)$(PREFIX)/libexec/kiosk/
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kiosk/fonts \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/kiosk/assets
	install -m 755 $(BUILD)/kiosk $(BUILD)/kiosk-sync $(DESTDIR)$(PREFIX)/bin/
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/kiosk/fonts/
	install -m 644 assets/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp -R assets/. $(DESTDIR)$(PREFIX)/share/kiosk/assets/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kiosk $(DESTDIR)$(PREFIX)/bin/kiosk-sync
	rm -rf $(DESTDIR)$(PREFIX)/libexec/kiosk
	rm -rf $(DESTDIR)$(PREFIX)/share/kiosk
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/kiosk.1 $(DESTDIR)$(PREFIX)/share/man/man1/kiosk-sync.1

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
