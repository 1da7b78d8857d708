#!/usr/bin/env bash
# Benchmark: full-text search over 100,000 generated messages (median and p99 per kind
# of query), the time to index them, and the first page of a 10,000-conversation list.
#   bash bench/library.sh           # native test host (release build)
#   bash bench/library.sh --spin    # real `spin up` (needs spin on PATH)
# Same set-up as bench/stream.sh (it runs that script with NEXUS_BENCH_LIBRARY=1).
set -euo pipefail
cd "$(dirname "$0")/.."
NEXUS_BENCH_LIBRARY=1 exec bash bench/stream.sh "$@"
