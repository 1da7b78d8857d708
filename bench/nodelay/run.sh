#!/usr/bin/env bash
# TCP_NODELAY on Spin: does Nagle's algorithm delay or bunch a streamed Nexus reply?
# (docs/spin-tcp-nodelay.md has the figures and the conclusion.)
#
# Starts, all on 127.0.0.1 and all at once (same run, same fake provider):
#   stock           spin up as shipped
#   nodelay-accept  spin up + LD_PRELOAD nodelay_shim.so: TCP_NODELAY on accepted sockets
#                   (= the upstream patch's server.rs half)
#   nodelay-both    the shim also on outbound sockets (NODELAY_SHIM_CONNECT=1)
#                   (= the whole upstream patch: server.rs + factor-outbound-http)
#   stock+nopool    stock spin up with `[outbound_http] connection_pooling = false`
#   caddy>stock     Caddy (if installed) reverse-proxying to `stock`
#   caddy>nopool    Caddy reverse-proxying to `stock+nopool`
#   caddy(keepalive off)>nopool  the same with `transport http { keepalive off }`: a new
#                   Caddy→Spin connection per request (the stock-image mitigation)
#   "stock, new connection": the client sends the message on a new connection
#   provider        the fake provider read directly (the send schedule; the baseline)
# then, in rounds, runs client.py (one keep-alive connection: create a chat, send a
# message, time every SSE delta) against each, with the kernel's natural ACKs and with
# delayed ACKs (TCP_QUICKACK=0 re-armed after every read), for two provider profiles:
#   fast   [[first=0 delay=3 words=60]]   first token ~9 ms after the request, ~4 ms apart
#   paced  [[first=0 delay=20 words=40]]  ~50 tokens/s
# and prints one table per profile. Stops everything it started on exit.
# Results of 2026-11-22: results-2026-11-22.txt (about 7 minutes for REPS=10).
#
#   bash bench/nodelay/run.sh                  # cargo build (as bench/stream.sh), REPS=8
#   REPS=20 bash bench/nodelay/run.sh --app DIR  # DIR: a copy holding spin.toml,
#                                              # target/wasm32-wasip2/release/nexus_*.wasm,
#                                              # target/release/fake-upstream (no build)
# Needs: spin (4.0.2) on PATH, gcc, python3, curl; caddy optional.
# NODELAY_CLIENT_ARGS="--mss 1460" passes extra arguments to every measured client run.
# Ports: 127.0.0.1:3851-3858 (change with NODELAY_PORT_BASE=...).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
app="$repo"
if [[ "${1:-}" == "--app" ]]; then app="$(cd "$2" && pwd)"; fi
reps="${REPS:-8}"; (( reps >= 1 && reps <= 50 )) || { echo "REPS must be 1..50" >&2; exit 1; }
base="${NODELAY_PORT_BASE:-3850}"
p_fake=$((base + 1)) p_stock=$((base + 2)) p_acc=$((base + 3)) p_both=$((base + 4))
p_nopool=$((base + 5)) p_caddy_stock=$((base + 6)) p_caddy_nopool=$((base + 7)) p_caddy_fresh=$((base + 8))

command -v spin >/dev/null || { echo "spin is not on PATH" >&2; exit 1; }
if [[ "$app" == "$repo" ]]; then  # as bench/stream.sh: up to date, or built now
  (cd "$repo" && cargo build --release -q -p nexus-testhost \
     && cargo build --release --target wasm32-wasip2 -q -p nexus-conversations -p nexus-messages -p nexus-settings -p nexus-static)
fi
fake="$app/target/release/fake-upstream"
[[ -x "$fake" ]] || fake="$app/target/debug/fake-upstream"
[[ -x "$fake" ]] || { echo "no fake-upstream under $app/target" >&2; exit 1; }
for p in $p_fake $p_stock $p_acc $p_both $p_nopool $p_caddy_stock $p_caddy_nopool $p_caddy_fresh; do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is in use" >&2; exit 1; fi
done

