#!/usr/bin/env python3
"""Delayed-ACK SSE client: times every server-sent event of a streamed Nexus reply.

Reproducer for "Spin's HTTP trigger does not set TCP_NODELAY" (docs/spin-tcp-nodelay.md).
It does what a browser tab does when you send the first message of a new chat:
on ONE keep-alive connection it creates a conversation (POST /api/conversations) and at
once posts the message (POST /api/conversations/{id}/messages), then reads the SSE reply
and records the arrival time (time.monotonic after recv) of every `delta` event.

Receiver ACK behaviour (--ack):
  natural  the kernel's own (Linux: quick ACKs after data that was pushed and read, but a
           connection that has just sent a request right after a response is in
           "ping-pong" mode and delays its ACK by up to 40 ms: what a browser's reused
           connection looks like to the server).
  delayed  re-arms TCP_QUICKACK=0 after every recv(): every ACK waits for the delayed-ACK
           timer (40 ms on Linux). Emulates a receiver that delays its ACKs, like Windows
           (200 ms timer, ACK every 2nd segment) or Android.
  quick    sets TCP_QUICKACK=1 after every recv(): ACKs go out at once (best case).
--fresh    sends the message on a new connection instead of the reused one.
--mss N    advertises MSS N (TCP_MAXSEG before connect): loopback's MSS is ~65 KB, so
           Nagle would never meet a full segment; 1460 is what Ethernet paths give.
--target provider  streams straight from the fake provider (POST /v1/chat/completions):
           the provider's own send schedule as this client sees it (the baseline).

Prints one JSON object per repetition on stdout:
  {"label": ..., "ttft_ms": ..., "head_ms": ..., "start_ms": ..., "gaps_ms": [...],
   "deltas": n, "recvs": n}
ttft = first delta's arrival minus the moment the message request was written; gaps are
between consecutive delta events (0 = the two came in the same recv(), i.e. a burst).

`client.py summary FILE...` reads such lines and prints one table row per label:
TTFT median/p90/max, gap median/p90/p99/max, share of gaps > 30 ms, share of deltas that
arrived together with the previous one (gap < 1 ms).
Only talks to 127.0.0.1.
"""
import argparse
import json
import socket
import sys
import time

HOST = "127.0.0.1"


def connect(port, mss):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if mss:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # our own requests go out whole
    s.settimeout(30)
    s.connect((HOST, port))
    return s


def request(port, method, path, body):
    data = json.dumps(body).encode()
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        "Content-Type: application/json\r\nAccept: text/event-stream, application/json\r\n"
        "Sec-Fetch-Site: same-origin\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode()
    return head + data


class Reader:
    """Incremental HTTP/1.1 response reader (Content-Length or chunked)."""

    def __init__(self, sock, ack):
        self.s, self.ack, self.buf, self.recvs = sock, ack, b"", 0

    def fill(self):
        d = self.s.recv(65536)
        t = time.monotonic()
        if self.ack == "delayed":
            self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 0)
        elif self.ack == "quick":
            self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        if not d:
            raise EOFError("connection closed")
        self.recvs += 1
        self.buf += d
        return t

    def head(self):
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        h, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = h.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
        return status, hdrs

    def body_whole(self, hdrs):
        if "content-length" in hdrs:
            n = int(hdrs["content-length"])
            while len(self.buf) < n:
                self.fill()
            b, self.buf = self.buf[:n], self.buf[n:]
            return b
        out = b""
        for piece, _t in self.body_chunks():
            out += piece
        return out

    def body_chunks(self):
        """Yields (bytes, arrival time of the recv that completed them) for a chunked body."""
        t = time.monotonic()
        while True:
            while b"\r\n" not in self.buf:
                t = self.fill()
            line, rest = self.buf.split(b"\r\n", 1)
            n = int(line.split(b";")[0], 16)
            while len(rest) < n + 2:
                t = self.fill()
                line, rest = self.buf.split(b"\r\n", 1)
            piece, self.buf = rest[:n], rest[n + 2:]
            if n == 0:
                return
            yield piece, t


