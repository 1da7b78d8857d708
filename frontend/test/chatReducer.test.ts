import { describe, expect, it } from 'vitest';
import { chatReducer, initialChatState, needsApiKey, type ChatState } from '../src/hooks/chatReducer';

const submit = (s: ChatState, content = 'hi') =>
  chatReducer(s, {
    type: 'submit',
    conversationId: 'c1',
    content,
    userId: 'tmp-u',
    assistantId: 'tmp-a',
    now: '2026-01-01T00:00:00.000Z',
  });

const start = (s: ChatState) =>
  chatReducer(s, { type: 'event', event: { type: 'start', user_message_id: 'u1', message_id: 'a1', conversation_id: 'c1' } });

describe('chat state machine', () => {
  it('goes idle → submitted → streaming → idle', () => {
    let s = submit(initialChatState);
    expect(s.status).toBe('submitted');
    expect(s.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hi', 'completed'],
      ['assistant', '', 'streaming'],
    ]);
    s = start(s);
    expect(s.status).toBe('streaming');
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
    s = chatReducer(s, { type: 'delta', content: 'You ' });
    s = chatReducer(s, { type: 'event', event: { type: 'delta', content: 'said' } });
    expect(s.messages[1].content).toBe('You said');
    s = chatReducer(s, { type: 'event', event: { type: 'done', message_id: 'a1', model: 'm/x', usage: { total_tokens: 5 } } });
    expect(s.status).toBe('idle');
    expect(s.messages[1]).toMatchObject({ status: 'completed', model: 'm/x', content: 'You said' });
    expect(s.messages[1].metadata.total_tokens).toBe(5);
  });

  it('a delta before start still means streaming', () => {
    const s = chatReducer(submit(initialChatState), { type: 'delta', content: 'x' });
    expect(s.status).toBe('streaming');
  });

  it('ignores a second submit while busy', () => {
    const s = submit(initialChatState);
    expect(submit(s, 'again')).toBe(s);
  });

  it('an error event keeps the text and offers retry of the same content', () => {
    let s = start(submit(initialChatState, 'question'));
    s = chatReducer(s, { type: 'delta', content: 'partial' });
    s = chatReducer(s, { type: 'event', event: { type: 'error', message_id: 'a1', message: 'Rate limited (429).' } });
    expect(s.status).toBe('error');
    expect(s.error).toMatchObject({ message: 'Rate limited (429).', content: 'question', stored: true, needsKey: false });
    expect(s.messages[1]).toMatchObject({ content: 'partial', status: 'error' });
  });

  it('a failed request before the stream removes the placeholder and retry replaces the unsent message', () => {
    let s = chatReducer(submit(initialChatState, 'q'), { type: 'fail', message: 'Bad request' });
    expect(s.status).toBe('error');
    expect(s.error?.stored).toBe(false);
    expect(s.messages.map((m) => m.role)).toEqual(['user']);
    s = submit(s, 'q');
    expect(s.status).toBe('submitted');
    expect(s.error).toBeNull();
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('a dropped connection mid-stream keeps what arrived', () => {
    let s = chatReducer(start(submit(initialChatState)), { type: 'delta', content: 'half' });
    s = chatReducer(s, { type: 'fail', message: 'connection lost' });
    expect(s.status).toBe('error');
    expect(s.messages[1]).toMatchObject({ content: 'half', status: 'error' });
    expect(s.messages[1].metadata.error).toBe('connection lost');
  });

  it('stop keeps the partial text and returns to idle', () => {
    let s = chatReducer(start(submit(initialChatState)), { type: 'delta', content: 'so far' });
    s = chatReducer(s, { type: 'stop' });
    expect(s.status).toBe('idle');
    expect(s.stopped).toBe(true);
    expect(s.messages[1]).toMatchObject({ content: 'so far', status: 'interrupted' });
    // Late events after stop change nothing.
    expect(chatReducer(s, { type: 'delta', content: 'more' })).toBe(s);
  });

  it('title events do not change the chat', () => {
    const s = submit(initialChatState);
    expect(chatReducer(s, { type: 'event', event: { type: 'title', conversation_id: 'c1', title: 'T' } })).toBe(s);
  });

  it('recognises a missing API key', () => {
    expect(needsApiKey('No API key is configured: open Settings and paste your OpenRouter key.')).toBe(true);
    expect(needsApiKey('The provider rate-limited the request.')).toBe(false);
  });
});
