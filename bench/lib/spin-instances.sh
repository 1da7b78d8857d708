# Shared by bench/restore.sh and bench/import.sh (sourced): a temporary folder, `spin up`
# instances each with its own database, and the RSS figures of Spin's trigger process.
# Sets `tmp` (removed on exit, with every instance started) and `pids`; defines `start`,
# `stop`, `trigger_of`, `kb`, `mb`, `pictures` and `picture_bytes`.
command -v spin >/dev/null || { echo "spin is not on PATH" >&2; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts `spin up` on port $1 with database $2; sets $spin_pid.
start() {
  printf '[sqlite_database.default]\ntype = "spin"\npath = "%s"\n[key_value_store.default]\ntype = "spin"\npath = "%s"\n' \
    "$2" "$2.kv" >"$tmp/rc-$1.toml"
  SPIN_VARIABLE_GUEST_RATE_LIMIT=1000/60 spin up --from spin.toml --listen "127.0.0.1:$1" --runtime-config-file "$tmp/rc-$1.toml" \
    --idle-instance-timeout 600s --max-instance-reuse-count 1000000000 >"$tmp/spin-$1.log" 2>&1 &
  spin_pid=$!
  pids+=("$spin_pid")
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/api/health" >/dev/null && return; sleep 0.2; done
  echo "spin up on $1 did not start: $(cat "$tmp/spin-$1.log")" >&2
  exit 1
}
stop() { pkill -TERM -P "$1" 2>/dev/null || true; kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
trigger_of() { pgrep -P "$1" | head -1; }
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f MB", k / 1024}'; }
# A database's pictures as one line (count, bytes, every sha256 in order): equal lines,
# the same pictures byte for byte, whatever their ids.
pictures() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*), SUM(bytes), group_concat(sha256) FROM (SELECT * FROM images ORDER BY sha256)").fetchone())' "$1"; }
picture_bytes() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT SUM(bytes) FROM images").fetchone()[0])' "$1"; }
