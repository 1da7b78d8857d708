#!/usr/bin/env bash
# Benchmark: exporting and importing a Nexus export full of pictures on real Spin. Writes
# a Nexus export of N noise PNGs (incompressible, like phone photos; default 200 of
# ~750 KB = ~150 MB, one per user message, 10 messages per conversation), imports it
# into an instance (POST /api/import), restarts that instance and exports everything
# (GET /api/export), then imports that export into a fresh instance (another account,
# another database) and prints the files' sizes, the times and the RSS of Spin's trigger
# process (the one running the components) before, at its peak (VmHWM) and after, for
# the export and for the second import. Checks every picture arrived byte for byte
# (sha256 in SQL).
#   bash bench/import.sh [N] [edge px]   # needs spin on PATH and the wasm components built
#   (cargo build --target wasm32-wasip2 --release -p nexus-library -p nexus-accounts ...)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
edge=${2:-500}
# shellcheck source=bench/lib/spin-instances.sh
source bench/lib/spin-instances.sh
setup() { curl -sf -c "$tmp/jar-$1" -H 'content-type: application/json' -d '{"username":"admin","password":"correct horse battery"}' \
  "http://127.0.0.1:$1/api/auth/setup" >/dev/null; }
# POST /api/import of file $2 on port $1 as its admin; prints "code seconds".
import() {
  curl -s -b "$tmp/jar-$1" -o "$tmp/import-$1.out" -w '%{http_code} %{time_total}\n' -H 'content-type: application/json' \
    -H 'Sec-Fetch-Site: same-origin' --data-binary @"$2" "http://127.0.0.1:$1/api/import"
}

# 0. The export file a person would have: N pictures in conversations.
python3 - "$tmp/made.json" "$n" "$edge" <<'PY'
import base64, json, os, struct, sys, uuid, zlib
path, n, edge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
conversations, per = [], 10
for c in range((n + per - 1) // per):
    messages, images, parent = [], [], None
    for k in range(min(per, n - c * per)):
        raw = b"".join(b"\0" + os.urandom(edge * 3) for _ in range(edge))  # noise: incompressible
        png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", edge, edge, 8, 2, 0, 0, 0)) \
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")
        uid, aid, img = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
        messages.append({"id": uid, "parent_id": parent, "role": "user", "content": f"Picture {k}",
                         "parts": [{"type": "image", "image_id": img, "content_type": "image/png", "width": edge, "height": edge}],
                         "created_at": "2026-12-01T10:00:00.000Z"})
        messages.append({"id": aid, "parent_id": uid, "role": "assistant", "content": "A nice picture.", "model": "m",
                         "created_at": "2026-12-01T10:00:01.000Z"})
        images.append({"id": img, "message_id": uid, "content_type": "image/png", "width": edge, "height": edge,
                       "created_at": "2026-12-01T10:00:00.000Z", "data": base64.b64encode(png).decode()})
        parent = aid
    conversations.append({"id": str(uuid.uuid4()), "title": f"Photos {c}", "model": "m", "created_at": "2026-12-01T10:00:00.000Z",
                          "active_leaf_id": parent, "messages": messages, "images": images})
json.dump({"format": "nexus-export", "version": 1, "exported_at": "2026-12-01T10:00:00.000Z", "conversations": conversations},
          open(path, "w"))
PY

# 1. The source instance: the file imported, then (restarted, so the peak is the export's) exported.
start 3793 "$tmp/a.db"
setup 3793
read -r code _ < <(import 3793 "$tmp/made.json")
[ "$code" = 200 ] || { echo "the first import answered $code: $(head -c 400 "$tmp/import-3793.out")" >&2; exit 1; }
stop "$spin_pid"
start 3793 "$tmp/a.db"
sleep 1
trigger=$(trigger_of "$spin_pid")
curl -sf -b "$tmp/jar-3793" http://127.0.0.1:3793/api/auth/status >/dev/null # the library component's instance
ex_rss0=$(kb "$trigger" VmRSS)
export_secs=$(curl -sf -b "$tmp/jar-3793" -o "$tmp/export.json" -w '%{time_total}' http://127.0.0.1:3793/api/export)
ex_hwm=$(kb "$trigger" VmHWM); ex_rss1=$(kb "$trigger" VmRSS)
sum_a=$(pictures "$tmp/a.db")
stop "$spin_pid"

# 2. A fresh instance: the export imported by its admin.
start 3794 "$tmp/b.db"
setup 3794
sleep 1
trigger=$(trigger_of "$spin_pid")
curl -sf -b "$tmp/jar-3794" http://127.0.0.1:3794/api/auth/status >/dev/null
rss0=$(kb "$trigger" VmRSS)
read -r code secs < <(import 3794 "$tmp/export.json")
[ "$code" = 200 ] || { echo "the import answered $code: $(head -c 400 "$tmp/import-3794.out")" >&2; exit 1; }
hwm1=$(kb "$trigger" VmHWM); rss1=$(kb "$trigger" VmRSS)
sum_b=$(pictures "$tmp/b.db")
[ "$sum_a" = "$sum_b" ] || { echo "the pictures differ after the import" >&2; exit 1; }
bytes=$(picture_bytes "$tmp/b.db")
size=$(stat -c %s "$tmp/export.json")
echo "target: spin up ($(spin --version)), $n pictures ${edge}x${edge} PNG noise, exported and imported in one request each"
printf '%-24s %s\n' "pictures" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b / 1e6}')" \
  "export file" "$(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1e6}')" \
  "import: time" "$secs s" \
  "import: RSS before" "$(mb "$rss0")" \
  "import: peak RSS" "$(mb "$hwm1")" \
  "import: RSS after" "$(mb "$rss1")" \
  "export: time" "$export_secs s" \
  "export: RSS before" "$(mb "$ex_rss0")" \
  "export: peak RSS" "$(mb "$ex_hwm")" \
  "export: RSS after" "$(mb "$ex_rss1")" \
  "import: peak added/MB" "$(awk -v k="$hwm1" -v r="$rss0" -v s="$size" 'BEGIN {printf "%.2f MB per MB of file", (k - r) * 1024 / s}')" \
  "export: peak added/MB" "$(awk -v k="$ex_hwm" -v r="$ex_rss0" -v s="$size" 'BEGIN {printf "%.2f MB per MB of file", (k - r) * 1024 / s}')"
