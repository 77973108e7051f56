# earlynet - boot-time early networking for hypervisor nodes
#
#   make            ./earlynet        (libnl, inih static; libc, libudev dynamic)
#   make static     ./earlynet-static (fully static, no udev)
#   make check      every test tier this machine can run
#   make test-bins  build/test/: test builds (-DEARLYNET_TESTING) and drivers
#   make demo       boot node01 in a VM against a simulated LACP switch
#   make deps       install the Debian build and test packages (apt-get)
#   make fuzz       run the libFuzzer targets for a while (clang)
#   make install    DESTDIR, PREFIX honoured
#   make deb        build/deb/earlynet_VERSION_ARCH.deb (dpkg-buildpackage, lintian)
#   V=1             show the commands

VERSION    ?= 0.1.0
PREFIX     ?= /usr
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR    ?= /lib/systemd/system
LINKDIR    ?= /lib/systemd/network
DOCDIR     ?= $(PREFIX)/share/doc/earlynet
DRACUTDIR  ?= $(PREFIX)/lib/dracut/modules.d
DESTDIR    ?=

CC         ?= cc
PKG_CONFIG ?= pkg-config
OPT        ?= -O2
CFLAGS     ?= $(OPT) -g
HARDEN     := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
              -Wstrict-prototypes -Wmissing-prototypes -MMD -MP \
              -ffunction-sections -fdata-sections $(HARDEN) \
              -DEARLYNET_VERSION='"$(VERSION)"' $(CFLAGS)
