#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 and prints "N passed, N failed, N skipped" (the line CI reads).
# $2 = number of test runs that crashed without a result (each counts as one failure). Exit 1 if anything failed.
set -euo pipefail
dir=${1:?usage: trx-summary.sh RESULTS_DIR [CRASHED]}
crashed=${2:-0}
passed=0; failed=0; skipped=0
shopt -s nullglob
files=("$dir"/*.trx)
for f in "${files[@]}"; do
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# JUnit files of regression suites: each testcase counts, failures and errors as failed.
for f in "$dir"/*.junit.xml; do
  head=$(grep -o '<testsuites [^>]*>' "$f" | head -1)
  num() { echo "$head" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  t=$(num tests); fl=$(num failures); er=$(num errors)
  passed=$((passed + t - fl - er)); failed=$((failed + fl + er))
done
if [ ${#files[@]} -eq 0 ]; then echo "trx-summary: no test results in $dir (the test run did not start)" >&2; crashed=$((crashed + 1)); fi
failed=$((failed + crashed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
