#!/usr/bin/env bash
# Benchmark: added time to first token and per-chunk delay, Nexus vs. the fake provider
# directly, at 1, 20 and 50 concurrent streams; reader lag behind the writer; time to
# open a 5,000-message conversation. Prints tables.
#   bash bench/stream.sh                 # native test host (release build)
#   bash bench/stream.sh --spin          # real `spin up` (needs spin on PATH)
#   bash bench/stream.sh --spin --nodelay  # real `spin up` as the Docker image runs it: with
#                                         # the TCP_NODELAY preload (scripts/nodelay_shim.c)
#                                         # and MALLOC_ARENA_MAX=2 (Nexus and the floor alike)
# NEXUS_BENCH_DB_DIR=/dev/shm puts the database in memory (separates disk latency).
# NEXUS_BENCH_LIBRARY=1 runs only the search and list benchmark (bench/library.sh).
# NEXUS_BENCH_ONLY=20 runs only the 20-streams round (for profiling); NEXUS_BENCH_ONLY=0
# only the authentication figures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p nexus-testhost
if [[ "${1:-}" == "--spin" ]]; then
  command -v spin >/dev/null || { echo "spin is not on PATH" >&2; exit 1; }
  cargo build --release -q --target wasm32-wasip2 -p nexus-conversations -p nexus-messages -p nexus-settings -p nexus-static -p nexus-accounts -p nexus-library -p nexus-bench-floor
  tmp=$(mktemp -d)
  pids=()
  # spin up runs its HTTP trigger as a child process: stop the children too.
  trap 'for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
  ./target/release/fake-upstream 127.0.0.1:4710 >"$tmp/fake.log" 2>&1 &
  pids+=($!)
  db_dir="${NEXUS_BENCH_DB_DIR:-$tmp}"   # e.g. /dev/shm to take the disk out of the figures
  printf '[sqlite_database.default]\ntype = "spin"\npath = "%s/nexus-bench.db"\n[key_value_store.default]\ntype = "spin"\npath = "%s/kv.db"\n' "$db_dir" "$tmp" >"$tmp/rc.toml"
  rm -f "$db_dir"/nexus-bench.db*
  preload=()
  if [[ "${2:-}" == "--nodelay" ]]; then
    gcc -O2 -Wall -shared -fPIC -o "$tmp/nodelay_shim.so" scripts/nodelay_shim.c -ldl
    preload=(env LD_PRELOAD="$tmp/nodelay_shim.so" NODELAY_SHIM_CONNECT=1 NODELAY_SHIM_LOG="$tmp/shim.log" MALLOC_ARENA_MAX=2)
  fi
  SPIN_VARIABLE_OPENROUTER_BASE_URL=http://127.0.0.1:4710/v1 \
  SPIN_VARIABLE_OPENROUTER_ALLOWED_HOST=http://127.0.0.1:4710 \
  SPIN_VARIABLE_OPENROUTER_API_KEY=sk-bench-0000000000 \
  SPIN_VARIABLE_GUEST_RATE_LIMIT=1000/60 \
    "${preload[@]}" spin up --listen 127.0.0.1:3710 --runtime-config-file "$tmp/rc.toml" --idle-instance-timeout 600s --max-instance-reuse-count 1000000000 ${NEXUS_BENCH_SPIN_FLAGS:-} >"$tmp/spin.log" 2>&1 &
  pids+=($!)
  # Spin's floor (bench/floor): the least a streaming chat component does, measured in
  # the same run so Nexus's own share can be read off.
  SPIN_VARIABLE_UPSTREAM_URL=http://127.0.0.1:4710/v1 SPIN_VARIABLE_UPSTREAM_HOST=http://127.0.0.1:4710 \
    "${preload[@]}" spin up -f bench/floor/spin.toml --listen 127.0.0.1:3711 --idle-instance-timeout 600s --max-instance-reuse-count 1000000000 >"$tmp/floor.log" 2>&1 &
  pids+=($!)
  floor_pid=${pids[-1]}
  for _ in $(seq 100); do curl -sf http://127.0.0.1:3710/api/health >/dev/null && break; sleep 0.2; done
  for _ in $(seq 100); do curl -sf -X POST http://127.0.0.1:3711/api/conversations >/dev/null && break; sleep 0.2; done
  echo "target: real spin up ($(spin --version))${preload:+, with the TCP_NODELAY preload as in the Docker image}"
  spin_pid=${pids[-2]}
  server_pids="$spin_pid,$(pgrep -d, -P "$spin_pid" || true)"
  ./target/release/nexus-bench --app http://127.0.0.1:3710 --fake http://127.0.0.1:4710 --db "$db_dir/nexus-bench.db" --pids "$server_pids" --floor http://127.0.0.1:3711 --floor-pids "$floor_pid,$(pgrep -d, -P "$floor_pid" || true)" ${NEXUS_BENCH_ONLY:+--only "$NEXUS_BENCH_ONLY"} ${NEXUS_BENCH_LIBRARY:+--library}
  if [[ ${#preload[@]} -gt 0 ]]; then
    echo "preload: TCP_NODELAY=1 read back on $(grep -c 'TCP_NODELAY=1' "$tmp/shim.log" || true) sockets (accepted and outbound)"
  fi
else
  echo "target: native test host (same handlers, rusqlite, hyper) — not Spin"
  ./target/release/nexus-bench ${NEXUS_BENCH_ONLY:+--only "$NEXUS_BENCH_ONLY"} ${NEXUS_BENCH_LIBRARY:+--library}
fi
