// Server-Sent Events parsing for streams read with fetch (POST cannot use EventSource).
// Robust to events, lines, `\r\n` pairs and multi-byte UTF-8 characters being
// split anywhere across network chunks.

/** One dispatched event: its data and the `id:` field it carried (if any). */
export interface SSEEvent {
  data: string;
  id?: string;
}

/** Incremental SSE parser: feed text, get the `data` payloads of completed events. */
export class SSEParser {
  private buffer = '';
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds decoded text; returns the data of every event completed by it. */
  push(text: string): string[] {
    return this.pushEvents(text).map((e) => e.data);
  }

  /** Like `push`, with each event's `id`. */
  pushEvents(text: string): SSEEvent[] {
    this.buffer += text;
    const out: SSEEvent[] = [];
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
    return this.endEvents().map((e) => e.data);
  }

  endEvents(): SSEEvent[] {
    const out: SSEEvent[] = [];
    if (this.buffer.length) {
      const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
      this.buffer = '';
      this.line(rest, out);
    }
    this.line('', out);
    return out;
  }

  private line(line: string, out: SSEEvent[]) {
    if (line === '') {
      if (this.data.length) out.push(this.id === undefined ? { data: this.data.join('\n') } : { data: this.data.join('\n'), id: this.id });
      this.data = [];
      this.id = undefined;
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    // `event` and `retry` are not used by this API.
  }
}

/** Yields the `data` payload of each event of a byte stream. */
export async function* parseSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  for await (const e of parseSSEEvents(body)) yield e.data;
}

/** Yields each event (data and id) of a byte stream. */
export async function* parseSSEEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SSEEvent> {
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
      for (const d of parser.pushEvents(decoder.decode(value, { stream: true }))) yield d;
    }
    for (const d of parser.pushEvents(decoder.decode())) yield d;
    for (const d of parser.endEvents()) yield d;
  } finally {
    // Stopped early by the consumer: let the connection go.
    if (!finished) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}
