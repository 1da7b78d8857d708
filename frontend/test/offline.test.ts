import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import type { StreamEvent } from '../src/api/types';
import { chatReducer, initialChatState } from '../src/hooks/chatReducer';
import { deliver, flushOutbox } from '../src/offline/deliver';
import {
  addToOutbox,
  clearOutboxes,
  MAX_OUTBOX,
  newClientId,
  outboxKey,
  readOutbox,
  removeFromOutbox,
  subscribeOutbox,
  type OutboxItem,
} from '../src/offline/outbox';
import { apiCacheName, apiCachesToDelete, belongsTo, cacheableApi, shellCachesToDelete, touchRecent } from '../src/offline/policy';

const u = (path: string) => new URL(path, 'https://nexus.example');

describe('what the service worker keeps for offline reading', () => {
  it('keeps the main list’s first page, a conversation and its newest messages page', () => {
    expect(cacheableApi('GET', u('/api/conversations?folder=none&limit=50'))).toEqual({ kind: 'list' });
    expect(cacheableApi('GET', u('/api/conversations'))).toEqual({ kind: 'list' });
    expect(cacheableApi('GET', u('/api/conversations/abc-1'))).toEqual({ kind: 'conversation', id: 'abc-1' });
    expect(cacheableApi('GET', u('/api/conversations/abc-1?limit=1'))).toEqual({ kind: 'conversation', id: 'abc-1' });
    expect(cacheableApi('GET', u('/api/conversations/abc-1/messages?limit=50'))).toEqual({ kind: 'conversation', id: 'abc-1' });
  });
  it('never keeps streams, writes, other pages or other endpoints', () => {
    const never = [
      '/api/conversations?cursor=xyz&folder=none&limit=50', // a later page
      '/api/conversations?folder=f1&limit=50', // a folder
      '/api/conversations?tag=work', // a tag
      '/api/conversations?archived=true', // the archive
      '/api/conversations/abc/messages?before=m1&limit=50', // an older page
      '/api/conversations/abc/messages/m1', // one message
      '/api/conversations/abc/messages/m1/stream?offset=0', // the follow stream
      '/api/conversations/bulk',
      '/api/auth/status',
      '/api/auth/sessions',
      '/api/users/me',
      '/api/admin/users',
      '/api/admin/backup',
      '/api/export',
      '/api/export/abc?format=json',
      '/api/settings',
      '/api/health',
      '/api/search?q=x',
      '/api/shared/token',
      '/index.html',
    ];
    for (const p of never) expect(cacheableApi('GET', u(p)), p).toBeNull();
    for (const m of ['POST', 'PATCH', 'DELETE', 'PUT']) expect(cacheableApi(m, u('/api/conversations/abc'))).toBeNull();
    expect(cacheableApi('GET', u('/api/conversations/abc'), 'text/event-stream')).toBeNull();
    expect(cacheableApi('GET', u('/api/conversations/a%2Fb'))).toBeNull();
  });
  it('names one cache per user and deletes everyone else’s (all when nobody is signed in)', () => {
    const names = ['nexus-shell-1', 'nexus-meta', apiCacheName('alice'), apiCacheName('bob')];
    expect(apiCacheName('alice')).not.toBe(apiCacheName('bob'));
    expect(apiCachesToDelete(names, 'alice')).toEqual([apiCacheName('bob')]);
    expect(apiCachesToDelete(names, null)).toEqual([apiCacheName('alice'), apiCacheName('bob')]);
    expect(apiCachesToDelete(names, 'carol')).toEqual([apiCacheName('alice'), apiCacheName('bob')]);
    expect(shellCachesToDelete(['nexus-shell-old', 'nexus-shell-new', 'nexus-meta', 'other'], 'nexus-shell-new')).toEqual(['nexus-shell-old']);
  });
  it('keeps the last ten conversations opened and says which fell off', () => {
    let recent: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const r = touchRecent(recent, `c${i}`);
      expect(r.evicted).toEqual([]);
      recent = r.recent;
    }
    expect(recent[0]).toBe('c10');
    // Opening one again moves it to the front, nothing falls off.
    const again = touchRecent(recent, 'c1');
    expect(again).toEqual({ recent: ['c1', 'c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2'], evicted: [] });
    // An eleventh: the one opened longest ago goes.
    expect(touchRecent(again.recent, 'c11').evicted).toEqual(['c2']);
    expect(belongsTo(u('/api/conversations/c2/messages?limit=50'), 'c2')).toBe(true);
    expect(belongsTo(u('/api/conversations/c2'), 'c3')).toBe(false);
    expect(belongsTo(u('/api/conversations?folder=none'), 'c2')).toBe(false);
  });
});

