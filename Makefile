# SmartQuant — one entry point for set-up, build, generation, gates, co-simulation and tests.
# `make run` and `make test` install what they need themselves (apt packages, NuGet restore).
SHELL       := bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS   += --no-builtin-rules --no-print-directory
.DEFAULT_GOAL := run

CONFIG  ?= Release
BUILD   ?= build
DESIGN  ?= mac-array
TEST    ?=
CYCLES  ?= 100000
SEED    ?= 1
MARK    ?=
# Tools the flow needs from apt; `setup` installs only the missing ones (xvfb + xauth: the headless GTKWave view test; fortunes: the real-model passages).
APT_PKGS := verilator iverilog yosys nextpnr-ice40 gtkwave xvfb xauth g++ make zlib1g-dev fortunes
CLI      := dotnet $(CURDIR)/src/SmartQuant.Cli/bin/$(CONFIG)/net10.0/smartquant.dll
RESULTS  := $(BUILD)/test-results

.PHONY: setup restore build gen lint synth sim waves test regress run bench report eval clean

setup:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "setup: apt packages present"; fi
	@$(MAKE) restore

restore:
	@dotnet restore SmartQuant.sln --verbosity quiet

build: setup
	@dotnet build SmartQuant.sln -c $(CONFIG) --no-restore --nologo -v q -clp:NoSummary

gen: build
	$(CLI) gen --design $(DESIGN) --out $(BUILD)/gen/$(DESIGN)

lint: build
	$(CLI) lint --design $(DESIGN)

synth: build
	$(CLI) synth --design $(DESIGN)

sim: build
	$(CLI) sim --design $(DESIGN) $(if $(TEST),--test $(TEST)) --cycles $(CYCLES) --seed $(SEED)

# A traced run (pass or fail): build/waves/<test>.fst with the golden model beside the RTL, and <test>.gtkw (MARK=C: marker at cycle C).
waves: build
	$(CLI) sim --design $(DESIGN) $(if $(TEST),--test $(TEST)) --cycles $(CYCLES) --seed $(SEED) --waves $(BUILD)/waves $(if $(MARK),--mark $(MARK))

# The whole xunit suite; ends with the line "N passed, N failed" summed over every test project.
test: build
	@bash tools/run-tests.sh $(CONFIG) $(RESULTS) "$(CLI)"

# A regression suite (SUITE=smoke|nightly|random, SHARD=i/n optional); JUnit XML in build/regress/.
# Unsharded, it first runs the xunit extended tier (tests with extra Verilator builds of the large designs, kept out
# of `make test` for CI time; docs/regress.md).
SUITE ?= nightly
regress: build
	$(if $(SHARD),,@SQ_TEST_FILTER="Tier=extended" bash tools/run-tests.sh $(CONFIG) $(BUILD)/test-results-extended)
	$(CLI) regress --suite $(SUITE) $(if $(SHARD),--shard $(SHARD)) --junit $(BUILD)/regress/$(SUITE).junit.xml

# The main job on default configurations.
run: build
	$(CLI) run

bench: build
	$(CLI) bench

report: build
	$(CLI) report --out $(BUILD)/report

# The real model (all-MiniLM-L6-v2) quantized by every method at bb = 2 and 4, and INT8 (rtn at 8 bits, the mac-array's
# weights); tables in $(BUILD)/eval (docs/real-model.md).
eval: build
	$(CLI) eval --bits 2 4 8 --calibration fp32 sequential --out $(BUILD)/eval

clean:
	rm -rf $(BUILD)
	dotnet clean SmartQuant.sln -v q >/dev/null || true
