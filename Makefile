# The two commands of the README, and the helpers they call.
SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR

.PHONY: run test build ui bootstrap fmt lint ui-bench attach-bench attack-bench fanout-bench package package-check screenshots soak

## make run: build everything and open the app on a live demo workspace
run: build
	"$(CARGO_TARGET_DIR)/debug/switchboard-demo"

## make test: install what is missing, then run every test
test:
	scripts/test.sh

bootstrap:
	scripts/bootstrap.sh

ui: bootstrap
	cd ui && npm run --silent build

build: ui
	cargo build --workspace --locked

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

## make ui-bench: the app as shipped at a desk's scale against the demo's size and WebKitGTK's own floor (BENCHMARKS.md)
ui-bench: build
	cargo build --profile desktop --locked -p switchboard-desktop
	xvfb-run -a -s "-screen 0 1280x800x24" \
	  scripts/with-session.sh "$(CARGO_TARGET_DIR)/debug/ui-bench"

## make attach-bench: a 16 MB video and a 100 MB document sent through the sandbox, time and peak memory (BENCHMARKS.md)
attach-bench: bootstrap
	cargo build --release --locked -p switchboard-hub -p switchboard-sandbox -p switchboard-system-tests --bins
	scripts/with-session.sh "$(CARGO_TARGET_DIR)/release/attach-bench"

## make fanout-bench: 5,000 headless desktops on three hubs and one PostgreSQL, from a webhook's acknowledgement to the message in every desktop's store (BENCHMARKS.md)
fanout-bench: bootstrap
	cargo build --release --locked -p switchboard-hub -p switchboard-sandbox -p switchboard-system-tests --bin switchboard-hub --bin switchboard-sandbox --bin fanout-bench
	ulimit -n $$(ulimit -Hn) && "$(CARGO_TARGET_DIR)/release/fanout-bench"

## make attack-bench: the hub's memory and a colleague's reply latency under each attack of issue 24, against the hub idle (BENCHMARKS.md)
attack-bench: bootstrap
	cargo build --release --locked -p switchboard-hub -p switchboard-sandbox -p switchboard-system-tests --bin switchboard-hub --bin switchboard-sandbox --bin attack-bench
	ulimit -n 4096 && "$(CARGO_TARGET_DIR)/release/attack-bench"

## make package: the desktop app as a .deb, an .rpm and an AppImage (release build, Tauri's bundler)
package:
	scripts/package.sh

## make package-check: inspect the .deb and the .rpm and start the binary to the sign-in screen (not in make test)
package-check:
	scripts/package-check.sh

## make screenshots: copy the pictures the docs show from the last end-to-end run (make test) into docs/images/
screenshots:
	scripts/screenshots.sh

## make soak: the chaos soak of issue 32 (1,000 faults over three hubs, PostgreSQL and twenty desktops, then the checker; RELIABILITY.md). SOAK_SEED replays a run
soak: bootstrap
	cargo build --locked -p switchboard-hub -p switchboard-sandbox -p switchboard-system-tests --bin switchboard-hub --bin switchboard-sandbox --bin soak
	scripts/with-session.sh "$(CARGO_TARGET_DIR)/debug/soak"
