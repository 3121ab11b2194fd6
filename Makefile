# deskpilot — build, run and test. See README.md.
#
# Conventions (so adding a file never means editing this Makefile):
#   lib/**/*.c            -> $(BUILD)/libdeskpilot.a
#   cgi-bin/<group>/*.c   -> $(BUILD)/cgi-bin/<group>   (one FastCGI binary per group)
#   tools/deskpilot/*.c   -> $(BUILD)/deskpilot         (the command-line tool)
#   tests/unit/test_*.c   -> $(BUILD)/tests/test_*      (one cmocka binary each)

BUILD   ?= build
PKGS    := fcgi mysqlclient json-c libjwt openssl libxcrypt libutf8proc gmime-3.0 libcurl libmagic
SAN     ?=
OPT     ?= -O2
CC      ?= cc
# EXTRA_CFLAGS / EXTRA_LDFLAGS: a distribution's hardening flags (debian/rules).
# DEFAULT_CONFIG: the configuration file read when DESKPILOT_CONFIG is unset (the package's).
CFLAGS  := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
           -Wstrict-prototypes -Wmissing-prototypes -g $(OPT) $(SAN) -Ilib \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS) \
           $(if $(DEFAULT_CONFIG),-DDESKPILOT_DEFAULT_CONFIG='"$(DEFAULT_CONFIG)"')
LDFLAGS := $(SAN) $(EXTRA_LDFLAGS)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm
TESTLIBS := -lcmocka

LIB_SRC  := $(shell find lib -name '*.c' | sort)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB_A    := $(BUILD)/libdeskpilot.a
GROUPS   := $(notdir $(wildcard cgi-bin/*))
CGI_BIN  := $(GROUPS:%=$(BUILD)/cgi-bin/%)
CLI_SRC  := $(wildcard tools/deskpilot/*.c)
CLI_BIN  := $(BUILD)/deskpilot
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all programs deps have-libs run stop test unit integration browser asan bench fmt clean install-cgi fuzz valgrind fresh-test deb
all: programs $(TEST_BIN)
# What is installed: the library, the FastCGI groups and the tool (no cmocka needed).
programs: $(LIB_A) $(CGI_BIN) $(CLI_BIN)

deps:
	@tools/install-deps.sh

# The pkg-config flags above are read when make starts, so a target that installs
# the libraries first (run, test, bench, ...) builds in a second make; a plain
# `make` on a machine without them stops here with a useful message.
have-libs:
	@pkg-config --exists $(PKGS) 2>/dev/null || \
	    { echo "deskpilot: libraries missing: run 'make run' or 'make test' (they install them), or 'make deps'" >&2; exit 1; }

$(BUILD)/obj/%.o: %.c | have-libs
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Objects are build products, not intermediates: keep them for the next make.
.SECONDARY:
.SECONDEXPANSION:
$(CGI_BIN): $(BUILD)/cgi-bin/%: $$(addprefix $(BUILD)/obj/,$$(subst .c,.o,$$(wildcard cgi-bin/$$*/*.c))) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB_A) $(LDLIBS)

$(CLI_BIN): $(CLI_SRC:%.c=$(BUILD)/obj/%.o) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB_A) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS) $(TESTLIBS)

-include $(shell find $(BUILD) -type f -name '*.d' 2>/dev/null)

# make run: install, build, start the whole stack in ./state on $DESKPILOT_PORT (8080).
run: deps
	@$(MAKE) --no-print-directory -j2 all
	@tools/stack.sh start

stop:
	@tools/stack.sh stop

# make test: install, build with -Werror, unit + integration + browser tests.
test: 
	@tools/install-deps.sh --test
	@$(MAKE) --no-print-directory -j2 all
	@BUILD=$(BUILD) tools/run-tests.sh

# make fresh-test: make run, HTTP checks, make stop and make test as a new user runs
# them: as root, in a bare Debian 12 root (cached), from a clean export of HEAD.
fresh-test:
	@tools/fresh-test.sh

# The same suite on an ASan+UBSan build.
asan:
	@tools/install-deps.sh --test
	@$(MAKE) --no-print-directory -j2 BUILD=build-asan OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all
	@BUILD=build-asan tools/run-tests.sh

bench: deps
	@$(MAKE) --no-print-directory -j2 all
	@BUILD=$(BUILD) tools/bench.sh
	@BUILD=$(BUILD) tools/bench-http.sh
	@BUILD=$(BUILD) tools/bench-search.sh
	@BUILD=$(BUILD) tools/db-count.sh
	@tools/install-deps.sh --test
	@BUILD=$(BUILD) tools/bench-cgi.sh
	@if [ "$${BENCH_CLUSTER:-0}" = 1 ]; then BUILD=$(BUILD) tools/bench-cluster.sh; fi

fmt:
	clang-format -i $$(find lib cgi-bin tools tests -name '*.[ch]')

# A VPS: the Debian package (README "A VPS: the Debian package"): ./deskpilot_VERSION_ARCH.deb,
# built with debhelper from a copy of this tree in $(BUILD)/deb, checked by lintian.
deb:
	@tools/install-deps.sh --deb
	@BUILD=$(BUILD) tools/make-deb.sh

# A shared host's Apache (CGI or, with EXT=fcgi, mod_fcgid): README "Shared hosting".
install-cgi: deps
	@test -n "$(DEST)" || { echo "usage: make install-cgi DEST=~/public_html/desk [EXT=fcgi]"; exit 2; }
	@$(MAKE) --no-print-directory -j2 all
	@BUILD=$(BUILD) tools/install-cgi.sh "$(DEST)"

clean:
	rm -rf build build-asan

# Fuzz the parsers (clang + libFuzzer; replays the corpus without clang). FUZZ_SECONDS per target.
fuzz:
	@tests/fuzz/run.sh

# The tickets worker under valgrind with full leak checking, driven over HTTP.
valgrind: deps
	@$(MAKE) --no-print-directory -j2 all
	@BUILD=$(BUILD) tools/valgrind.sh
