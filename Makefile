# storymaster: one non-recursive Makefile. User CFLAGS/LDFLAGS are respected.
#   make            build build/storymaster
#   make demo       install missing packages, build, scan the sample book, write a report
#   make check      the whole test suite, then again under ASan+UBSan
#   make bench      benchmarks that print figures (never timed tests)
CC       ?= cc
PKGS     := libxml-2.0 sqlite3 libpcre2-8 openblas libzip md4c libutf8proc yaml-0.1 hunspell jansson
TESTPKGS := cmocka
STD      := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8
WARN     := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
            -Wshadow -Wvla -Wwrite-strings -Wformat=2 -Wpointer-arith -Wno-format-nonliteral
OPT      ?= -O2 -g
ifdef DEVELOPER
WARN     += -Werror
endif
ifdef SANITIZE
SAN      := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
O        ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = $(STD) $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) -Ianalyzer -Imodel -I$(O)/gen $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
ALL_LDLIBS  = $(PKG_LIBS) -lpthread -lm

LIB_SRCS := $(sort $(wildcard analyzer/base/*.c analyzer/doc/*.c analyzer/ingest/*.c analyzer/segment/*.c \
              analyzer/config/*.c analyzer/book/*.c analyzer/checks/*.c analyzer/checks/consistency/*.c analyzer/rules/*.c analyzer/store/*.c analyzer/report/*.c model/*.c))
CLI_SRCS := $(sort $(wildcard analyzer/cli/*.c analyzer/lsp/*.c))
GEN_SRCS := $(O)/gen/embedded.c
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o) $(O)/gen/embedded.o
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
# Every fuzz harness also built with tests/fuzz/replay.c as its main(), so the
# suite replays its seeds and saved inputs without libFuzzer (tests/sh/0056).
FUZZ_NAMES  := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
REPLAY_BINS := $(FUZZ_NAMES:%=$(O)/tests/replay/%)
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(O)/bench/%)
BIN      := $(O)/storymaster
# Data embedded into the binary: the default model and the shipped rule packs.
EMBED    := $(wildcard model/default.smlm) $(sort $(wildcard rules/*/*.yml)) $(wildcard rules/*.tsv) $(wildcard rules/*/*.tsv)

.PHONY: all deps deps-check demo check check-unit asan check-all valgrind bench bench-model bench-hostile bench-store bench-library eval precision model fuzz fuzz-long fuzz-smoke \
        format lint install clean golden-update compare

all: $(BIN)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(O)/gen/embedded.c: tests/embed.sh $(EMBED)
	@mkdir -p $(@D)
	sh tests/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(O)/gen/embedded.o: $(O)/gen/embedded.c
	$(CC) $(STD) $(OPT) $(SAN) -Ianalyzer $(CFLAGS) -c $< -o $@

$(O)/libsm.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(O)/libsm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(O)/libsm.a $(ALL_LDLIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libsm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null) $(ALL_LDFLAGS) -o $@ $< \
	  $(O)/libsm.a $(ALL_LDLIBS) $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

$(O)/tests/replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz_pipeline.h $(O)/libsm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(O)/libsm.a $(ALL_LDLIBS)

$(O)/bench/%: bench/%.c $(O)/libsm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(O)/libsm.a $(ALL_LDLIBS)

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

deps:
	@sh .ci/deps

# what the tests drive as well (Neovim, python3)
deps-check:
	@sh .ci/deps check

tests-bin: $(BIN) $(UNIT_BINS) $(REPLAY_BINS)

# The suite: unit tests (cmocka), shell and case tests, man-page examples;
# then the same under AddressSanitizer + UndefinedBehaviorSanitizer.
check: deps-check
	@$(MAKE) --no-print-directory DEVELOPER=1 tests-bin
	@rm -f $(O)/check-counts
	@sh tests/run.sh $(O) $(O)/check-counts
	@$(MAKE) --no-print-directory DEVELOPER=1 O=$(O)/asan SANITIZE=address,undefined OPT="-O1 -g" tests-bin
	@sh tests/run.sh $(O)/asan $(O)/check-counts
	@MAKE="$(MAKE)" sh tests/fuzz/smoke.sh $(FUZZ_O) $(O)/check-counts $(FUZZ_SMOKE_SECONDS)
	@sh tests/summary.sh $(O)/check-counts

check-unit: tests-bin
	@rm -f $(O)/check-counts
	@sh tests/run.sh $(O) $(O)/check-counts
	@sh tests/summary.sh $(O)/check-counts

asan:
	@$(MAKE) --no-print-directory O=build/asan SANITIZE=address,undefined OPT="-O1 -g" check-unit

valgrind: tests-bin
	@VALGRIND=1 sh tests/run.sh $(O) $(O)/check-counts

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/demo.sh $(BIN)

bench: $(BIN) $(BENCH_BINS)
	@sh bench/run.sh $(O)

bench-model: $(BIN) $(BENCH_BINS)
	@sh bench/model.sh $(O)

# Hostile documents (bench/hostile/): HOSTILE_N documents mutated from the
# fixtures with a fixed seed, each checked by the ASan+UBSan build; prints
# exit codes, crashes, hangs, bad error lines, peak RSS and the slowest ten.
HOSTILE_N    ?= 10000
HOSTILE_SEED ?= 1
$(O)/bench/hostile/hostile: bench/hostile/hostile.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(OPT) $(shell pkg-config --cflags libzip) -o $@ $< $(shell pkg-config --libs libzip)

bench-hostile: deps $(BIN) $(O)/bench/hostile/hostile $(O)/bench/timeit
	@$(MAKE) --no-print-directory DEVELOPER=1 O=$(O)/asan SANITIZE=address,undefined OPT="-O1 -g" \
	  $(O)/asan/storymaster
	@sh bench/hostile/run.sh $(O) $(HOSTILE_N) $(HOSTILE_SEED)

