#!/usr/bin/env bash
# Regenerate BENCHMARKS.md: build coopwatch, then run the bench module
# (bench/, a Go module of its own so the product never depends on the
# extractors it is compared with) which measures extraction quality and
# speed beside go-trafilatura and go-readability, indexing, search
# latency, reindex and end-to-end ingest, and writes the report.
#
# Usage: scripts/bench.sh [bench flags...]
#   scripts/bench.sh                         # the issue's sizes: 10,000 pages end to end (and 100,000 for peak memory), 100,000 events
#   scripts/bench.sh -events 20000 -e2e-pages 2000 -e2e-memory 0 -min-time 1s   # a quicker run
#   COOPWATCH_EVAL_SAMPLE=/path/to/extraction-eval-sample scripts/bench.sh
# Flags: cd bench && go run . -h
#
# It takes 20-30 minutes on 2 cores at the default sizes and needs ~3 GB of
# disk in $TMPDIR. Run it on an otherwise idle machine: the numbers are
# ratios measured in one run, but other load still shows in them.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/coopwatch" ./cmd/coopwatch
cd bench
go run . -coopwatch "$bin/coopwatch" -out ../BENCHMARKS.md "$@"
echo "wrote BENCHMARKS.md"