NL_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libnl-route-3.0 inih 2>/dev/null)
LDFLAGS_ALL := -Wl,--gc-sections -Wl,-z,relro -Wl,-z,now $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRC    := $(wildcard src/*.c)
# Everything that talks to the kernel or the outside; the rest is pure and
# linked into the unit tests as it is.
IMPURE := $(filter src/main.c src/sys-%.c src/engine%.c src/apply%.c \
            src/wait%.c src/status%.c src/state%.c src/hooks%.c, $(SRC))
PURE   := $(filter-out $(IMPURE),$(SRC))

OBJ        := $(SRC:src/%.c=build/dyn/%.o)
STATIC_OBJ := $(SRC:src/%.c=build/static/%.o)

UNIT_SRC   := $(wildcard tests/unit/test-*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
UNIT_ASAN  := $(UNIT_SRC:tests/unit/%.c=build/unit-asan/%)
UNIT_HELP  := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))
SANITIZE   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

all: earlynet

earlynet: $(OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -pie $(LDFLAGS_ALL) -o $@ $^ -Wl,-Bstatic -lnl-route-3 -lnl-3 -linih \
		-Wl,-Bdynamic -ludev -lpthread

static: earlynet-static
earlynet-static: $(STATIC_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -static $(LDFLAGS_ALL) -o $@ $^ -lnl-route-3 -lnl-3 -linih -lpthread

build/dyn/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -fPIE $(NL_CFLAGS) -DHAVE_UDEV=1 -c -o $@ $<

build/static/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) $(NL_CFLAGS) -DHAVE_UDEV=0 -c -o $@ $<

# Unit tests: the test file, the pure modules and any helper in tests/unit.
build/unit/%: tests/unit/%.c $(PURE) $(UNIT_HELP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -O0 $(NL_CFLAGS) -DHAVE_UDEV=0 -Isrc -o $@ $(filter %.c,$^) -lcmocka -linih

build/unit-asan/%: tests/unit/%.c $(PURE) $(UNIT_HELP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  ASAN    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -O1 $(SANITIZE) $(NL_CFLAGS) -DHAVE_UDEV=0 -Isrc -o $@ $(filter %.c,$^) -lcmocka -linih

# test-engine: the engine against a scripted kernel. The impure modules it
# runs are linked as they are; tests/unit/fake/fake-sys.c takes the place
# of src/sys-*.c (link-time substitution, no #ifdef in src/).
ENGINE_IMPURE := src/engine.c src/apply.c src/wait.c src/state.c src/hooks.c src/status.c
FAKE_SRC      := $(wildcard tests/unit/fake/*.c)
build/unit/test-engine build/unit-asan/test-engine: $(ENGINE_IMPURE) $(FAKE_SRC) \
	$(wildcard tests/unit/fake/*.h)

unit: $(UNIT_BIN) $(UNIT_ASAN)

# Test builds: the same sources compiled with -DEARLYNET_TESTING, which
# adds what only tests may use (EARLYNET_TEST_KILL_AFTER, and the old
# EARLYNET_STATE/EARLYNET_CMDLINE variables). Never installed: the product
# is ./earlynet and ./earlynet-static. Also the test drivers that link
# impure modules (tests/hooks, tests/netns/t-sys.sh), with the full flags.
TEST_OBJ        := $(SRC:src/%.c=build/test-dyn/%.o)
TEST_STATIC_OBJ := $(SRC:src/%.c=build/test-static/%.o)
test-bins: build/test/earlynet build/test/earlynet-static build/test/hooks-driver build/test/sys-smoke

build/test/earlynet: $(TEST_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -pie $(LDFLAGS_ALL) -o $@ $^ -Wl,-Bstatic -lnl-route-3 -lnl-3 -linih \
		-Wl,-Bdynamic -ludev -lpthread

build/test/earlynet-static: $(TEST_STATIC_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -static $(LDFLAGS_ALL) -o $@ $^ -lnl-route-3 -lnl-3 -linih -lpthread

build/test-dyn/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -DEARLYNET_TESTING=1 -fPIE $(NL_CFLAGS) -DHAVE_UDEV=1 -c -o $@ $<

build/test-static/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -DEARLYNET_TESTING=1 $(NL_CFLAGS) -DHAVE_UDEV=0 -c -o $@ $<

build/test/hooks-driver: tests/hooks/driver.c src/hooks.c src/state.c src/stale.c src/json.c src/log.c src/trust.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -Isrc -o $@ $^

build/test/sys-smoke: tests/netns/sys-smoke.c $(wildcard src/sys-*.c) src/kstate.c src/model.c src/procbond.c src/lldp.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -O1 $(NL_CFLAGS) -DHAVE_UDEV=1 -Isrc -o $@ $^ -lnl-route-3 -lnl-3 -ludev

deps:
	@tests/deps

check: deps
	$(Q)$(MAKE) --no-print-directory all static unit test-bins
	$(Q)tests/run

demo: deps
	$(Q)$(MAKE) --no-print-directory static
	$(Q)tests/vm/demo

FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
# The pure modules plus sys-parse.c, the socket-free part of sys-*.c.
build/fuzz/%: tests/fuzz/%.c $(PURE) src/sys-parse.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)clang $(filter-out -MMD -MP,$(CFLAGS_ALL)) -O1 -fsanitize=fuzzer,address,undefined $(NL_CFLAGS) -DHAVE_UDEV=0 -Isrc -o $@ $^ -linih -lnl-3
fuzz-build: $(FUZZ_BIN)
fuzz: fuzz-build
	$(Q)tests/fuzz/run $(FUZZ_SECONDS)

install: earlynet
	install -D -m 0755 earlynet $(DESTDIR)$(SBINDIR)/earlynet
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/earlynet/hooks/up.d \
		$(DESTDIR)$(SYSCONFDIR)/earlynet/hooks/fallback.d \
		$(DESTDIR)$(SYSCONFDIR)/earlynet/hooks/failed.d
	for f in conf/*.ini conf/*.yml; do install -D -m 0644 $$f $(DESTDIR)$(DOCDIR)/examples/$${f##*/}; done
	for f in $$(find hooks -type f); do install -D -m 0755 $$f $(DESTDIR)$(DOCDIR)/$$f; done
	install -D -m 0755 initramfs-tools/hooks/earlynet $(DESTDIR)$(PREFIX)/share/initramfs-tools/hooks/earlynet
	install -D -m 0755 initramfs-tools/scripts/init-premount/earlynet \
		$(DESTDIR)$(PREFIX)/share/initramfs-tools/scripts/init-premount/earlynet
	for f in dracut/90earlynet/*; do install -D -m 0755 $$f $(DESTDIR)$(DRACUTDIR)/90earlynet/$${f##*/}; done
	install -D -m 0644 init/earlynet.service $(DESTDIR)$(UNITDIR)/earlynet.service
	install -D -m 0644 init/earlynet-wait-online.service $(DESTDIR)$(UNITDIR)/earlynet-wait-online.service
	install -D -m 0644 init/90-earlynet-keep-mac.link $(DESTDIR)$(LINKDIR)/90-earlynet-keep-mac.link
	install -D -m 0755 init/earlynet.sh $(DESTDIR)$(SYSCONFDIR)/init.d/earlynet
	install -D -m 0644 init/earlynet.tmpfiles $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/earlynet.conf
	for m in man/*.[0-9]; do s=$${m##*.}; install -D -m 0644 "$$m" "$(DESTDIR)$(MANDIR)/man$$s/$${m##*/}"; done

# The package is built from a copy of the tree in build/deb/, so that
# dpkg-buildpackage leaves this tree clean and puts the .deb next to it.
DEB_SRC := build/deb/earlynet-$(VERSION)
deb:
	rm -rf build/deb
	mkdir -p $(DEB_SRC)
	tar -cf - --exclude=./build --exclude=./.git --exclude='.cache' \
		--exclude=./earlynet --exclude=./earlynet-static . | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -b -us -uc
	lintian --fail-on error build/deb/earlynet_*.changes
	@ls build/deb/*.deb

clean:
	rm -rf build earlynet earlynet-static

.PHONY: all static unit test-bins deps check demo fuzz fuzz-build install deb clean
-include $(wildcard build/*/*.d)
