#!/usr/bin/env bash
# Measures the pipeline engine against the hand-written mapper of the same
# webshop → Exact Online mapping, in one run, and prints the throughput
# ratio (median of interleaved repetitions, so machine noise hits both).
#
#   scripts/bench-orders.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-8}
out=$(go test ./engine/ -run '^$' -bench 'Orders(Pipeline|PipelineValidated|Handwritten)$' \
  -benchtime 20000x -count "$count" -cpu 1)
echo "$out" | grep '^Benchmark'
echo "$out" | awk '
  /^BenchmarkOrdersPipeline[ \t]/          { p[np++] = $3 }
  /^BenchmarkOrdersPipelineValidated[ \t]/ { v[nv++] = $3 }
  /^BenchmarkOrdersHandwritten[ \t]/       { h[nh++] = $3 }
  function median(a, n,   i, j, t) {
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2
  }
  END {
    mp = median(p, np); mv = median(v, nv); mh = median(h, nh)
    printf "median ns/order: pipeline %.0f, pipeline with schema validation %.0f, hand-written %.0f\n", mp, mv, mh
    printf "pipeline throughput = %.0f%% of the hand-written mapper (with validation: %.0f%%)\n", 100 * mh / mp, 100 * mh / mv
  }'
