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
        bindings-check app e2e test-keychain clean

help:
	@echo "make run    build the UI and the app, and launch it"
	@echo "make test   formatting, clippy, Rust tests, UI checks and tests, end-to-end suite"
	@echo "make deps   install what a fresh Debian/Ubuntu machine lacks (idempotent)"

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

test: deps fmt-check clippy test-rust test-ui bindings-check test-keychain e2e
	@echo "make test: all checks passed"

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