def stream_events(rd, t0, marks=None):
    """Reads the SSE body; returns arrival times (ms after t0) of delta events."""
    arrivals, pending = [], b""
    for piece, t in rd.body_chunks():
        pending += piece
        while b"\n\n" in pending:
            ev, pending = pending.split(b"\n\n", 1)
            for line in ev.split(b"\n"):
                if not line.startswith(b"data:"):
                    continue
                payload = line[5:].strip()
                if payload == b"[DONE]":
                    continue
                try:
                    j = json.loads(payload)
                except ValueError:
                    continue
                is_delta = j.get("type") == "delta" or (
                    "choices" in j and j["choices"] and (j["choices"][0].get("delta") or {}).get("content")
                )
                if is_delta:
                    arrivals.append((t - t0) * 1000)
                elif j.get("type") == "start" and marks is not None:
                    marks["start_ms"] = round((t - t0) * 1000, 3)
    return arrivals


def one_run(a, content):
    s = connect(a.port, a.mss)
    rd = Reader(s, a.ack)
    if a.target == "provider":
        body = {"model": "fake/model", "stream": True, "messages": [{"role": "user", "content": content}]}
        s.sendall(request(a.port, "POST", "/v1/chat/completions", body))
        t0 = time.monotonic()
    else:
        for _ in range(a.warm):  # page-load requests on the same connection
            s.sendall(request(a.port, "GET", "/api/health", {}))
            st, h = rd.head()
            rd.body_whole(h)
        s.sendall(request(a.port, "POST", "/api/conversations", {}))
        st, h = rd.head()
        conv = json.loads(rd.body_whole(h))
        if st >= 300:
            raise RuntimeError(f"create: {st} {conv}")
        cid = conv.get("id") or conv.get("conversation", {}).get("id")
        if a.fresh:
            s.close()
            s = connect(a.port, a.mss)
            rd = Reader(s, a.ack)
        s.sendall(request(a.port, "POST", f"/api/conversations/{cid}/messages", {"content": content}))
        t0 = time.monotonic()
    st, h = rd.head()
    marks = {"head_ms": round((time.monotonic() - t0) * 1000, 3)}
    if st != 200:
        raise RuntimeError(f"send: {st} {rd.buf[:300]!r}")
    arr = stream_events(rd, t0, marks)
    s.close()
    gaps = [round(b - x, 3) for x, b in zip(arr, arr[1:])]
    return {"label": a.label, "ttft_ms": round(arr[0], 3) if arr else None, **marks, "gaps_ms": gaps, "deltas": len(arr), "recvs": rd.recvs}


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(files):
    rows = {}
    for f in files:
        with open(f) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    r = json.loads(line)
                    rows.setdefault(r["label"], []).append(r)
    hdr = f"{'condition':<52} {'n':>3} {'ttft p50':>8} {'p90':>6} {'max':>6} | {'gap p50':>7} {'p90':>6} {'p99':>6} {'max':>6} {'>30ms':>6} {'burst':>6}"
    print(hdr)
    print("-" * len(hdr))
    for label, rs in rows.items():
        t = [r["ttft_ms"] for r in rs if r["ttft_ms"] is not None]
        g = [x for r in rs for x in r["gaps_ms"]]
        big = 100 * sum(x > 30 for x in g) / max(len(g), 1)
        burst = 100 * sum(x < 1 for x in g) / max(len(g), 1)
        print(f"{label:<52} {len(rs):>3} {pct(t, .5):>8.1f} {pct(t, .9):>6.1f} {max(t):>6.1f} | "
              f"{pct(g, .5):>7.1f} {pct(g, .9):>6.1f} {pct(g, .99):>6.1f} {max(g):>6.1f} {big:>5.1f}% {burst:>5.1f}%")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "summary":
        return summary(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--target", choices=["nexus", "provider"], default="nexus")
    p.add_argument("--ack", choices=["natural", "delayed", "quick"], default="natural")
    p.add_argument("--fresh", action="store_true")
    p.add_argument("--mss", type=int, default=0)
    p.add_argument("--warm", type=int, default=0, help="GET /api/health N times on the connection first")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--label", default="run")
    p.add_argument("--content", default="hi [[first=5 delay=20 words=60]]")
    a = p.parse_args()
    for i in range(min(a.reps, 100)):
        r = one_run(a, a.content)
        print(json.dumps(r), flush=True)
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
