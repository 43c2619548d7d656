# Lunch Parliament. `make serve` and `make test` install whatever is missing, then do their job.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

TRUNK_VERSION := 0.21.14
WASM_BINDGEN_VERSION := 0.2.130
WASM_TARGET := wasm32-unknown-unknown
PORT ?= 8080
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: serve test dist bench setup setup-test tools-target tools-trunk tools-wasm-bindgen tools-chromium tools-twiggy \
	fmt-check clippy test-native test-browser clean

## Install what building needs (each step is skipped when already there).
setup: tools-target tools-trunk tools-wasm-bindgen node_modules/.stamp

tools-target:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

tools-trunk:
	@trunk --version 2>/dev/null | grep -q "trunk $(TRUNK_VERSION)" || \
		cargo install --locked trunk --version $(TRUNK_VERSION)

tools-wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
		cargo install --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# binaryen's wasm-opt (Debian's is too old) and playwright-core, pinned in package-lock.json.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

tools-chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; }

## The static site, with relative URLs so it also works under a sub-path of any host; a .gz and a .br beside
## each file (gzip -9, brotli 11), which `make serve` sends to browsers that accept them.
dist: setup
	cargo fetch --locked
	trunk build --release --offline --public-url ./
	node tools/compress.mjs dist

serve: dist
	node tools/serve.mjs dist $(PORT)

## Every check CI runs.
test: setup tools-chromium fmt-check clippy test-native dist test-browser

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --all-targets --locked -- -D warnings
	cargo clippy --target $(WASM_TARGET) --all-targets --locked -- -D warnings

test-native:
	cargo test --locked
	cargo build --release --locked --bin parliament

test-browser: node_modules/.stamp
	node --test --test-concurrency=1 e2e/

## Figures, printed; nothing here is asserted. Lunch Parliament against RaftScope in the same headless Chromium
## (tools/bench.mjs; RAFTSCOPE=dir to point at another copy of it), and where the wasm bytes go (tools/wasm-size.mjs).
bench: dist tools-chromium tools-twiggy
	@echo "== release bundle (dist/)"
	@node tools/bundle-size.mjs dist
	@echo "== native core"
	@cargo run --release --locked --quiet --bin parliament -- bench
	@echo "== exhaustive checker: ours against stateright (the reference) on the same synod model, one thread each"
	@cargo run --release --locked --quiet --example vs_stateright
	@echo "-- the lab's standard scope natively (the page's figure is in the browser table below)"
	@cargo run --release --locked --quiet --bin parliament -- check --exhaustive
	@echo "== where the wasm bytes go (twiggy and sums over a name-keeping build of the same wasm)"
	@node tools/wasm-size.mjs dist
	@echo "== browser: Lunch Parliament against RaftScope (headless Chromium, same run)"
	@node tools/bench.mjs dist

# Only the bench needs twiggy.
tools-twiggy:
	@command -v twiggy >/dev/null || cargo install --locked twiggy

clean:
	cargo clean
	rm -rf dist node_modules e2e/out
