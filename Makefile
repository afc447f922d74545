# reliefstat build.  `make` builds, `make test` runs every test (after
# check-layers, check-functions and format-check, each under a second), `make demo`
# runs the engine on the bundled sample.  Quiet by default; V=1 shows commands.
# Libraries come from pkg-config; CI=true (set by CI) adds -Werror.

PKGS     := sqlite3 libpq xlsxwriter cairo pangocairo pango glib-2.0 yaml-0.1
CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -MMD -MP -Isrc
ifeq ($(CI),true)
CFLAGS   += -Werror
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n'
endif

BUILD    := build
# src/LAYER/*.c (src/README.md); objects go to build/obj/LAYER/.
LIB_SRC  := $(wildcard src/*/*.c)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TLIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/tobj/%.o)
BIN      := $(BUILD)/reliefstat
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.SECONDARY:

.PHONY: all deps test unit e2e demo clean format format-check check-layers check-functions bench fuzz check-asan check-valgrind

all: $(BIN)

deps:
	@scripts/setup.sh build

$(BIN): $(LIB_OBJ) $(BUILD)/obj/main.o
	$(say) LINK $@
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Unit tests link the library objects built with -DTESTING, so that
# functions marked STATIC are reachable from the tests.  Only the sources
# and objects are passed on: the -MMD file of a test lists the headers too,
# which an incremental rebuild would otherwise hand to the compiler.
$(BUILD)/tobj/%.o: src/%.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -DTESTING $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(TLIB_OBJ)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -DTESTING $(PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) $(CMOCKA_LIBS) $(LDFLAGS)

test: check-layers check-functions
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory format-check all units
	@tests/run.sh

units: $(UNIT_BIN)

unit: units
	@tests/run.sh unit

e2e: all
	@tests/run.sh e2e

demo:
	@scripts/setup.sh build
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

bench:
	@scripts/setup.sh bench
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh

FORMAT_SRC := $(wildcard src/*.c src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c tests/fuzz/*.h tests/inject/*.c)

# The include rule of src/README.md: a file includes its own layer and those below.
check-layers:
	@scripts/check-layers.sh src

# No C function over 80 lines, but in the sample generator.
FUNCTIONS_EXEMPT := src/sample
check-functions:
	@scripts/check-functions.sh $(FUNCTIONS_EXEMPT:%=-x %) src tests/unit tests/fuzz tests/inject

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_SRC) && echo "format-check: ok"

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/tobj/*/*.d $(BUILD)/tests/*.d)
include mk/hardening.mk
