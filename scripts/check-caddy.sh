#!/usr/bin/env bash
# Checks the https profile (Caddyfile, README "HTTPS on your network") with Debian's
# `caddy` against the test host and its fake provider: runs the repository's Caddyfile
# itself on free unprivileged ports (its data — the internal CA — in a temporary
# folder), waits for Caddy's root certificate, then scripts/check-caddy-client.mjs, over
# https with that root as the only trusted CA: sign-in (Secure cookie), a POST past the
# Origin check, a reply that must arrive token by token, a 60 MiB import, the http→https
# redirect. The same client then runs straight against the test host, for comparison.
#   bash scripts/check-caddy.sh
# Needs caddy on PATH (apt-get install caddy), Node 20+ and target/debug/nexus-testhost
# (cargo build -p nexus-testhost; NEXUS_TESTHOST_BIN to use another). Without caddy: a
# notice, and exit 0 unless CHECK_CADDY_REQUIRED=1 (set by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
caddyfile="${CHECK_CADDY_CADDYFILE:-Caddyfile}"  # another file: to see this check fail on a buffering proxy

if ! command -v caddy >/dev/null; then
  if [[ "${CHECK_CADDY_REQUIRED:-0}" == 1 ]]; then
    echo "FAIL: caddy is not on PATH (apt-get install caddy)" >&2
    exit 1
  fi
  echo "NOTICE: caddy is not on PATH (apt-get install caddy): the https proxy is not checked"
  exit 0
fi
bin="${NEXUS_TESTHOST_BIN:-target/debug/nexus-testhost}"
[[ -x "$bin" ]] || { echo "FAIL: test host binary $bin not found (cargo build --locked -p nexus-testhost)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  local status=$?
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
  done
  if [[ $status -ne 0 ]]; then
    echo "--- caddy log (last 40 lines) ---"; tail -n 40 "$tmp/caddy.log" 2>/dev/null || true
    echo "--- test host log (last 20 lines) ---"; tail -n 20 "$tmp/host.log" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

host_port=$(free_port)
fake_port=$(free_port)
https_port=$(free_port)
http_port=$(free_port)

# The test host and its fake provider (the API only; no UI needed).
SPIN_VARIABLE_GUEST_RATE_LIMIT=1000/60 \
SPIN_VARIABLE_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= \
  setsid "$bin" --listen "127.0.0.1:$host_port" --manifest spin.toml --db "$tmp/nexus.db" \
  --fake-upstream "127.0.0.1:$fake_port" >"$tmp/host.log" 2>&1 &
pids+=($!)

# The repository's Caddyfile, as the compose profile runs it, with its variables set for a
# test: the certificate for 127.0.0.1 (as a phone typing the server's IP), Nexus on the
# test host, unprivileged ports, no admin endpoint; XDG_DATA_HOME holds the CA, as /data
# does in the container.
caddy_env=(env NEXUS_HOST=127.0.0.1 NEXUS_UPSTREAM="127.0.0.1:$host_port"
  NEXUS_HTTPS_PORT="$https_port" NEXUS_HTTP_PORT="$http_port" CADDY_ADMIN=off
  XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp")
"${caddy_env[@]}" caddy validate --config "$caddyfile" --adapter caddyfile >"$tmp/validate.log" 2>&1 || {
  cat "$tmp/validate.log"; echo "FAIL: caddy validate rejects the Caddyfile" >&2; exit 1; }
setsid "${caddy_env[@]}" caddy run --config "$caddyfile" --adapter caddyfile >"$tmp/caddy.log" 2>&1 &
pids+=($!)
caddy_pid=${pids[-1]}

root="$tmp/data/caddy/pki/authorities/local/root.crt"
for _ in $(seq 150); do
  curl -sf "http://127.0.0.1:$host_port/api/health" >/dev/null 2>&1 && [[ -s "$root" ]] \
    && curl -s --cacert "$root" -o /dev/null "https://127.0.0.1:$https_port/api/health" && break
  kill -0 "$caddy_pid" 2>/dev/null || { echo "FAIL: caddy exited" >&2; exit 1; }
  sleep 0.2
done
[[ -s "$root" ]] || { echo "FAIL: Caddy's internal CA wrote no root certificate at $root in 30 s" >&2; exit 1; }
curl -sf "http://127.0.0.1:$host_port/api/health" >/dev/null || { echo "FAIL: the test host is not healthy" >&2; exit 1; }
echo "caddy $(caddy version | cut -d' ' -f1): https on 127.0.0.1:$https_port, http on :$http_port → test host on :$host_port"
echo "root: $(openssl x509 -in "$root" -noout -subject 2>/dev/null || echo "$root")"

node scripts/check-caddy-client.mjs --base "https://127.0.0.1:$https_port" --ca "$root" \
  --redirect-from "http://127.0.0.1:$http_port" --other-addr 127.0.0.2 --big-import | tee "$tmp/caddy.out"
node scripts/check-caddy-client.mjs --base "http://127.0.0.1:$host_port" --label direct | tee "$tmp/direct.out"

# Side by side: time to the first delta and the spread of arrivals, through Caddy vs direct.
node -e '
  const rows = process.argv.slice(1).flatMap((f) => { const r = JSON.parse(require("fs").readFileSync(f, "utf8").trim().split("\n").pop()); return r.runs.map((x) => ({ ...x, label: `${r.label}, ${x.version}` })); });
  console.log(`${"".padEnd(28)} first delta    done   spread   bursts / deltas`);
  for (const r of rows) console.log(`${r.label.padEnd(28)} ${String(r.first_delta_ms).padStart(8)} ms ${String(r.done_ms).padStart(5)} ms ${String(r.spread_ms).padStart(5)} ms   ${r.bursts} / ${r.deltas}`);
' "$tmp/caddy.out" "$tmp/direct.out"

if grep -qi '"level":"error"' "$tmp/caddy.log"; then
  echo "caddy logged errors:"; grep -i '"level":"error"' "$tmp/caddy.log" | head -5
fi
echo "caddy check passed"
