#!/usr/bin/env bash
# Sums the counters of every TRX file under $1 and prints "N passed, N failed" (the line CI reads).
set -euo pipefail
dir=${1:?usage: trx-summary.sh RESULTS_DIR}
passed=0; failed=0; skipped=0
shopt -s nullglob
for f in "$dir"/*.trx; do
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
files=("$dir"/*.trx)
if [ ${#files[@]} -eq 0 ]; then echo "trx-summary: no test results in $dir (the test run did not start)" >&2; failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
