import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import type { StreamEvent } from '../src/api/types';
import { useChat } from '../src/hooks/useChat';

/** A fake stream the test drives event by event. */
function controllable() {
  const queue: Array<StreamEvent | Error | 'end'> = [];
  let wake: (() => void) | null = null;
  let signal: AbortSignal | undefined;
  const push = (x: StreamEvent | Error | 'end') => {
    queue.push(x);
    wake?.();
  };
  async function* sendMessage(_id: string, _body: { content: string; model?: string }, s?: AbortSignal) {
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
  return { push, sendMessage, aborted: () => !!signal?.aborted };
}

const api = (s: ReturnType<typeof controllable>) => ({
  sendMessage: s.sendMessage,
  getConversation: async () => ({ conversation: {} as never, messages: [] }),
});
const sync = (f: () => void) => f(); // deltas rendered at once

describe('useChat', () => {
  it('walks through submitted, streaming and idle', async () => {
    const s = controllable();
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const chat = useChat({ api: api(s), schedule: sync });
      if (seen[seen.length - 1] !== chat.status) seen.push(chat.status);
      return chat;
    });
    expect(result.current.status).toBe('idle');
    act(() => void result.current.send('c1', 'hello'));
    expect(result.current.status).toBe('submitted');
    await act(async () => s.push({ type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' }));
    await waitFor(() => expect(result.current.status).toBe('streaming'));
    await act(async () => s.push({ type: 'delta', content: 'You said: ' }));
    await act(async () => s.push({ type: 'delta', content: 'hello' }));
    await waitFor(() => expect(result.current.messages[1].content).toBe('You said: hello'));
    await act(async () => {
      s.push({ type: 'done', message_id: 'a', model: 'x/y' });
      s.push('end');
    });
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(seen).toEqual(['idle', 'submitted', 'streaming', 'idle']);
    expect(result.current.messages[1]).toMatchObject({ id: 'a', status: 'completed', model: 'x/y' });
  });

  it('stop aborts the request and keeps the partial text', async () => {
    const s = controllable();
    const { result } = renderHook(() => useChat({ api: api(s), schedule: sync }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => {
      s.push({ type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' });
      s.push({ type: 'delta', content: 'partial' });
    });
    await waitFor(() => expect(result.current.messages[1].content).toBe('partial'));
    act(() => result.current.stop());
    expect(result.current.status).toBe('idle');
    expect(s.aborted()).toBe(true);
    expect(result.current.messages[1]).toMatchObject({ content: 'partial', status: 'interrupted' });
    expect(result.current.error).toBeNull();
  });

  it('batches deltas until the scheduled flush', async () => {
    const s = controllable();
    const flushes: Array<() => void> = [];
    const { result } = renderHook(() => useChat({ api: api(s), schedule: (f) => flushes.push(f) }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => {
      s.push({ type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' });
      s.push({ type: 'delta', content: 'a' });
      s.push({ type: 'delta', content: 'b' });
      s.push({ type: 'delta', content: 'c' });
    });
    await waitFor(() => expect(flushes.length).toBe(1));
    expect(result.current.messages[1].content).toBe('');
    act(() => flushes[0]());
    expect(result.current.messages[1].content).toBe('abc');
  });

  it('an error event ends in error with retry; retry sends again', async () => {
    const s = controllable();
    const { result } = renderHook(() => useChat({ api: api(s), schedule: sync }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => {
      s.push({ type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' });
      s.push({ type: 'error', message_id: 'a', message: 'No API key is set. Open Settings and paste your OpenRouter API key.' });
      s.push('end');
    });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ needsKey: true, content: 'hello' });
    act(() => result.current.retry());
    expect(result.current.status).toBe('submitted');
  });

  it('a stream that ends without done or error is an error, keeping the text', async () => {
    const s = controllable();
    const { result } = renderHook(() => useChat({ api: api(s), schedule: sync }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => {
      s.push({ type: 'start', user_message_id: 'u', message_id: 'a', conversation_id: 'c1' });
      s.push({ type: 'delta', content: 'half' });
      s.push(new TypeError('network error'));
    });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.messages[1]).toMatchObject({ content: 'half', status: 'error' });
    expect(result.current.error?.message).toMatch(/connection/i);
  });

  it('a refused request (HTTP error) shows its message', async () => {
    const s = controllable();
    const { result } = renderHook(() => useChat({ api: api(s), schedule: sync }));
    act(() => void result.current.send('c1', 'hello'));
    await act(async () => s.push(new ApiError(413, 'The message is longer than 100000 characters.')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ message: 'The message is longer than 100000 characters.', stored: false });
    expect(result.current.messages.map((m) => m.role)).toEqual(['user']);
  });

  it('does not send empty input', () => {
    const s = controllable();
    const { result } = renderHook(() => useChat({ api: api(s), schedule: sync }));
    act(() => void result.current.send('c1', '   \n '));
    expect(result.current.status).toBe('idle');
    expect(result.current.messages).toEqual([]);
  });
});