const item = (n: number, conversation = 'c1'): OutboxItem => ({
  client_id: `00000000-0000-4000-8000-00000000000${n}`,
  conversation_id: conversation,
  content: `message ${n}`,
  created_at: '2026-12-03T10:00:00Z',
});

describe('the outbox', () => {
  afterEach(() => localStorage.clear());

  it('keeps messages per user, in order, across a reload (localStorage), once per client_id', () => {
    expect(addToOutbox(localStorage, 'alice', item(1))).toBe(true);
    expect(addToOutbox(localStorage, 'alice', item(2, 'c2'))).toBe(true);
    expect(addToOutbox(localStorage, 'alice', item(1))).toBe(true);
    expect(addToOutbox(localStorage, 'bob', item(3))).toBe(true);
    expect(readOutbox(localStorage, 'alice').map((i) => i.content)).toEqual(['message 1', 'message 2']);
    expect(JSON.parse(localStorage.getItem(outboxKey('alice'))!)).toHaveLength(2);
    expect(readOutbox(localStorage, 'bob')).toEqual([item(3)]);
    removeFromOutbox(localStorage, 'alice', item(1).client_id);
    expect(readOutbox(localStorage, 'alice')).toEqual([item(2, 'c2')]);
  });
  it('refuses more than MAX_OUTBOX, and reads garbage as empty', () => {
    for (let i = 0; i < MAX_OUTBOX; i++) expect(addToOutbox(localStorage, 'a', { ...item(1), client_id: `id-${i}` })).toBe(true);
    expect(addToOutbox(localStorage, 'a', { ...item(1), client_id: 'one-more' })).toBe(false);
    localStorage.setItem(outboxKey('b'), '{not json');
    expect(readOutbox(localStorage, 'b')).toEqual([]);
    localStorage.setItem(outboxKey('b'), JSON.stringify([{ nope: 1 }, item(1)]));
    expect(readOutbox(localStorage, 'b')).toEqual([item(1)]);
  });
  it('deletes the outboxes of others (sign-in as someone else) or of everyone (sign-out), nothing else', () => {
    addToOutbox(localStorage, 'alice', item(1));
    addToOutbox(localStorage, 'bob', item(2));
    localStorage.setItem('nexus.theme', 'dark');
    clearOutboxes(localStorage, 'bob');
    expect(readOutbox(localStorage, 'alice')).toEqual([]);
    expect(readOutbox(localStorage, 'bob')).toHaveLength(1);
    clearOutboxes(localStorage, null);
    expect(readOutbox(localStorage, 'bob')).toEqual([]);
    expect(localStorage.getItem('nexus.theme')).toBe('dark');
  });
  it('tells listeners of changes', () => {
    let n = 0;
    const stop = subscribeOutbox(() => n++);
    addToOutbox(localStorage, 'a', item(1));
    removeFromOutbox(localStorage, 'a', item(1).client_id);
    stop();
    addToOutbox(localStorage, 'a', item(2));
    expect(n).toBe(2);
  });
  it('makes UUIDs', () => {
    const a = newClientId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(a);
  });
});

/** A fake `sendMessage`: the events (or error) each call gives, and what it was sent. */
function fakeSend(answers: Array<StreamEvent[] | Error>) {
  const calls: Array<{ id: string; body: unknown }> = [];
  return {
    calls,
    api: {
      sendMessage(id: string, body: unknown) {
        calls.push({ id, body });
        const a = answers.shift();
        return (async function* () {
          if (!a) throw new TypeError('no answer scripted');
          if (a instanceof Error) throw a;
          for (const e of a) yield e;
        })();
      },
    } as unknown as Parameters<typeof deliver>[1],
  };
}
const start = (n: number): StreamEvent => ({ type: 'start', user_message_id: `u${n}`, message_id: `r${n}`, conversation_id: 'c1' });

