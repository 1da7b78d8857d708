// Server-Sent Events parsing for streams read with fetch (POST cannot use EventSource).
// Robust to events, lines, `\r\n` pairs and multi-byte UTF-8 characters being
// split anywhere across network chunks.

/** Incremental SSE parser: feed text, get the `data` payloads of completed events. */
export class SSEParser {
  private buffer = '';
  private data: string[] = [];

  /** Feeds decoded text; returns the data of every event completed by it. */
  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    let start = 0;
    const buf = this.buffer;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13) {
        // A CR at the very end may be the first half of a CRLF: wait for more.
        if (i === buf.length - 1) break;
        this.line(buf.slice(start, i), out);
        if (buf.charCodeAt(i + 1) === 10) i++;
      } else {
        this.line(buf.slice(start, i), out);
      }
      start = i + 1;
    }
    this.buffer = buf.slice(start);
    return out;
  }

  /** Ends the stream: a last event without its blank line is still delivered. */
  end(): string[] {
    const out: string[] = [];
    if (this.buffer.length) {
      const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
      this.buffer = '';
      this.line(rest, out);
    }
    this.line('', out);
    return out;
  }

  private line(line: string, out: string[]) {
    if (line === '') {
      if (this.data.length) out.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    // `event`, `id`, `retry` are not used by this API.
  }
}

/** Yields the `data` payload of each event of a byte stream. */
export async function* parseSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SSEParser();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      for (const d of parser.push(decoder.decode(value, { stream: true }))) yield d;
    }
    for (const d of parser.push(decoder.decode())) yield d;
    for (const d of parser.end()) yield d;
  } finally {
    // Stopped early by the consumer: let the connection go.
    if (!finished) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}
