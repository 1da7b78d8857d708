#!/usr/bin/env bash
# Benchmark: restoring a backup full of pictures on real Spin. Makes an instance, uploads
# N noise PNGs (incompressible, like phone photos; default 200 of ~750 KB = ~150 MB),
# downloads the backup (GET /api/admin/backup), then restores it (POST /api/restore)
# into a fresh instance and prints the file's size, the time the restore took, and the
# RSS of Spin's trigger process (the one running the components) before, at its peak
# (VmHWM) and after; and the same for making the backup. Checks every picture arrived byte for byte (sha256 in SQL).
#   bash bench/restore.sh [N] [edge px]   # needs spin on PATH and the wasm components built
#   (cargo build --target wasm32-wasip2 --release -p nexus-library -p nexus-accounts ...)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
edge=${2:-500}
# shellcheck source=bench/lib/spin-instances.sh
source bench/lib/spin-instances.sh

# 1. The source instance, its admin, N pictures.
start 3791 "$tmp/a.db"
curl -sf -c "$tmp/jar" -H 'content-type: application/json' -d '{"username":"admin","password":"correct horse battery"}' \
  http://127.0.0.1:3791/api/auth/setup >/dev/null
python3 - "$tmp" "$n" "$edge" <<'PY'
import os, struct, sys, zlib, http.client, http.cookiejar
tmp, n, edge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cookie = [l.split('\t') for l in open(f"{tmp}/jar") if 'nexus_session' in l][0]
cookie = f"{cookie[5]}={cookie[6].strip()}"
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
conn = http.client.HTTPConnection("127.0.0.1", 3791)
for i in range(n):
    raw = b"".join(b"\0" + os.urandom(edge * 3) for _ in range(edge))  # noise: incompressible
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", edge, edge, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")
    conn.request("POST", "/api/images", png, {"Content-Type": "image/png", "Cookie": cookie, "Sec-Fetch-Site": "same-origin"})
    r = conn.getresponse(); body = r.read()
    assert r.status == 201, (r.status, body)
PY
trigger_a=$(trigger_of "${pids[0]}")
up_rss=$(kb "$trigger_a" VmRSS)
backup_secs=$(curl -sf -b "$tmp/jar" -o "$tmp/backup.json" -w '%{time_total}' http://127.0.0.1:3791/api/admin/backup)
up_hwm=$(kb "$trigger_a" VmHWM)
sum_a=$(pictures "$tmp/a.db")
pkill -TERM -P "${pids[0]}" 2>/dev/null || true; kill "${pids[0]}" 2>/dev/null || true

# 2. A fresh instance: the restore.
start 3792 "$tmp/b.db"
sleep 1
trigger=$(trigger_of "$spin_pid")
curl -sf http://127.0.0.1:3792/api/auth/status >/dev/null # the library component's instance
rss0=$(kb "$trigger" VmRSS); hwm0=$(kb "$trigger" VmHWM)
read -r code secs < <(curl -s -o "$tmp/restore.out" -w '%{http_code} %{time_total}\n' -H 'content-type: application/json' \
  --data-binary @"$tmp/backup.json" http://127.0.0.1:3792/api/restore)
[ "$code" = 200 ] || { echo "restore answered $code: $(head -c 400 "$tmp/restore.out")" >&2; exit 1; }
rss1=$(kb "$trigger" VmRSS); hwm1=$(kb "$trigger" VmHWM)
sum_b=$(pictures "$tmp/b.db")
[ "$sum_a" = "$sum_b" ] || { echo "the pictures differ after the restore" >&2; exit 1; }
bytes=$(picture_bytes "$tmp/b.db")
size=$(stat -c %s "$tmp/backup.json")
echo "target: spin up ($(spin --version)), $n pictures ${edge}x${edge} PNG noise, restored one request"
printf '%-24s %s\n' "pictures" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b / 1e6}')" \
  "backup file" "$(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1e6}')" \
  "restore: time" "$secs s" \
  "restore: RSS before" "$(mb "$rss0")" \
  "restore: peak RSS" "$(mb "$hwm1")" \
  "restore: RSS after" "$(mb "$rss1")" \
  "backup: time" "$backup_secs s" \
  "backup: RSS before" "$(mb "$up_rss")" \
  "backup: peak RSS" "$(mb "$up_hwm")" \
  "restore: peak added/MB" "$(awk -v k="$hwm1" -v r="$rss0" -v s="$size" 'BEGIN {printf "%.2f MB per MB of file", (k - r) * 1024 / s}')"
