import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import type { Message, StreamEvent } from '../src/api/types';
import { useChat, type ChatApi } from '../src/hooks/useChat';

/** A fake stream the test drives event by event. */
function controllable() {
  const queue: Array<StreamEvent | Error | 'end'> = [];
  let wake: (() => void) | null = null;
  let signal: AbortSignal | undefined;
  const push = (...xs: Array<StreamEvent | Error | 'end'>) => {
    queue.push(...xs);
    wake?.();
  };
  async function* gen(s?: AbortSignal): AsyncGenerator<StreamEvent> {
    signal = s;
    for (;;) {
      while (!queue.length) {
        await new Promise<void>((r) => {
          wake = r;
          s?.addEventListener('abort', () => r(), { once: true });
        });
        if (s?.aborted) throw new DOMException('aborted', 'AbortError');
      }
      const x = queue.shift()!;
      if (x === 'end') return;
      if (x instanceof Error) throw x;
      yield x;
    }
  }
  return { push, gen, aborted: () => !!signal?.aborted };
}
type Ctl = ReturnType<typeof controllable>;

/** An API whose streams (send, regenerate, follow) are each a new controllable stream. */
function fakeApi(extra: Partial<ChatApi> = {}) {
  const calls: Array<{ kind: string; args: unknown[]; s: Ctl }> = [];
  const open =
    (kind: string) =>
    (...args: unknown[]) => {
      const s = controllable();
      calls.push({ kind, args, s });
      return s.gen(args[args.length - 1] as AbortSignal | undefined);
    };
  const stopMessage = vi.fn(async (_c: string, m: string) => ({ message_id: m, stop_requested: true }));
  const api: Partial<ChatApi> = {
    sendMessage: open('send') as ChatApi['sendMessage'],
    regenerate: open('regenerate') as ChatApi['regenerate'],
    followMessage: open('follow') as ChatApi['followMessage'],
    getConversation: async () => ({ conversation: {} as never, messages: [], has_more: false, usage: noUsage }),
    stopMessage,
    ...extra,
  };
  const of = (kind: string) => calls.filter((c) => c.kind === kind);
  return { api, calls, of, last: (kind: string) => of(kind).at(-1)!, stopMessage };
}

const noUsage = { prompt_tokens: 0, completion_tokens: 0, cost: null, cost_estimated: false, replies: 0 };

