# dcmveil: the two commands are `make demo` and `make test`. See README.md.
#
#   make deps     install missing Debian packages (as root), or print the apt-get line
#   make build    release build; prints where the binary is
#   make venv     .venv with the pinned Python tools of the interop tests
#   make test     swift test (XCTest and Swift Testing), then the interop tests with pytest
#   make demo     the workstation on a demo batch (or the best that exists so far)
#   make bench    Benchmarks/run (QUICK=1 for the short run)
#   make fuzz     Tests/Fuzz/run, time-bounded (FUZZ_SECONDS=N); seeds from the venv's pydicom files
#   make clean    remove build products and the demo batch; `make distclean` also removes .venv, .bench

SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

SWIFT   ?= swift
PYTHON  ?= python3
VENV    := .venv
REQS    := Tests/interop/requirements.txt
STAMP   := $(VENV)/.requirements.sha256
DEMO    := demo
QUICK   ?=
FUZZ_SECONDS ?=

.PHONY: deps build debug venv test swift-test interop-test demo bench fuzz clean distclean help

help:
	@sed -n '3,11p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release
	@echo "dcmveil built: $$($(SWIFT) build -c release --show-bin-path)/dcmveil"

debug: deps
	$(SWIFT) build

# The venv is made anew only when the requirements file's content changes (hash in $(STAMP)).
venv: deps
	@want=$$(sha256sum $(REQS) | cut -d' ' -f1); \
	have=$$(cat $(STAMP) 2>/dev/null || true); \
	if [[ "$$want" != "$$have" || ! -x $(VENV)/bin/python ]]; then \
	  echo "venv: creating $(VENV) from $(REQS)"; \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV); \
	  $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r $(REQS); \
	  echo "$$want" > $(STAMP); \
	fi

# Both suites run even when the first fails, so that one run shows every failure.
# pytest's exit 5 (no tests collected) is not a failure here.
test: deps venv
	$(SWIFT) build
	@bin="$$($(SWIFT) build --show-bin-path)/dcmveil"; \
	export DCMVEIL_BIN="$$bin"; \
	echo "DCMVEIL_BIN=$$bin"; \
	status=0; \
	$(SWIFT) test || status=$$?; \
	pstatus=0; \
	$(VENV)/bin/pytest -q Tests/interop || pstatus=$$?; \
	if [[ $$pstatus -eq 5 ]]; then echo "pytest: no interop tests collected"; pstatus=0; fi; \
	if [[ $$status -ne 0 ]]; then echo "make test: swift test failed (exit $$status)"; fi; \
	if [[ $$pstatus -ne 0 ]]; then echo "make test: interop tests failed (exit $$pstatus)"; fi; \
	[[ $$status -eq 0 && $$pstatus -eq 0 ]]

swift-test: deps
	$(SWIFT) build
	DCMVEIL_BIN="$$($(SWIFT) build --show-bin-path)/dcmveil" $(SWIFT) test

interop-test: deps venv
	$(SWIFT) build
	DCMVEIL_BIN="$$($(SWIFT) build --show-bin-path)/dcmveil" $(VENV)/bin/pytest -q Tests/interop

# Opens the review workstation on a demo batch when `demo-data` and `review` exist;
# until then it does what the binary can and says what is missing.
demo: build venv
	@scripts/demo "$$($(SWIFT) build -c release --show-bin-path)/dcmveil" "$(DEMO)" "$(VENV)/bin/python"

bench: build
	@if [[ -x Benchmarks/run ]]; then \
	  DCMVEIL_BIN="$$($(SWIFT) build -c release --show-bin-path)/dcmveil" QUICK="$(QUICK)" Benchmarks/run; \
	else \
	  echo "make bench: Benchmarks/run is not there yet; nothing to measure."; \
	fi

fuzz: deps venv
	@if [[ -x Tests/Fuzz/run ]]; then \
	  FUZZ_SECONDS="$(FUZZ_SECONDS)" Tests/Fuzz/run; \
	else \
	  echo "make fuzz: Tests/Fuzz/run is not there yet; no fuzz target to run."; \
	fi

clean:
	rm -rf .build $(DEMO) fuzz-artifacts

distclean: clean
	rm -rf $(VENV) .bench
