# Casecraft developer entry points. `make run` opens the desktop app; `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

CARGO ?= cargo
# System packages the desktop app, its build and the end-to-end lane need (Debian/Ubuntu names).
# dosfstools and fusefat (which brings fusermount) make and mount the FAT USB stick of
# tests/tests/usb_stick.rs.
# postgresql brings the server binaries the team hub's tests start throwaway clusters with.
DEB_PACKAGES := libwebkit2gtk-4.1-dev build-essential libxdo-dev libssl-dev librsvg2-dev \
                webkit2gtk-driver xvfb dbus xauth faketime tzdata dosfstools fusefat xdotool \
                postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# `cargo install` puts tauri-driver here; make it findable even when it is not on PATH yet.
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: deps deps-package run hub test e2e package installed-test bench fuzz

## deps: install the missing system packages and tauri-driver, and only those
deps:
	@missing=""; \
	for pkg in $(DEB_PACKAGES); do \
	  dpkg -s "$$pkg" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version '^2' --locked

# What building and checking the Debian package needs besides: Tauri's own bundler (tauri-cli),
# lintian, and man (the installed-package test reads the installed manual).
PACKAGE_DEB_PACKAGES := lintian man-db
## deps-package: install what `make package` and `make installed-test` need, and only that
deps-package: deps
	@missing=""; \
	for pkg in $(PACKAGE_DEB_PACKAGES); do \
	  dpkg -s "$$pkg" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@command -v cargo-tauri >/dev/null || $(CARGO) install tauri-cli --version '^2' --locked

## run: build and open the desktop app (needs a display)
run: deps
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2; \
	  echo "Run it on a desktop session, or under a virtual X server: xvfb-run -a make run" >&2; \
	  exit 1; \
	fi
	$(CARGO) run -p casecraft-desktop

## hub: a team hub on this machine to try the team features: a PostgreSQL cluster of its own in
## target/hub (Debian's packages; no Docker, no downloads), a team with one worker, the hub serving
## on https://127.0.0.1:7443, and an invitation code printed for `casecraft hub join`
hub: deps
	$(CARGO) run -p casecraft-hub -- local --dir target/hub --listen 127.0.0.1:7443

## test: formatting, lints, unit and integration tests, then the end-to-end lane under Xvfb
test: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	@# The op format is read by programs with no database, and the hub's database is PostgreSQL:
	@# neither may pull SQLite in.
	@for crate in casecraft-ops casecraft-hub; do \
	  if $(CARGO) tree -p $$crate --edges normal,build --prefix none | grep -q '^rusqlite '; then \
	    echo "$$crate depends on rusqlite; it must not need SQLite" >&2; exit 1; fi; \
	done
	$(CARGO) test --workspace --exclude casecraft-e2e
	$(CARGO) build -p casecraft-desktop -p casecraft-cli -p casecraft-hub
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory installed-test

## e2e: WebDriver journeys over the built desktop binary (run `cargo build -p casecraft-desktop` first),
## under the machine's default locale; then the long-day journey again under a UK locale
e2e:
	NO_AT_BRIDGE=1 xvfb-run -a dbus-run-session -- $(CARGO) test -p casecraft-e2e -- --test-threads=1
	NO_AT_BRIDGE=1 LANG=en_GB.UTF-8 LANGUAGE=en_GB xvfb-run -a dbus-run-session -- $(CARGO) test -p casecraft-e2e --test window -- --test-threads=1

## package: the Debian package, built by Tauri's bundler, checked by lintian:
## target/package/casecraft_VERSION_ARCH.deb (the app, the casecraft command, its manual pages and
## shell completions, the desktop entry, icons and AppStream metadata)
STAGE := target/package/stage
package: deps-package
	$(CARGO) build --release -p casecraft-cli
	rm -rf $(STAGE) target/package/*.deb target/release/bundle/deb
	mkdir -p $(STAGE)
	cp target/release/casecraft $(STAGE)/casecraft
	target/release/casecraft-manuals $(STAGE)/man1 $(STAGE)/completions
	cp assets/linux/casecraft-desktop.1 $(STAGE)/man1/
	gzip -9n $(STAGE)/man1/*.1
	gzip -9nc assets/linux/changelog > $(STAGE)/changelog.gz
	cd src-tauri && $(CARGO) tauri build --bundles deb
	@deb=$$(ls target/release/bundle/deb/*.deb); \
	  name=$$(dpkg-deb --field "$$deb" Package)_$$(dpkg-deb --field "$$deb" Version)_$$(dpkg-deb --field "$$deb" Architecture).deb; \
	  cp "$$deb" "target/package/$$name"; \
	  echo "target/package/$$name: $$(stat -c %s "target/package/$$name") bytes"
	lintian --fail-on error target/package/*.deb

## installed-test: install the package (as root, or through sudo), drive the installed app and
## command, remove the package and check the person's data folder is untouched
installed-test: package
	NO_AT_BRIDGE=1 CASECRAFT_DEB="$$(ls $(CURDIR)/target/package/*.deb)" CASECRAFT_SUDO=$(SUDO) \
	  xvfb-run -a dbus-run-session -- $(CARGO) test -p casecraft-e2e --test installed -- --test-threads=1

## bench: core benchmarks
bench:
	$(CARGO) bench -p casecraft-core
	$(CARGO) bench -p casecraft-hub

## fuzz: every fuzz target for FUZZ_SECONDS each (cargo fuzz, libFuzzer, the nightly toolchain).
## A crash leaves its input under fuzz/artifacts/; turn it into a regression test beside the code.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := search_query markdown segment backup
fuzz:
	@rustup toolchain list | grep -q '^nightly' || { echo "make fuzz needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
	  $(CARGO) +nightly fuzz run "$$target" -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10; \
	done
