# PostTrace: two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
PORT ?= 8080
DEMO_DB ?= .build/demo.db
PREFIX ?= /usr/local

.PHONY: deps build release install test run bench fuzz fuzz-api fuzz-parsers soak crash clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product posttrace

# The binary and its resource bundles into $(PREFIX)/lib/posttrace, linked from $(PREFIX)/bin/posttrace.
install: release
	bash scripts/install.sh $(PREFIX)

# All tests: unit, contract (SQLite and a throwaway PostgreSQL), real HTTP server, real Chromium, CLI binary, and
# Schemathesis checking the built server against openapi.json (short run, in a venv made once under .build/).
# Last, a smoke of every libFuzzer target (seeds plus 2,000 generated inputs each) so they keep compiling.
test: deps
	$(SWIFT) build --build-tests
	bash scripts/pg-test-cluster.sh bash scripts/run-tests.sh
	bash scripts/fuzz.sh smoke

# Demo server on http://127.0.0.1:$(PORT) with the embedded SQLite store and simulated data.
# The demo database is made afresh each time, so the example numbers printed at start are always there.
run: release
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	.build/release/posttrace serve --demo --db $(DEMO_DB) --host 127.0.0.1 --port $(PORT)

bench: deps
	bash scripts/bench.sh

# Long property-based runs, slower than `make test`. Each fuzz-* target is one; add more to FUZZ_TARGETS.
FUZZ_TARGETS ?= fuzz-parsers fuzz-api
fuzz: $(FUZZ_TARGETS)

# Every libFuzzer target (scripts/fuzz.sh list) for FUZZ_SECONDS each, one after another; see FUZZING.md.
FUZZ_SECONDS ?= 60
fuzz-parsers: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh run

# The API against openapi.json: Schemathesis, every phase (stateful too), 500 examples per operation, a random
# seed (printed; POSTTRACE_SCHEMATHESIS_SEED=N repeats a run, POSTTRACE_FUZZ_EXAMPLES=N changes the count).
fuzz-api: deps
	$(SWIFT) build --product posttrace
	bash scripts/schemathesis.sh long

# SOAK_SECONDS (default 300) of mixed load against the release build (scripts/soak.sh; FUZZING.md has a run's
# numbers), then `crash` whatever the soak found; fails if either did.
soak: release
	status=0; bash scripts/soak.sh || status=$$?; $(MAKE) crash || status=1; exit $$status

# kill -9 of `posttrace serve` during HTTP ingestion, CRASH_TRIALS times against the release build (make test runs
# the same test, 10 trials, against the debug build).
CRASH_TRIALS ?= 100
crash: release
	$(SWIFT) build --build-tests
	POSTTRACE_CRASH_TRIALS=$(CRASH_TRIALS) POSTTRACE_BIN=$(CURDIR)/.build/release/posttrace \
		$(SWIFT) test --skip-build --filter KillServeCLITests

clean:
	rm -rf .build
