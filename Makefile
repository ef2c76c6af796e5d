# PostTrace: two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
PORT ?= 8080
DEMO_DB ?= .build/demo.db
PREFIX ?= /usr/local

.PHONY: deps build release install test run bench fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product posttrace

# The binary and its resource bundles into $(PREFIX)/lib/posttrace, linked from $(PREFIX)/bin/posttrace.
install: release
	bash scripts/install.sh $(PREFIX)

# All tests: unit, contract (SQLite and a throwaway PostgreSQL), real HTTP server, real Chromium, CLI binary.
test: deps
	$(SWIFT) build --build-tests
	bash scripts/pg-test-cluster.sh $(SWIFT) test --skip-build

# Demo server on http://127.0.0.1:$(PORT) with the embedded SQLite store and simulated data.
# The demo database is made afresh each time, so the example numbers printed at start are always there.
run: release
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	.build/release/posttrace serve --demo --db $(DEMO_DB) --host 127.0.0.1 --port $(PORT)

bench: deps
	bash scripts/bench.sh

clean:
	rm -rf .build
