import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';

function answer(status: number, body: string, type = 'application/json') {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': type } })));
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected a failure');
}

describe('API errors', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('carry the sentence and the machine-readable code', async () => {
    answer(409, JSON.stringify({ error: 'The default prompt cannot be deleted.', code: 'conflict' }));
    const e = await failure(api.deletePrompt('p1'));
    expect(e).toMatchObject({ status: 409, message: 'The default prompt cannot be deleted.', code: 'conflict' });
  });

  it('work without a code (older servers)', async () => {
    answer(404, JSON.stringify({ error: 'No such conversation.' }));
    const e = await failure(api.getConversation('c1'));
    expect(e).toMatchObject({ status: 404, message: 'No such conversation.' });
    expect(e.code).toBeUndefined();
  });

  it('fall back to the status line for a body that is not JSON', async () => {
    answer(502, '<html>Bad gateway</html>', 'text/html');
    const e = await failure(api.listConversations());
    expect(e.status).toBe(502);
    expect(e.message).toMatch(/^502/);
    expect(e.code).toBeUndefined();
  });

  it('of a stream request (before it starts) carry the code too', async () => {
    answer(413, JSON.stringify({ error: 'The message is longer than 100000 characters.', code: 'payload_too_large' }));
    const e = await failure(api.sendMessage('c1', { content: 'x' }).next());
    expect(e).toMatchObject({ status: 413, code: 'payload_too_large' });
  });
});

describe('reply streams', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('give reasoning events (no id) without an offset, and deltas their id as the offset', async () => {
    const body = [
      'id: 0\ndata: {"type":"start","user_message_id":"u","message_id":"a","conversation_id":"c1"}\n\n',
      'data: {"type":"reasoning","content":"The user asks something."}\n\n',
      'id: 3\ndata: {"type":"delta","content":"You"}\n\n',
    ].join('');
    answer(200, body, 'text/event-stream');
    const events = [];
    for await (const e of api.sendMessage('c1', { content: 'hi' })) events.push(e);
    expect(events).toEqual([
      { type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' },
      { type: 'reasoning', content: 'The user asks something.' },
      { type: 'delta', content: 'You', offset: 3 },
    ]);
  });
});