const sync = (f: () => void) => f(); // deltas rendered at once
const opts = (api: Partial<ChatApi>) => ({ api, schedule: sync, listen: false, retryDelay: () => 0 });
const start = { type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' } as const;

function msg(p: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  return {
    conversation_id: 'c1',
    parent_id: null,
    sibling_ids: [p.id],
    content: '',
    model: null,
    status: 'completed',
    metadata: {},
    created_at: '',
    updated_at: '',
    parts: [],
    ...p,
  };
}

describe('useChat', () => {
  it('walks through submitted, streaming and idle', async () => {
    const f = fakeApi();
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const chat = useChat(opts(f.api));
      if (seen[seen.length - 1] !== chat.status) seen.push(chat.status);
      return chat;
    });
    expect(result.current.status).toBe('idle');
    act(() => void result.current.send('c1', 'hello'));
    expect(result.current.status).toBe('submitted');
    const s = f.last('send').s;
    await act(async () => s.push(start));
    await waitFor(() => expect(result.current.status).toBe('streaming'));
    await act(async () => s.push({ type: 'delta', content: 'You said: ' }));
    await act(async () => s.push({ type: 'delta', content: 'hello' }));
    await waitFor(() => expect(result.current.messages[1].content).toBe('You said: hello'));
    await act(async () => s.push({ type: 'done', message_id: 'a', model: 'x/y', status: 'completed', usage: {} }, 'end'));
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(seen).toEqual(['idle', 'submitted', 'streaming', 'idle']);
    expect(result.current.messages[1]).toMatchObject({ id: 'a', status: 'completed', model: 'x/y' });
    expect(result.current.messages[1].parent_id).toBe('u');
  });

  it('Stop asks the server to stop and ends with its done (stopped), keeping the text', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    const s = f.last('send').s;
    await act(async () => s.push(start, { type: 'delta', content: 'partial' }));
    await waitFor(() => expect(result.current.messages[1].content).toBe('partial'));
    act(() => result.current.stop());
    expect(result.current.stopping).toBe(true);
    expect(f.stopMessage).toHaveBeenCalledWith('c1', 'a');
    expect(s.aborted()).toBe(false); // the server's last words are still read
    await act(async () => s.push({ type: 'done', message_id: 'a', model: 'x/y', status: 'stopped', usage: {} }, 'end'));
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(result.current.stopped).toBe(true);
    expect(result.current.messages[1]).toMatchObject({ content: 'partial', status: 'stopped' });
    expect(result.current.error).toBeNull();
  });

  it('Stop pressed before the reply has an id stops it as soon as start names it', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    act(() => result.current.stop());
    expect(f.stopMessage).not.toHaveBeenCalled();
    await act(async () => f.last('send').s.push(start));
    await waitFor(() => expect(f.stopMessage).toHaveBeenCalledWith('c1', 'a'));
  });

  it('Stop ends the stream locally when the server cannot be reached', async () => {
    const f = fakeApi({ stopMessage: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    const s = f.last('send').s;
    await act(async () => s.push(start, { type: 'delta', content: 'partial' }));
    await act(async () => result.current.stop());
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(s.aborted()).toBe(true);
    expect(result.current.messages[1]).toMatchObject({ content: 'partial', status: 'stopped' });
  });

  it('batches deltas until the scheduled flush', async () => {
    const f = fakeApi();
    const flushes: Array<() => void> = [];
    const { result } = renderHook(() => useChat({ ...opts(f.api), schedule: (fl) => flushes.push(fl) }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () =>
      f.last('send').s.push(start, { type: 'delta', content: 'a' }, { type: 'delta', content: 'b' }, { type: 'delta', content: 'c' }),
    );
    await waitFor(() => expect(flushes.length).toBe(1));
    expect(result.current.messages[1].content).toBe('');
    act(() => flushes[0]());
    expect(result.current.messages[1].content).toBe('abc');
  });

  it('an error event ends in error; Retry regenerates the failed reply (no second user message)', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () =>
      f.last('send').s.push(start, { type: 'error', message_id: 'a', code: 'no_api_key', message: 'No API key is set. Open Settings and paste your OpenRouter API key.' }, 'end'),
    );
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ needsKey: true, content: 'hello', messageId: 'a' });
    act(() => result.current.retry());
    expect(result.current.status).toBe('submitted');
    expect(f.of('send')).toHaveLength(1);
    expect(f.last('regenerate').args.slice(0, 3)).toEqual(['c1', 'a', {}]);
    // The failed reply makes room for its new version; one user message.
    expect(result.current.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(result.current.messages[1].sibling_ids).toHaveLength(2);
    await act(async () => f.last('regenerate').s.push({ ...start, message_id: 'a2' }, { type: 'delta', content: 'ok' }));
    await waitFor(() => expect(result.current.messages[1]).toMatchObject({ id: 'a2', content: 'ok' }));
    expect(result.current.messages[1].sibling_ids).toEqual(['a', 'a2']);
  });

  it('a broken stream is followed from the code points received (no error, nothing duplicated)', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    const s = f.last('send').s;
    // "héllo 👋" is 7 code points but 8 UTF-16 units.
    await act(async () => s.push(start, { type: 'delta', content: 'héllo 👋', offset: 7 }, new TypeError('network error')));
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    expect(f.last('follow').args.slice(0, 3)).toEqual(['c1', 'a', 7]);
    expect(result.current.status).toBe('streaming');
    const follow = f.last('follow').s;
    await act(async () =>
      follow.push(
        { type: 'attached', message_id: 'a', conversation_id: 'c1', offset: 7 },
        // A repeated piece (already shown) is dropped; only the new part is added.
        { type: 'delta', content: '👋 wörld', offset: 13 },
        { type: 'delta', content: '!', offset: 14 },
        { type: 'done', message_id: 'a', model: 'x/y', status: 'completed', usage: {} },
        'end',
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(result.current.messages[1]).toMatchObject({ content: 'héllo 👋 wörld!', status: 'completed' });
    expect(result.current.error).toBeNull();
  });

  it('reasoning accumulates apart from the text and does not move the offset a break resumes from', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    const s = f.last('send').s;
    await act(async () =>
      s.push(
        start,
        { type: 'reasoning', content: 'The user asks 👋 ' },
        { type: 'reasoning', content: 'something.' },
        { type: 'delta', content: 'You said', offset: 8 },
      ),
    );
    await waitFor(() => expect(result.current.messages[1].content).toBe('You said'));
    expect(result.current.messages[1].parts).toEqual([{ type: 'reasoning', text: 'The user asks 👋 something.' }]);
    // Reasoning after text (and without an offset) neither counts nor is a gap.
    await act(async () => s.push({ type: 'reasoning', content: ' More.' }, { type: 'delta', content: ': hello', offset: 15 }, new TypeError('network error')));
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    // Resumed from the answer's 15 code points: the reasoning's characters are not counted.
    expect(f.last('follow').args.slice(0, 3)).toEqual(['c1', 'a', 15]);
    const follow = f.last('follow').s;
    await act(async () =>
      follow.push(
        { type: 'attached', message_id: 'a', conversation_id: 'c1', offset: 15 },
        { type: 'delta', content: '!', offset: 16 },
        { type: 'done', message_id: 'a', model: 'x/y', status: 'completed', usage: {} },
        'end',
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(result.current.messages[1]).toMatchObject({ content: 'You said: hello!', status: 'completed' });
    expect(result.current.messages[1].parts).toEqual([{ type: 'reasoning', text: 'The user asks 👋 something. More.' }]);
    expect(result.current.error).toBeNull();
  });

  it('a send stream the server ends early (no done/error: the client fell behind) is followed from its offset to the end', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    const s = f.last('send').s;
    await act(async () =>
      s.push(start, { type: 'delta', content: 'Héllo', offset: 5 }, { type: 'delta', content: ' wör', offset: 9 }, 'end'),
    );
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    expect(f.last('follow').args.slice(0, 3)).toEqual(['c1', 'a', 9]);
    // Not an error, not the end: the reply is still being written.
    expect(result.current.status).toBe('streaming');
    expect(result.current.error).toBeNull();
    await act(async () =>
      f.last('follow').s.push(
        { type: 'attached', message_id: 'a', conversation_id: 'c1', offset: 9 },
        { type: 'delta', content: 'ld', offset: 11 },
        { type: 'done', message_id: 'a', model: 'x/y', status: 'completed', usage: {} },
        'end',
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(result.current.messages[1]).toMatchObject({ id: 'a', content: 'Héllo wörld', status: 'completed' });
    expect(result.current.error).toBeNull();
    expect(f.of('follow')).toHaveLength(1);
  });

  it.each([
    ['too_long', 'The reply reached the 500000-character limit and was cut there.'],
    ['timeout', 'The reply took longer than 30 minutes and was ended.'],
  ] as const)('an error event with code %s keeps the text and shows its sentence under the reply', async (code, message) => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () =>
      f.last('send').s.push(start, { type: 'delta', content: 'long text', offset: 9 }, { type: 'error', message_id: 'a', code, message }, 'end'),
    );
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.messages[1]).toMatchObject({ content: 'long text', status: 'error' });
    expect(result.current.messages[1].metadata).toMatchObject({ error: message, error_code: code });
    expect(result.current.error).toMatchObject({ message, needsKey: false, messageId: 'a' });
    expect(f.of('follow')).toHaveLength(0);
  });

  it('a gap in the offsets re-attaches from what is shown', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => f.last('send').s.push(start, { type: 'delta', content: 'abc', offset: 3 }, { type: 'delta', content: 'xyz', offset: 9 }));
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    expect(f.last('follow').args[2]).toBe(3);
    expect(result.current.messages[1].content).toBe('abc');
  });

  it('a stream that cannot be followed ends in error, keeping the text', async () => {
    const f = fakeApi({
      followMessage: async function* () {
        throw new ApiError(404, 'Unknown message.');
      } as unknown as ChatApi['followMessage'],
    });
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => f.last('send').s.push(start, { type: 'delta', content: 'half' }, 'end'));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.messages[1]).toMatchObject({ content: 'half', status: 'error' });
    expect(result.current.error?.message).toBe('Unknown message.');
  });

  it('a refused request (HTTP error) shows its message', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => f.last('send').s.push(new ApiError(413, 'The message is longer than 100000 characters.')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ message: 'The message is longer than 100000 characters.', stored: false });
    expect(result.current.messages.map((m) => m.role)).toEqual(['user']);
  });

  it('a connection lost before the reply started is an error', async () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => f.last('send').s.push(new TypeError('Failed to fetch')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(f.of('follow')).toHaveLength(0);
    expect(result.current.error?.message).toMatch(/connection/i);
  });

  it('does not send empty input', () => {
    const f = fakeApi();
    const { result } = renderHook(() => useChat(opts(f.api)));
    act(() => void result.current.send('c1', '   \n '));
    expect(result.current.status).toBe('idle');
    expect(result.current.messages).toEqual([]);
  });

  it('loading a conversation whose last reply is streaming attaches to it from its code points', async () => {
    const messages = [
      msg({ id: 'u', role: 'user', content: 'hi' }),
      msg({ id: 'a', role: 'assistant', parent_id: 'u', content: 'You 👋', status: 'streaming' }),
    ];
    const f = fakeApi({ getConversation: async () => ({ conversation: {} as never, messages, has_more: false, usage: noUsage }) });
    const { result } = renderHook(() => useChat(opts(f.api)));
    await act(async () => result.current.load('c1'));
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    expect(f.last('follow').args.slice(0, 3)).toEqual(['c1', 'a', 5]);
    expect(result.current.status).toBe('streaming');
    expect(result.current.following).toBe(true);
    await act(async () =>
      f.last('follow').s.push(
        { type: 'attached', message_id: 'a', conversation_id: 'c1', offset: 5 },
        { type: 'delta', content: ' there', offset: 11 },
        { type: 'done', message_id: 'a', model: 'm', status: 'completed', usage: {} },
        'end',
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(result.current.messages[1]).toMatchObject({ content: 'You 👋 there', status: 'completed' });
  });

  it('becoming visible again fetches the conversation and attaches to a reply another tab started', async () => {
    let messages = [msg({ id: 'u', role: 'user', content: 'hi' }), msg({ id: 'a', role: 'assistant', parent_id: 'u', content: 'done' })];
    const f = fakeApi({ getConversation: async () => ({ conversation: {} as never, messages, has_more: false, usage: noUsage }) });
    const { result } = renderHook(() => useChat({ ...opts(f.api), listen: true }));
    await act(async () => result.current.load('c1'));
    await waitFor(() => expect(result.current.messages).toHaveLength(2));
    const first = result.current.messages[0];
    messages = [...messages, msg({ id: 'u2', role: 'user', parent_id: 'a', content: 'more' }), msg({ id: 'a2', role: 'assistant', parent_id: 'u2', content: 'Yo', status: 'streaming' })];
    await act(async () => document.dispatchEvent(new Event('visibilitychange')));
    await waitFor(() => expect(f.of('follow')).toHaveLength(1));
    expect(f.last('follow').args.slice(0, 3)).toEqual(['c1', 'a2', 2]);
    expect(result.current.messages).toHaveLength(4);
    expect(result.current.messages[0]).toBe(first); // unchanged rows keep their objects
  });

  it('edit & resend sends the new text with the edited message parent and shows the new branch', async () => {
    const messages = [
      msg({ id: 'u1', role: 'user', content: 'one' }),
      msg({ id: 'a1', role: 'assistant', parent_id: 'u1', content: 'r1' }),
      msg({ id: 'u2', role: 'user', parent_id: 'a1', content: 'two' }),
      msg({ id: 'a2', role: 'assistant', parent_id: 'u2', content: 'r2' }),
    ];
    const f = fakeApi({ getConversation: async () => ({ conversation: {} as never, messages, has_more: false, usage: noUsage }) });
    const { result } = renderHook(() => useChat(opts(f.api)));
    await act(async () => result.current.load('c1'));
    await waitFor(() => expect(result.current.messages).toHaveLength(4));
    act(() => result.current.edit('u2', 'two, edited'));
    expect(f.last('send').args.slice(0, 2)).toEqual(['c1', { content: 'two, edited', parent_id: 'a1' }]);
    expect(result.current.messages.map((m) => m.content)).toEqual(['one', 'r1', 'two, edited', '']);
    await act(async () => f.last('send').s.push({ ...start, user_message_id: 'u3', message_id: 'a3' }));
    await waitFor(() => expect(result.current.messages[2].id).toBe('u3'));
    expect(result.current.messages[2].sibling_ids).toEqual(['u2', 'u3']);
    expect(result.current.messages[3].parent_id).toBe('u3');
  });

  it('switching branch shows what activate returns; paging prepends older messages', async () => {
    const older = [msg({ id: 'o1', role: 'user' }), msg({ id: 'o2', role: 'assistant', parent_id: 'o1' })];
    const page = [msg({ id: 'u', role: 'user', parent_id: 'o2' }), msg({ id: 'a', role: 'assistant', parent_id: 'u', sibling_ids: ['a', 'b'] })];
    const other = [...page.slice(0, 1), msg({ id: 'b', role: 'assistant', parent_id: 'u', sibling_ids: ['a', 'b'], content: 'B' })];
    const activateMessage = vi.fn(async () => ({ conversation: {} as never, messages: other, has_more: true, usage: noUsage }));
    const listMessages = vi.fn(async () => ({ messages: older, has_more: false }));
    const f = fakeApi({
      getConversation: async () => ({ conversation: {} as never, messages: page, has_more: true, usage: noUsage }),
      activateMessage,
      listMessages,
    });
    const { result } = renderHook(() => useChat(opts(f.api)));
    await act(async () => result.current.load('c1'));
    await waitFor(() => expect(result.current.hasMore).toBe(true));
    await act(async () => result.current.loadOlder());
    expect(listMessages).toHaveBeenCalledWith('c1', { before: 'u', limit: 50 }, expect.anything());
    expect(result.current.messages.map((m) => m.id)).toEqual(['o1', 'o2', 'u', 'a']);
    expect(result.current.hasMore).toBe(false);
    await act(async () => result.current.switchBranch('b'));
    expect(activateMessage).toHaveBeenCalledWith('c1', 'b');
    expect(result.current.messages.map((m) => m.id)).toEqual(['u', 'b']);
    expect(result.current.hasMore).toBe(true);
  });

  it('a sync answered after a branch switch does not paint the older branch back', async () => {
    const page = [msg({ id: 'u', role: 'user' }), msg({ id: 'a', role: 'assistant', parent_id: 'u', sibling_ids: ['a', 'b'] })];
    const other = [page[0], msg({ id: 'b', role: 'assistant', parent_id: 'u', sibling_ids: ['a', 'b'], content: 'B' })];
    let answerSync: (() => void) | null = null;
    let loaded = false;
    const f = fakeApi({
      getConversation: () => {
        if (!loaded) {
          loaded = true;
          return Promise.resolve({ conversation: {} as never, messages: page, has_more: false, usage: noUsage });
        }
        // The sync's read is slow (a busy server): it answers after the switch.
        return new Promise((resolve) => (answerSync = () => resolve({ conversation: {} as never, messages: page, has_more: false, usage: noUsage })));
      },
      activateMessage: async () => ({ conversation: {} as never, messages: other, has_more: false, usage: noUsage }),
    });
    const { result } = renderHook(() => useChat(opts(f.api)));
    await act(async () => result.current.load('c1'));
    await waitFor(() => expect(result.current.messages.map((m) => m.id)).toEqual(['u', 'a']));
    let syncing: Promise<void> = Promise.resolve();
    act(() => void (syncing = result.current.sync()));
    await act(async () => result.current.switchBranch('b'));
    expect(result.current.messages.map((m) => m.id)).toEqual(['u', 'b']);
    await act(async () => {
      answerSync!();
      await syncing;
    });
    expect(result.current.messages.map((m) => m.id)).toEqual(['u', 'b']);
  });
});
