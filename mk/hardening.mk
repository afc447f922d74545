# Hardening: fuzzing, sanitizer and valgrind runs of the test suite, and the
# fault-injection shim the end-to-end tests preload.  Included from the
# Makefile; every build here goes to its own directory so the normal build
# in build/ is never mixed with instrumented objects.
#
#   make fuzz            each libFuzzer target for FUZZ_SECONDS (default 60)
#   make fuzz-ci         each target for FUZZ_CI_SECONDS (30) and every saved
#                        crash input in tests/fuzz/regressions/ replayed
#   make check-asan      everything built with ASan+UBSan into build/asan/,
#                        then the whole test suite run against it
#   make check-valgrind  the end-to-end tests with the binary under valgrind
#   make inject          the LD_PRELOAD fault-injection shim

FUZZ_SECONDS    ?= 60
FUZZ_CI_SECONDS ?= 30
FUZZ_CC         ?= clang
FUZZ_BUILD      := $(BUILD)/fuzz
FUZZ_SAN        := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS     := -O1 -g -std=c11 -D_GNU_SOURCE -DTESTING -DFUZZ_HOME='"$(CURDIR)"' -Isrc -fno-omit-frame-pointer \
                   $(FUZZ_SAN)
# One target per input parser: scalars (base/parse), YAML (base/yamldoc),
# CSV input (store/csvin), the import (store/import), templates
# (report/template) and chart definitions (report/chartdef).
FUZZ_TARGETS    := fuzz_scalars fuzz_yaml fuzz_csvin fuzz_import fuzz_template fuzz_chartdef
FUZZ_BIN        := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJ    := $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)

ASAN_BUILD      := $(BUILD)/asan
ASAN_FLAGS      := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# Sanitizer reports go to log files (never mixed into the output a test
# checks) and use exit codes no command of reliefstat uses.
ASAN_ENV        := ASAN_OPTIONS=detect_leaks=1:exitcode=86:log_path=$(CURDIR)/$(ASAN_BUILD)/logs/asan \
                   LSAN_OPTIONS=exitcode=86:suppressions=$(CURDIR)/tests/lsan.supp \
                   UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1:log_path=$(CURDIR)/$(ASAN_BUILD)/logs/ubsan

VG_BUILD        := $(BUILD)/vg
INJECT_SO       := $(BUILD)/inject/libinject.so

.PHONY: fuzz fuzz-ci fuzz-build check-asan check-valgrind inject

# ---- fuzzing --------------------------------------------------------------

$(FUZZ_BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(say) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# An archive, so that each target links only the modules it reaches (not
# the command functions, which need main.c).
$(FUZZ_BUILD)/libfuzz.a: $(FUZZ_LIB_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_BUILD)/libfuzz.a
	@mkdir -p $(@D)
	$(say) FUZZLD $@
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(notdir $(FUZZ_BIN))

fuzz-ci:
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CI_SECONDS) $(notdir $(FUZZ_BIN))

# ---- sanitizers -----------------------------------------------------------
# (Built without -Werror: sanitizer builds at -O1 warn where the normal
# build does not, e.g. -Wformat-truncation; the normal build keeps -Werror.)

check-asan:
	@scripts/setup.sh test
	@rm -rf $(ASAN_BUILD)/logs && mkdir -p $(ASAN_BUILD)/logs
	@env CI= CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) all units
	@$(MAKE) --no-print-directory inject
	@env $(ASAN_ENV) RELIEFSTAT_BIN=$(CURDIR)/$(ASAN_BUILD)/reliefstat \
	    RELIEFSTAT_BUILD=$(ASAN_BUILD) RELIEFSTAT_SANITIZED=1 tests/run.sh; rc=$$?; \
	    tests/fuzz/scan-logs.sh "check-asan" $(ASAN_BUILD)/logs && exit $$rc

# ---- valgrind -------------------------------------------------------------

check-valgrind:
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory all inject
	@rm -rf $(VG_BUILD) && mkdir -p $(VG_BUILD)/logs
	@printf '#!/bin/sh\nexec valgrind --quiet --num-callers=40 --error-exitcode=88 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-fds=no --suppressions=%s --log-file=%s/vg.%%p.log %s "$$@"\n' \
	    "$(CURDIR)/tests/valgrind.supp" "$(CURDIR)/$(VG_BUILD)/logs" "$(CURDIR)/$(BIN)" >$(VG_BUILD)/reliefstat
	@chmod +x $(VG_BUILD)/reliefstat
	@env RELIEFSTAT_BIN=$(CURDIR)/$(VG_BUILD)/reliefstat RELIEFSTAT_VALGRIND=1 tests/run.sh e2e; \
	    rc=$$?; tests/fuzz/scan-logs.sh "check-valgrind" $(VG_BUILD)/logs && exit $$rc

# ---- fault injection ------------------------------------------------------

inject: $(INJECT_SO)

$(INJECT_SO): tests/inject/inject.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -fPIC -shared -o $@ $< -ldl

-include $(wildcard $(FUZZ_BUILD)/obj/*/*.d)