tmp="$(mktemp -d /tmp/nexus-nodelay.XXXXXX)"
pids=()
cleanup() {
  # spin up runs `spin trigger http` as its child: stop the children too.
  for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

gcc -O2 -Wall -shared -fPIC -o "$tmp/nodelay_shim.so" "$here/../../scripts/nodelay_shim.c" -ldl

"$fake" "127.0.0.1:$p_fake" >"$tmp/fake.log" 2>&1 &
pids+=($!)

export SPIN_VARIABLE_OPENROUTER_BASE_URL="http://127.0.0.1:$p_fake/v1"
export SPIN_VARIABLE_OPENROUTER_ALLOWED_HOST="http://127.0.0.1:$p_fake"
export SPIN_VARIABLE_OPENROUTER_API_KEY=sk-bench-0000000000
start_spin() { # name port [runtime-config extra] -- env...
  local name=$1 port=$2 extra=$3; shift 3
  printf '[sqlite_database.default]\ntype = "spin"\npath = "%s/%s.db"\n%b' "$tmp" "$name" "$extra" >"$tmp/$name.toml"
  (cd "$app" && exec env "$@" spin up --listen "127.0.0.1:$port" --runtime-config-file "$tmp/$name.toml" \
      --idle-instance-timeout 600s --max-instance-reuse-count 1000000000 >"$tmp/$name.log" 2>&1) &
  pids+=($!)
}
start_spin stock "$p_stock" ""
start_spin accept "$p_acc" "" LD_PRELOAD="$tmp/nodelay_shim.so" NODELAY_SHIM_LOG="$tmp/shim-accept.log"
start_spin both "$p_both" "" LD_PRELOAD="$tmp/nodelay_shim.so" NODELAY_SHIM_CONNECT=1 NODELAY_SHIM_LOG="$tmp/shim-both.log"
start_spin nopool "$p_nopool" '[outbound_http]\nconnection_pooling = false\n'

# name|port|client arguments
conds=("provider|$p_fake|--target provider" "stock|$p_stock|" "stock, new connection|$p_stock|--fresh"
       "nodelay-accept|$p_acc|" "nodelay-both|$p_both|" "stock+nopool|$p_nopool|")
if command -v caddy >/dev/null; then
  cat >"$tmp/Caddyfile" <<EOF
{
	admin off
	auto_https off
}
http://127.0.0.1:$p_caddy_stock {
	reverse_proxy 127.0.0.1:$p_stock {
		flush_interval -1
	}
}
http://127.0.0.1:$p_caddy_nopool {
	reverse_proxy 127.0.0.1:$p_nopool {
		flush_interval -1
	}
}
http://127.0.0.1:$p_caddy_fresh {
	reverse_proxy 127.0.0.1:$p_nopool {
		flush_interval -1
		transport http {
			keepalive off
		}
	}
}
EOF
  mkdir -p "$tmp/caddy-home"
  HOME="$tmp/caddy-home" XDG_DATA_HOME="$tmp/caddy-home" XDG_CONFIG_HOME="$tmp/caddy-home" \
    caddy run --config "$tmp/Caddyfile" --adapter caddyfile >"$tmp/caddy.log" 2>&1 &
  pids+=($!)
  conds+=("caddy>stock|$p_caddy_stock|" "caddy>nopool|$p_caddy_nopool|" "caddy(keepalive off)>nopool|$p_caddy_fresh|")
else
  echo "(caddy not installed: no proxy rows)"
fi

for port in $p_stock $p_acc $p_both $p_nopool; do
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null || { echo "spin on $port did not start; logs in $tmp" >&2; cat "$tmp"/*.log >&2; exit 1; }
done
if command -v caddy >/dev/null; then
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$p_caddy_stock/api/health" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$p_caddy_stock/api/health" >/dev/null || { echo "caddy did not start:" >&2; cat "$tmp/caddy.log" >&2; exit 1; }
fi
grep -q "accept.*TCP_NODELAY=1" "$tmp/shim-accept.log" || { echo "the shim is not active in the trigger process" >&2; exit 1; }

echo "spin: $(spin --version); kernel $(uname -r); $reps rounds"
# Warm every target once (first instance start, schema), not counted.
for c in "${conds[@]}"; do IFS='|' read -r name port args <<<"$c"
  # shellcheck disable=SC2086
  timeout 60 python3 "$here/client.py" --port "$port" $args --reps 1 --label warm >/dev/null
done
declare -A content=([fast]='hi [[first=0 delay=3 words=60]]' [paced]='hi [[first=0 delay=20 words=40]]')
for ((r = 1; r <= reps; r++)); do
  for prof in fast paced; do
    for ack in natural delayed; do
      for c in "${conds[@]}"; do IFS='|' read -r name port args <<<"$c"
        # shellcheck disable=SC2086
        timeout 60 python3 "$here/client.py" --port "$port" $args ${NODELAY_CLIENT_ARGS:-} --ack "$ack" --reps 1 \
          --content "${content[$prof]}" --label "$prof  $name  ($ack ACK)" >>"$tmp/$prof.jsonl"
      done
    done
  done
  printf '.'
done
echo
for prof in fast paced; do
  echo; echo "profile $prof: ${content[$prof]}   (ms; gaps between consecutive deltas; burst = delta in the same read as the previous one)"
  python3 "$here/client.py" summary "$tmp/$prof.jsonl"
done
echo
echo "shim check (nodelay-both, sockets set TCP_NODELAY=1 and read back): $(awk '/TCP_NODELAY=1/ {print $3}' "$tmp/shim-both.log" | sort | uniq -c | tr -s "\n " " ")"
if [[ -n "${NODELAY_KEEP:-}" ]]; then cp "$tmp"/*.jsonl "$NODELAY_KEEP"/ && echo "raw results copied to $NODELAY_KEEP"; fi