describe('sending the outbox', () => {
  afterEach(() => localStorage.clear());

  it('sends with the client_id; sent, duplicate (409), unreachable and refused', async () => {
    const { api, calls } = fakeSend([
      [start(1), { type: 'done', message_id: 'r1', model: 'm', status: 'completed', usage: {} }],
      new ApiError(409, 'Already sent.', 'duplicate', undefined, { message_id: 'u9' }),
      new TypeError('Failed to fetch'),
      new ApiError(400, 'Too long.', 'bad_request'),
    ]);
    expect(await deliver(item(1), api)).toEqual({ result: 'sent', userMessageId: 'u1' });
    expect(calls[0]).toEqual({ id: 'c1', body: { content: 'message 1', client_id: item(1).client_id } });
    expect(await deliver(item(1), api)).toEqual({ result: 'duplicate', userMessageId: 'u9' });
    expect(await deliver(item(1), api)).toEqual({ result: 'unreachable' });
    expect(await deliver(item(1), api)).toEqual({ result: 'refused', message: 'Too long.', status: 400 });
  });
  it('sends each waiting message once, in order; stops at the first network failure and keeps the rest', async () => {
    for (const n of [1, 2, 3]) addToOutbox(localStorage, 'alice', item(n));
    addToOutbox(localStorage, 'bob', item(4));
    const { api, calls } = fakeSend([[start(1)], new ApiError(409, 'dup', 'duplicate'), new TypeError('Failed to fetch')]);
    const sent: string[] = [];
    expect(await flushOutbox(localStorage, 'alice', (c) => sent.push(c), api)).toBe(false);
    expect(calls.map((c) => (c.body as { content: string }).content)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(sent).toEqual(['c1', 'c1']);
    expect(readOutbox(localStorage, 'alice')).toEqual([item(3)]);
    expect(readOutbox(localStorage, 'bob')).toEqual([item(4)]);
    // Next time only the one left goes.
    const next = fakeSend([[start(3)]]);
    expect(await flushOutbox(localStorage, 'alice', () => {}, next.api)).toBe(true);
    expect(next.calls).toHaveLength(1);
    expect(readOutbox(localStorage, 'alice')).toEqual([]);
  });
  it('one run at a time: a second call while sending does not send again', async () => {
    addToOutbox(localStorage, 'alice', item(1));
    const { api, calls } = fakeSend([[start(1)], [start(1)]]);
    const [a, b] = [flushOutbox(localStorage, 'alice', () => {}, api), flushOutbox(localStorage, 'alice', () => {}, api)];
    await Promise.all([a, b]);
    expect(calls).toHaveLength(1);
  });
  it('marks a refused message and does not send it again; a cancelled one is not sent', async () => {
    addToOutbox(localStorage, 'alice', item(1));
    addToOutbox(localStorage, 'alice', item(2));
    const { api, calls } = fakeSend([new ApiError(404, 'This conversation does not exist.', 'not_found'), [start(2)]]);
    await flushOutbox(localStorage, 'alice', () => {}, api);
    expect(readOutbox(localStorage, 'alice')).toEqual([{ ...item(1), error: 'This conversation does not exist.' }]);
    removeFromOutbox(localStorage, 'alice', item(1).client_id);
    await flushOutbox(localStorage, 'alice', () => {}, api);
    expect(calls).toHaveLength(2);
  });
});

describe('a send that never reached the server', () => {
  it('leaves the screen when the outbox took it (no error shown)', () => {
    let s = chatReducer({ ...initialChatState, conversationId: 'c1' }, {
      type: 'submit',
      conversationId: 'c1',
      content: 'hi',
      userId: 'tmp-user-1',
      assistantId: 'tmp-assistant-1',
      now: '2026-12-03T10:00:00Z',
    });
    expect(s.messages).toHaveLength(2);
    s = chatReducer(s, { type: 'unsent' });
    expect(s.messages).toEqual([]);
    expect(s.status).toBe('idle');
    expect(s.error).toBeNull();
  });
});
