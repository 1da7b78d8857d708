import { describe, expect, it } from 'vitest';
import { parseSSE, parseSSEEvents, SSEParser } from '../src/lib/sse';

const events = [
  { type: 'start', user_message_id: 'u1', message_id: 'a1', conversation_id: 'c1' },
  { type: 'delta', content: 'Héllo 👋 wörld — ' },
  { type: 'delta', content: 'line\nbreak and "quotes" and data: inside' },
  { type: 'done', message_id: 'a1', model: 'openai/gpt-4o-mini', usage: { total_tokens: 3 } },
];
// What the server sends, plus a comment line and CRLF/CR line endings to be safe.
const wire =
  ': keep-alive\n\n' +
  events
    .map((e, i) => `data: ${JSON.stringify(e)}${['\n\n', '\r\n\r\n', '\r\r', '\n\n'][i]}`)
    .join('') +
  // One event in two data lines (joined with \n), CRLF endings.
  'data: {"type":"delta",\r\ndata: "content":"two lines"}\r\n\r\n';
events.push({ type: 'delta', content: 'two lines' });
const bytes = new TextEncoder().encode(wire);

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
}

async function collect(chunks: Uint8Array[]) {
  const out: unknown[] = [];
  for await (const d of parseSSE(streamOf(chunks))) out.push(JSON.parse(d));
  return out;
}

describe('SSE parser', () => {
  it('parses a whole stream in one chunk', async () => {
    expect(await collect([bytes])).toEqual(events);
  });

  it('gives the same events when split at every byte offset', async () => {
    for (let i = 0; i <= bytes.length; i++) {
      const got = await collect([bytes.slice(0, i), bytes.slice(i)]);
      expect(got, `split at byte ${i}`).toEqual(events);
    }
  });

  it('gives the same events when split at every pair of offsets', async () => {
    for (let i = 0; i < bytes.length; i += 7) {
      for (let j = i; j <= bytes.length; j += 5) {
        const got = await collect([bytes.slice(0, i), bytes.slice(i, j), bytes.slice(j)]);
        expect(got, `split at ${i} and ${j}`).toEqual(events);
      }
    }
  });

  it('gives the same events one byte at a time', async () => {
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await collect(chunks)).toEqual(events);
  });

  it('joins multi-line data, ignores comments and other fields', () => {
    const p = new SSEParser();
    expect(p.push('event: x\nid: 1\ndata: a\ndata:b\n: note\n\n')).toEqual(['a\nb']);
    expect(p.push('data: c')).toEqual([]);
    expect(p.push('\n')).toEqual([]);
    expect(p.push('\n')).toEqual(['c']);
  });

  it('gives each event the id it carried (the reply offset), split anywhere', async () => {
    const wire = 'id: 0\ndata: {"type":"start"}\n\nid: 3\ndata: {"type":"delta","content":"é👋x"}\n\n: keep-alive\n\ndata: {"type":"title"}\n\n';
    const b = new TextEncoder().encode(wire);
    for (let i = 0; i <= b.length; i++) {
      const got: Array<{ data: string; id?: string }> = [];
      for await (const e of parseSSEEvents(streamOf([b.slice(0, i), b.slice(i)]))) got.push(e);
      expect(got.map((e) => e.id), `split at ${i}`).toEqual(['0', '3', undefined]);
      expect(JSON.parse(got[1].data).content).toBe('é👋x');
    }
  });

  it('delivers a last event that lacks its blank line', () => {
    const p = new SSEParser();
    expect(p.push('data: {"type":"done"}')).toEqual([]);
    expect(p.end()).toEqual(['{"type":"done"}']);
  });

  it('propagates a connection failure mid-stream', async () => {
    const half = bytes.slice(0, 120);
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulls++ === 0) c.enqueue(half);
        else c.error(new TypeError('network error'));
      },
    });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const d of parseSSE(body)) got.push(d);
      })(),
    ).rejects.toThrow('network error');
    expect(got.length).toBe(1);
  });
});