# The store under kill -9 and concurrency at bench size (bench/store/):
# STORE_KILLS random kills (every 25th with the model), 8 x STORE_SCANS
# concurrent scans on a new store, a kill at every commit.
STORE_KILLS ?= 1000
STORE_SCANS ?= 50
bench-store: deps $(BIN)
	@sh bench/store/run.sh $(O) $(STORE_KILLS) $(STORE_SCANS)

# A press's library (bench/library/): BOOKS books generated from corpus/,
# scanned with -j 1 and -j 2 (with the model: the first MODEL_BOOKS), then
# 8 shards merged; prints books per minute, merge time, peak RSS, the
# projection for 10,000 books and a line per goal.
BOOKS       ?= 200
MODEL_BOOKS ?= 20
bench-library: deps $(BIN)
	@sh bench/library/run.sh $(O) $(BOOKS) $(MODEL_BOOKS)

# The evaluation of our own (bench/eval/): planted defects and false alarms
# on Austen and modern prose; prints figures. EVAL_ARGS=--no-model, -v, ...
EVAL_SRCS := $(sort $(wildcard bench/eval/*.c))
$(O)/bench/eval/eval: $(EVAL_SRCS) $(wildcard bench/eval/*.h) $(O)/libsm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags hunspell) $(ALL_LDFLAGS) -o $@ $(EVAL_SRCS) \
	  $(O)/libsm.a $(ALL_LDLIBS) $(shell pkg-config --libs hunspell)

eval: deps $(O)/bench/eval/eval
	@sh bench/eval/run.sh $(O) $(EVAL_ARGS)

# The precision set (bench/precision/): findings sampled with a fixed seed
# and matched to hand-made labels; prints the useful share per rule and
# family. PRECISION_ARGS=--no-model, --unlabelled FILE, ...
PRECISION_SRCS := $(sort $(wildcard bench/precision/*.c))
$(O)/bench/precision/precision: $(PRECISION_SRCS) $(O)/libsm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(PRECISION_SRCS) $(O)/libsm.a $(ALL_LDLIBS)

precision: deps $(O)/bench/precision/precision
	@sh bench/precision/run.sh $(O) $(PRECISION_ARGS)

model: $(BIN)
	@sh model/train-default.sh $(BIN)

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang into $(FUZZ_O):
# the library is compiled with -fsanitize=fuzzer-no-link,address,undefined and
# each harness linked with -fsanitize=fuzzer. `make fuzz FUZZ_SECONDS=60` then
# runs each for that long on a copy of its seed corpus (tests/fuzz/run.sh);
# FUZZ_NO_CHECKS=1 fuzzes ingest and segment only, several times faster.
FUZZ_CC      ?= clang
FUZZ_O       ?= $(O)/fuzz
FUZZ_SECONDS ?= 0
# make check runs each harness this long (tests/fuzz/smoke.sh); 0 skips it.
FUZZ_SMOKE_SECONDS ?= 20

fuzz:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) CC=$(FUZZ_CC) OPT="-O1 -g" \
	  SANITIZE=fuzzer-no-link,address,undefined $(FUZZ_NAMES:%=$(FUZZ_O)/%)
	@if [ "$(FUZZ_SECONDS)" -gt 0 ]; then \
	  for t in $(FUZZ_NAMES); do sh tests/fuzz/run.sh $(FUZZ_O)/$$t $(FUZZ_SECONDS) || exit 1; done; fi

# Long fuzzing: each harness for FUZZ_LONG_SECONDS (default an hour), its
# corpus kept in $(FUZZ_O)/work/<harness>/corpus from one run to the next;
# prints executions per harness. fuzz-smoke: each for 30 s.
FUZZ_LONG_SECONDS ?= 3600
fuzz-long:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_LONG_SECONDS)
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

$(O)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_pipeline.h $(O)/libsm.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< $(O)/libsm.a $(ALL_LDLIBS)

format:
	clang-format -i $(LIB_SRCS) $(CLI_SRCS) $(wildcard analyzer/*/*.h model/*.h)

lint:
	@sh tests/lint.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/storymaster/rules
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/storymaster
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/
	-install -m 644 $(wildcard man/*.5) $(DESTDIR)$(PREFIX)/share/man/man5/
	cp -R rules/. $(DESTDIR)$(PREFIX)/share/storymaster/rules/

clean:
	rm -rf build

# The before/after test of a step that must not change behaviour: builds
# REV (default HEAD) and compares its output with this build's on the
# corpus, the fixtures and the Word files (bench/compare/run.sh).
REV ?= HEAD
compare: $(BIN)
	@sh bench/compare/run.sh $(O) $(REV)

# Rewrite the golden files from the current build; review the diff by eye.
golden-update: $(BIN)
	for i in 1 2 3 4 5 6; do $(BIN) extract corpus/samples/md/chapter-0$$i.md > tests/golden/extract/chapter-0$$i.txt; done
	$(BIN) extract --format json corpus/samples/md/chapter-04.md > tests/golden/extract/chapter-04.md.json
	for f in md docx; do $(BIN) check --no-model --fail-on never --format json \
		--only consistency,language,structure,style,pacing corpus/samples/$$f > tests/golden/check/samples-$$f.json; done
	rm -f $(O)/golden.db && $(BIN) scan --no-model --quiet --config tests/fixtures/config/all-rules.yml \
		--db $(O)/golden.db corpus/samples/md && $(BIN) report --db $(O)/golden.db --format json | \
		sed -E 's/"(started|ended|scanned_at)":"[^"]*"/"\1":"T"/g' > tests/golden/report/samples-md.json
	git diff --stat tests/golden
