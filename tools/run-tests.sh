#!/usr/bin/env bash
# Runs every xunit project under tests/ (as many at a time as the machine has cores, `nproc`; override with
# SQ_TEST_JOBS=N), one TRX file per project,
# prints each project's result lines, then the line CI reads: "N passed, N failed, N skipped".
# Tests marked [Trait("Tier", "extended")] (extra Verilator builds of the large designs) are left out unless
# SQ_TEST_FILTER says otherwise: `make regress` runs them with SQ_TEST_FILTER="Tier=extended".
# Exits non-zero when any test failed or any test run crashed (no TRX, or a non-zero exit with nothing failed).
set -uo pipefail
config=${1:-Release}
results=${2:-build/test-results}
# The smartquant command; when given, the regression smoke suite runs after the xunit projects.
cli=${3:-}
rm -rf "$results"; mkdir -p "$results"
# Longest projects first (measured on a fresh clone: Cxl ~7.5 min, MicroScopiQ ~7 min, Sim ~4 min, the rest under
# 1.5 min each), so the short ones fill in behind them instead of a long one starting last; any project not named
# here still runs, after them.
first=(Cxl MicroScopiQ Sim)
projects=()
for n in "${first[@]}"; do
  for p in tests/*/*.csproj; do [[ $p == */SmartQuant."$n".Tests.csproj ]] && projects+=("$p"); done
done
for p in tests/*/*.csproj; do [[ " ${projects[*]} " == *" $p "* ]] || projects+=("$p"); done
filter=${SQ_TEST_FILTER:-Tier!=extended}
# Test models are compiled at -O1 (short runs; the C++ compile of the large designs dominates a fresh clone's time);
# benchmarks and users keep -O3 (sim/SmartQuant.Sim.Engine/VerilatorBuild.cs).
export SMARTQUANT_VERILATOR_OPT_FAST=${SMARTQUANT_VERILATOR_OPT_FAST:--O1}
max_jobs=${SQ_TEST_JOBS:-$(nproc)}
[ "$max_jobs" -ge 1 ] 2>/dev/null || max_jobs=1
run_one() {
  local p=$1 name
  name=$(basename "$p" .csproj)
  dotnet test "$p" -c "$config" --no-build --nologo --filter "$filter" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" > "$results/$name.log" 2>&1
  echo $? > "$results/$name.rc"
}
for p in "${projects[@]}"; do
  run_one "$p" &
  while [ "$(jobs -rp | wc -l)" -ge "$max_jobs" ]; do sleep 1; done
done
wait
crashed=0
for p in "${projects[@]}"; do
  name=$(basename "$p" .csproj)
  echo "== $name"
  grep -E "^\s+Failed |Error Message|^\s*(Passed|Failed)!|No test is available|Test Run Aborted|crash" -A6 "$results/$name.log" | head -80
  rc=$(cat "$results/$name.rc" 2>/dev/null || echo 1)
  if [ "$rc" != 0 ] && ! grep -q '^\s*Failed!' "$results/$name.log"; then
    echo "!! $name: test run exited $rc without reporting failed tests (crash or abort); see $results/$name.log"
    crashed=$((crashed + 1))
  fi
done
if [ -n "$cli" ]; then
  echo "== regress smoke"
  $cli regress --suite smoke --junit "$results/regress-smoke.junit.xml" --out build/regress/smoke < /dev/null > "$results/regress-smoke.log" 2>&1
  rc=$?
  tail -n 12 "$results/regress-smoke.log"
  if [ $rc != 0 ] && [ ! -f "$results/regress-smoke.junit.xml" ]; then echo "!! regress smoke exited $rc without results"; crashed=$((crashed + 1)); fi
fi
bash "$(dirname "$0")/trx-summary.sh" "$results" "$crashed"
