# ejournal — top-level build.  Plain GNU make + pkg-config.
#
#   make            build ejournald and ejournal into build/default
#   make run        deps, build, state directory with the demo school, server on 127.0.0.1:2222
#   make check      deps, ASan+UBSan build in build/asan, every test on a throwaway cluster
#   make bench      -O2 build in build/release, benchmarks (docs/BENCHMARKS.md)
#   make deps       install missing Debian packages, create the `ejournal` system user
#   make install    PREFIX=/usr/local DESTDIR=
#
# Q=@ quiet by default; V=1 shows every command.

BUILD    ?= build/default
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
SBINDIR  ?= $(PREFIX)/sbin
MANDIR   ?= $(PREFIX)/share/man
LOCALEDIR?= $(PREFIX)/share/locale
SYSCONFDIR ?= /etc

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC      ?= cc
PKG     ?= pkg-config
OPT     ?= -O2 -g
SAN     ?=
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wundef -Werror -Wno-format-nonliteral
CSTD    := -std=c11 -D_GNU_SOURCE
PKGS_COMMON := libpq libconfig pangocairo
PKGS_SERVER := libssh
PKGS_CLIENT := ncursesw panelw
PKGS_TEST   := check vterm

pkgcflags = $(shell $(PKG) --cflags $(1))
pkglibs   = $(shell $(PKG) --libs $(1))

CPPFLAGS_ALL := -Icommon -I$(BUILD)/gen -DEJ_LOCALEDIR='"$(LOCALEDIR)"' -DEJ_BINDIR='"$(BINDIR)"' -DEJ_SYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS_ALL   := $(CSTD) $(OPT) $(SAN) $(WARN) $(CPPFLAGS_ALL) -MMD -MP $(CFLAGS)
LDFLAGS_ALL  := $(SAN) $(LDFLAGS)

COMMON_SRC := $(sort $(wildcard common/*.c))
SERVER_SRC := $(sort $(wildcard server/*.c))
CLIENT_SRC := $(sort $(wildcard client/*.c))
TESTLIB_SRC:= $(sort $(wildcard tests/lib/*.c))
SCHEMA     := $(sort $(wildcard schema/*.sql))
PO_PARTS   := $(sort $(wildcard po/ru/*.po))

COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema.o
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o)
CLIENT_OBJ := $(CLIENT_SRC:%.c=$(BUILD)/%.o)
TESTLIB_OBJ:= $(TESTLIB_SRC:%.c=$(BUILD)/%.o)

LIBEJ      := $(BUILD)/libejournal.a
EJOURNALD  := $(BUILD)/ejournald
EJOURNAL   := $(BUILD)/ejournal
MO         := $(BUILD)/locale/ru/LC_MESSAGES/ejournal.mo

# Test programs: one binary per tests/<kind>/*.c file.
TEST_SRC   := $(sort $(wildcard tests/unit/*.c tests/db/*.c tests/screen/*.c tests/ssh/*.c))
TEST_BIN   := $(TEST_SRC:%.c=$(BUILD)/%)
BENCH_SRC  := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN  := $(BENCH_SRC:%.c=$(BUILD)/%)

LIBS_COMMON := $(call pkglibs,$(PKGS_COMMON)) -lcrypt
CFLAGS_COMMON := $(call pkgcflags,$(PKGS_COMMON))

.PHONY: all run check bench bench-bins deps install clean tests po distclean
# Keep test objects (intermediate files of the pattern rules) between runs.
.SECONDARY:
all: $(EJOURNALD) $(EJOURNAL) $(MO)

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/schema.c: $(SCHEMA) $(BUILD)/embed
	@mkdir -p $(@D)
	$(Q)$(BUILD)/embed $@ $(SCHEMA)

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c
	$(Q)$(CC) $(CSTD) $(OPT) $(SAN) -Icommon -c -o $@ $<

$(BUILD)/common/%.o: common/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(CFLAGS_COMMON) -c -o $@ $<

$(BUILD)/server/%.o: server/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(CFLAGS_COMMON) $(call pkgcflags,$(PKGS_SERVER)) -c -o $@ $<

$(BUILD)/client/%.o: client/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(CFLAGS_COMMON) $(call pkgcflags,$(PKGS_CLIENT)) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/lib $(CFLAGS_COMMON) $(call pkgcflags,$(PKGS_TEST)) -c -o $@ $<

$(LIBEJ): $(COMMON_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(EJOURNALD): $(SERVER_OBJ) $(LIBEJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(SERVER_OBJ) $(LIBEJ) $(call pkglibs,$(PKGS_SERVER)) $(LIBS_COMMON)

$(EJOURNAL): $(CLIENT_OBJ) $(LIBEJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLIENT_OBJ) $(LIBEJ) $(call pkglibs,$(PKGS_CLIENT)) $(LIBS_COMMON)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TESTLIB_OBJ) $(LIBEJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(TESTLIB_OBJ) $(LIBEJ) $(call pkglibs,$(PKGS_TEST)) $(call pkglibs,$(PKGS_SERVER)) $(LIBS_COMMON) -lutil

# The Russian catalog is kept in parts (po/ru/*.po, one per area) and merged here.
$(BUILD)/ru.po: $(PO_PARTS)
	@mkdir -p $(@D)
	$(Q)msgcat --use-first -o $@ $(PO_PARTS) && test -f $@ || cp $(firstword $(PO_PARTS)) $@

$(MO): $(BUILD)/ru.po
	@mkdir -p $(@D)
	$(Q)msgfmt --check -o $@ $<

tests: all $(TEST_BIN)

# Named so that BENCH_BIN is expanded in the sub-make, with its BUILD.
bench-bins: all $(BENCH_BIN)

deps:
	$(Q)sh scripts/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh scripts/run.sh $(BUILD)

check: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" tests
	$(Q)bash tests/run.sh build/asan

bench: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build/release OPT="-O2 -DNDEBUG" bench-bins
	$(Q)bash tests/bench/run.sh build/release

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES \
	    $(DESTDIR)$(SYSCONFDIR)/ejournal
	install -m 755 $(EJOURNALD) $(DESTDIR)$(SBINDIR)/ejournald
	install -m 755 $(EJOURNAL) $(DESTDIR)$(BINDIR)/ejournal
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES/ejournal.mo
	for f in man/*.[158]; do install -m 644 $$f $(DESTDIR)$(MANDIR)/man$${f##*.}/; done
	test -e $(DESTDIR)$(SYSCONFDIR)/ejournal/ejournal.conf || \
	    install -m 644 ejournal.conf $(DESTDIR)$(SYSCONFDIR)/ejournal/ejournal.conf

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
