#!/usr/bin/env bash
# Benchmark: one argon2id password hash inside a Spin component (wasm32-wasip2), for
# several parameter sets (memory KiB m, passes t, lanes p = 1: a wasm instance runs one
# thread). Prints median and p90 over 15 hashes each, timed inside the component, and the
# trigger's RSS afterwards (a hash's memory stays in the instance's linear memory).
#   bash bench/argon2.sh            # needs spin on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
command -v spin >/dev/null || { echo "spin is not on PATH" >&2; exit 1; }
cargo build --release -q --locked --manifest-path bench/argon2/Cargo.toml --target wasm32-wasip2 --target-dir target
tmp=$(mktemp -d)
spin up -f bench/argon2/spin.toml --listen 127.0.0.1:3712 >"$tmp/spin.log" 2>&1 &
pid=$!
trap 'pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:3712/?m=8&t=1" >/dev/null && break; sleep 0.2; done
echo "target: spin up ($(spin --version)), argon2id, p = 1, one hash per request, timed in the component"
printf '%9s %3s | %10s %10s | %s\n' "m (KiB)" "t" "median ms" "p90 ms" "trigger RSS after"
for mt in "19456 2" "12288 3" "9216 4" "7168 5" "47104 1" "65536 3"; do
  set -- $mt
  times=()
  for _ in $(seq 16); do
    times+=("$(curl -sf "http://127.0.0.1:3712/?m=$1&t=$2&p=1" | cut -d' ' -f1)")
  done
  trigger=$(pgrep -P "$pid" | head -1)
  rss=$(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$trigger/status")
  # The first hash of a setting grows the instance's memory: left out.
  printf '%s\n' "${times[@]:1}" | sort -n | awk -v m="$1" -v t="$2" -v rss="$rss" \
    '{ v[NR] = $1 / 1000 } END { printf "%9s %3s | %10.1f %10.1f | %s\n", m, t, v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], rss }'
done
