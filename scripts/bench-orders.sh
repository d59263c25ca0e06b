#!/usr/bin/env bash
# Measures the pipeline engine against the hand-written mapper of the same
# webshop → Exact Online mapping, in one run, and prints the throughput
# ratio: the median of interleaved rounds (each round runs all three
# benchmarks once), so that machine noise hits every benchmark alike.
#
#   scripts/bench-orders.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
bin=$(mktemp -d)/engine.test
go test -c -o "$bin" ./engine/
cd engine
out=""
for ((i = 0; i < rounds; i++)); do
  out+=$("$bin" -test.run '^$' -test.bench 'Orders(Pipeline|PipelineValidated|Handwritten)$' \
    -test.benchtime 20000x -test.cpu 1 | grep '^Benchmark')$'\n'
done
echo -n "$out"
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
    printf "median ns/order over %d rounds: pipeline %.0f, pipeline with schema validation %.0f, hand-written %.0f\n", np, mp, mv, mh
    printf "pipeline throughput = %.0f%% of the hand-written mapper (with source and target validation: %.0f%%)\n", 100 * mh / mp, 100 * mh / mv
  }'
