#!/usr/bin/env bash
# Runs a command against Nexus on real `spin up` (the built components, a fresh database
# and the fake provider on free loopback ports), then stops both:
#   bash scripts/with-spin.sh <command…>
# The command gets NEXUS_E2E_BASE_URL (Nexus) and NEXUS_E2E_FAKE_URL (the fake provider).
# spin up runs with the flags of README "Run", and as the Docker image runs it: with the
# TCP_NODELAY preload (scripts/nodelay_shim.c) and MALLOC_ARENA_MAX=2 (without gcc: a
# notice, and stock). Needs spin on PATH, the wasm components and frontend/dist built,
# and target/debug/fake-upstream (cargo build -p nexus-testhost).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v spin >/dev/null || { echo "spin is not on PATH" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tmp=$(mktemp -d)
fake_port=$(free_port)
app_port=$(free_port)
pids=()
cleanup() {
  # spin up runs its HTTP trigger as a child process: stop the whole process group.
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
setsid ./target/debug/fake-upstream "127.0.0.1:$fake_port" >"$tmp/fake.log" 2>&1 &
pids+=($!)
printf '[sqlite_database.default]\ntype = "spin"\npath = "%s/nexus.db"\n[key_value_store.default]\ntype = "spin"\npath = "%s/kv.db"\n' "$tmp" "$tmp" >"$tmp/rc.toml"
preload=()
if command -v gcc >/dev/null; then
  gcc -O2 -Wall -shared -fPIC -o "$tmp/nodelay_shim.so" scripts/nodelay_shim.c -ldl
  preload=(env LD_PRELOAD="$tmp/nodelay_shim.so" NODELAY_SHIM_CONNECT=1 NODELAY_SHIM_LOG="$tmp/shim.log" MALLOC_ARENA_MAX=2)
else
  echo "NOTICE: gcc not found: spin up runs without the TCP_NODELAY preload the Docker image uses"
fi
SPIN_VARIABLE_OPENROUTER_BASE_URL="http://127.0.0.1:$fake_port/v1" \
SPIN_VARIABLE_OPENROUTER_ALLOWED_HOST="http://127.0.0.1:$fake_port" \
SPIN_VARIABLE_OPENROUTER_API_KEY=sk-fake-test-key-0000 \
SPIN_VARIABLE_GUEST_RATE_LIMIT=1000/60 \
SPIN_VARIABLE_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= \
  setsid "${preload[@]}" spin up --from spin.toml --listen "127.0.0.1:$app_port" --runtime-config-file "$tmp/rc.toml" \
    --idle-instance-timeout 600s --max-instance-reuse-count 1000000000 >"$tmp/spin.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do
  curl -sf "http://127.0.0.1:$app_port/api/health" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$app_port/api/health" >/dev/null || { cat "$tmp/spin.log" >&2; exit 1; }
if [[ ${#preload[@]} -gt 0 ]]; then
  # The health check's own connection went through the preload: prove it is active.
  grep -q 'accept fd .* TCP_NODELAY=1' "$tmp/shim.log" || { echo "the TCP_NODELAY preload is not active in spin" >&2; exit 1; }
  echo "spin runs with the TCP_NODELAY preload (as in the Docker image)"
fi
echo "spin up at http://127.0.0.1:$app_port ($(spin --version)), fake provider at :$fake_port"
NEXUS_E2E_BASE_URL="http://127.0.0.1:$app_port" NEXUS_E2E_FAKE_URL="http://127.0.0.1:$fake_port" "$@"
