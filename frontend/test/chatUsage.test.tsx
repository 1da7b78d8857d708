import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ConversationDetail, Message, StreamEvent } from '../src/api/types';
import { useChat, type ChatApi } from '../src/hooks/useChat';

function reply(p: Partial<Message> = {}): Message {
  return {
    id: 'a',
    conversation_id: 'c1',
    parent_id: 'u',
    sibling_ids: ['a'],
    role: 'assistant',
    content: 'hello',
    model: 'm',
    status: 'completed',
    metadata: {},
    created_at: '',
    updated_at: '1',
    parts: [],
    ...p,
  };
}

const detail = (messages: Message[], usage?: ConversationDetail['usage']): ConversationDetail => ({
  conversation: {} as never,
  messages,
  has_more: false,
  // Absent: what a server from before conversation usage answers (the UI shows none).
  usage: usage as ConversationDetail['usage'],
});

async function* events(...xs: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const x of xs) yield x;
}

const opts = (api: Partial<ChatApi>) => ({ api, schedule: (f: () => void) => f(), listen: false, retryDelay: () => 0 });

describe('the conversation’s usage', () => {
  it('comes with the conversation and again with sync (after a reply)', async () => {
    const first = { prompt_tokens: 10, completion_tokens: 5, cost: 0.001, cost_estimated: true, replies: 1 };
    const later = { prompt_tokens: 30, completion_tokens: 9, cost: 0.003, cost_estimated: true, replies: 2 };
    const getConversation = vi
      .fn<ChatApi['getConversation']>()
      .mockResolvedValueOnce(detail([reply()], first))
      .mockResolvedValueOnce(detail([reply(), reply({ id: 'b', updated_at: '2', metadata: { cost: 0.002, cost_estimated: true } })], later));
    const { result } = renderHook(() => useChat(opts({ getConversation })));
    await act(async () => result.current.load('c1'));
    expect(result.current.usage).toEqual(first);
    await act(async () => result.current.sync());
    expect(result.current.usage).toEqual(later);
    expect(result.current.messages[1].metadata.cost_estimated).toBe(true);
    await act(async () => result.current.load(null));
    expect(result.current.usage).toBeNull();
  });

  it('is null from older servers', async () => {
    const getConversation = vi.fn<ChatApi['getConversation']>().mockResolvedValue(detail([reply()]));
    const { result } = renderHook(() => useChat(opts({ getConversation })));
    await act(async () => result.current.load('c1'));
    expect(result.current.usage).toBeNull();
  });
});

describe('regenerate with a connection', () => {
  it('sends connection_id beside the model (null: the server connection)', async () => {
    const regenerate = vi.fn<ChatApi['regenerate']>(() => events({ type: 'done', message_id: 'a2', model: 'm2', status: 'completed', usage: {} }));
    const getConversation = vi.fn<ChatApi['getConversation']>().mockResolvedValue(detail([{ ...reply(), id: 'u', role: 'user', parent_id: null, sibling_ids: ['u'] }, reply()]));
    const { result } = renderHook(() => useChat(opts({ getConversation, regenerate })));
    await act(async () => result.current.load('c1'));
    act(() => result.current.regenerate('a', 'claude-sonnet-4-5', 'c-claude'));
    await waitFor(() => expect(result.current.status).toBe('idle'));
    expect(regenerate.mock.calls[0].slice(0, 3)).toEqual(['c1', 'a', { model: 'claude-sonnet-4-5', connection_id: 'c-claude' }]);
    act(() => result.current.regenerate('a2', 'openai/gpt-4o', null));
    await waitFor(() => expect(regenerate).toHaveBeenCalledTimes(2));
    expect(regenerate.mock.calls[1][2]).toEqual({ model: 'openai/gpt-4o', connection_id: null });
  });
});
