import { describe, expect, it } from 'vitest';
import type { Message, MessagePart } from '../src/api/types';
import { chatReducer, initialChatState, needsApiKey, type ChatState } from '../src/hooks/chatReducer';
import { appendReasoning, reasoningOf } from '../src/lib/parts';

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
    s = chatReducer(s, { type: 'event', event: { type: 'done', message_id: 'a1', model: 'm/x', status: 'completed', usage: { total_tokens: 5 } } });
    expect(s.status).toBe('idle');
    expect(s.messages[1]).toMatchObject({ status: 'completed', model: 'm/x', content: 'You said' });
    expect(s.messages[1].metadata.total_tokens).toBe(5);
  });

  it('a delta before start still means streaming', () => {
    const s = chatReducer(submit(initialChatState), { type: 'delta', content: 'x' });
    expect(s.status).toBe('streaming');
  });

  it('an error event before start means nothing was stored (the message to answer was deleted meanwhile)', () => {
    const s = chatReducer(submit(initialChatState, 'question'), {
      type: 'event',
      event: { type: 'error', message_id: 'a1', code: 'deleted', message: 'The message to answer was deleted meanwhile; nothing was stored.' },
    });
    expect(s.status).toBe('error');
    expect(s.error).toMatchObject({ stored: false, content: 'question', code: 'deleted' });
    expect(s.messages.some((m) => m.id === 'tmp-a')).toBe(false);
  });

  it('ignores a second submit while busy', () => {
    const s = submit(initialChatState);
    expect(submit(s, 'again')).toBe(s);
  });

  it('an error event keeps the text and offers retry of the same content', () => {
    let s = start(submit(initialChatState, 'question'));
    s = chatReducer(s, { type: 'delta', content: 'partial' });
    s = chatReducer(s, { type: 'event', event: { type: 'error', message_id: 'a1', code: 'rate_limited', message: 'Rate limited (429).' } });
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

  it('a local stop keeps the partial text and returns to idle', () => {
    let s = chatReducer(start(submit(initialChatState)), { type: 'delta', content: 'so far' });
    s = chatReducer(s, { type: 'stop' });
    expect(s.status).toBe('idle');
    expect(s.stopped).toBe(true);
    expect(s.messages[1]).toMatchObject({ content: 'so far', status: 'stopped' });
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
    expect(needsApiKey('anything', 'no_api_key')).toBe(true);
    expect(needsApiKey('The model provider rejected the API key (401).', 'auth')).toBe(true);
    expect(needsApiKey('No API key here but', 'rate_limited')).toBe(false);
  });
});

describe('chat state machine: stop, follow, branches, pages', () => {
  const m = (id: string, role: 'user' | 'assistant', extra: Partial<Message> = {}): Message => ({
    id,
    role,
    conversation_id: 'c1',
    parent_id: null,
    sibling_ids: [id],
    content: id,
    model: null,
    status: 'completed',
    metadata: {},
    created_at: '',
    updated_at: '',
    parts: [],
    ...extra,
  });
  const loaded = (messages: Message[], hasMore = false) => chatReducer(initialChatState, { type: 'reset', conversationId: 'c1', messages, hasMore });

  it('Stop: stopping, then the server’s done (stopped) marks the reply stopped with its text', () => {
    let s = chatReducer(start(submit(initialChatState)), { type: 'delta', content: 'so far' });
    s = chatReducer(s, { type: 'stopping' });
    expect(s).toMatchObject({ status: 'streaming', stopping: true });
    // Text that was already on its way still lands.
    s = chatReducer(s, { type: 'delta', content: '!' });
    s = chatReducer(s, { type: 'event', event: { type: 'done', message_id: 'a1', model: 'm/x', status: 'stopped', usage: {} } });
    expect(s).toMatchObject({ status: 'idle', stopped: true, stopping: false });
    expect(s.messages[1]).toMatchObject({ content: 'so far!', status: 'stopped' });
  });

  it('attach follows a streaming reply; attached ends reconnecting; done completes it', () => {
    let s = loaded([m('u', 'user'), m('a', 'assistant', { parent_id: 'u', content: 'par', status: 'streaming' })]);
    s = chatReducer(s, { type: 'attach', messageId: 'a' });
    expect(s).toMatchObject({ status: 'streaming', following: true, assistantId: 'a', userId: 'u' });
    s = chatReducer(s, { type: 'reconnecting', on: true });
    expect(s.reconnecting).toBe(true);
    s = chatReducer(s, { type: 'event', event: { type: 'attached', message_id: 'a', conversation_id: 'c1', offset: 3 } });
    expect(s.reconnecting).toBe(false);
    s = chatReducer(s, { type: 'delta', content: 'tial' });
    s = chatReducer(s, { type: 'event', event: { type: 'done', message_id: 'a', model: 'm', status: 'completed', usage: {} } });
    expect(s).toMatchObject({ status: 'idle', following: false });
    expect(s.messages[1]).toMatchObject({ content: 'partial', status: 'completed' });
  });

  it('attach ignores unknown ids and user messages, and never interrupts a stream', () => {
    const s = loaded([m('u', 'user')]);
    expect(chatReducer(s, { type: 'attach', messageId: 'nope' })).toBe(s);
    expect(chatReducer(s, { type: 'attach', messageId: 'u' })).toBe(s);
    const busy = submit(initialChatState);
    expect(chatReducer(busy, { type: 'attach', messageId: 'tmp-a' })).toBe(busy);
  });

  it('a failed follow keeps the server’s reply, even without text', () => {
    let s = loaded([m('u', 'user'), m('a', 'assistant', { parent_id: 'u', content: '', status: 'streaming' })]);
    s = chatReducer(chatReducer(s, { type: 'attach', messageId: 'a' }), { type: 'fail', message: 'lost' });
    expect(s.messages.map((x) => [x.id, x.status])).toEqual([
      ['u', 'completed'],
      ['a', 'error'],
    ]);
    expect(s.error).toMatchObject({ stored: true, messageId: 'a' });
  });

  it('regenerate replaces the reply on screen with a new sibling; start renames it everywhere', () => {
    let s = loaded([m('u', 'user'), m('a', 'assistant', { parent_id: 'u' })]);
    s = chatReducer(s, { type: 'regenerate', conversationId: 'c1', of: 'a', assistantId: 'tmp-a2', model: 'x/y', now: '' });
    expect(s.status).toBe('submitted');
    expect(s.messages.map((x) => x.id)).toEqual(['u', 'tmp-a2']);
    expect(s.messages[1]).toMatchObject({ parent_id: 'u', sibling_ids: ['a', 'tmp-a2'], model: 'x/y', content: '' });
    s = chatReducer(s, { type: 'event', event: { type: 'start', user_message_id: 'u', message_id: 'a2', conversation_id: 'c1' } });
    expect(s.messages[1]).toMatchObject({ id: 'a2', sibling_ids: ['a', 'a2'] });
  });

  it('regenerate of a user message without a reply adds one', () => {
    const s = chatReducer(loaded([m('u', 'user')]), { type: 'regenerate', conversationId: 'c1', of: 'u', assistantId: 'tmp-a', now: '' });
    expect(s.messages.map((x) => [x.id, x.parent_id])).toEqual([
      ['u', null],
      ['tmp-a', 'u'],
    ]);
  });

  it('edit & resend: the edited message and what follows leave; the new version is its sibling', () => {
    let s = loaded([m('u1', 'user'), m('a1', 'assistant', { parent_id: 'u1' }), m('u2', 'user', { parent_id: 'a1' }), m('a2', 'assistant', { parent_id: 'u2' })]);
    s = chatReducer(s, {
      type: 'submit',
      conversationId: 'c1',
      content: 'new',
      userId: 'tmp-u',
      assistantId: 'tmp-a',
      now: '',
      replaces: 'u1',
      parentId: null,
    });
    expect(s.messages.map((x) => x.id)).toEqual(['tmp-u', 'tmp-a']);
    expect(s.messages[0]).toMatchObject({ parent_id: null, sibling_ids: ['u1', 'tmp-u'], content: 'new' });
    s = chatReducer(s, { type: 'event', event: { type: 'start', user_message_id: 'u3', message_id: 'a3', conversation_id: 'c1' } });
    expect(s.messages.map((x) => [x.id, x.parent_id, x.sibling_ids])).toEqual([
      ['u3', null, ['u1', 'u3']],
      ['a3', 'u3', ['a3']],
    ]);
  });

  it('switching branch replaces the messages, keeping unchanged rows', () => {
    const u = m('u', 'user');
    let s = loaded([u, m('a', 'assistant', { parent_id: 'u', sibling_ids: ['a', 'b'] })]);
    const b = m('b', 'assistant', { parent_id: 'u', sibling_ids: ['a', 'b'] });
    s = chatReducer(s, { type: 'replace', messages: [{ ...u }, b], hasMore: false });
    expect(s.messages[0]).toBe(u);
    expect(s.messages[1]).toBe(b);
  });

  it('prepends older pages without duplicates; sync keeps the older pages shown', () => {
    let s = loaded([m('c', 'user'), m('d', 'assistant')], true);
    s = chatReducer(s, { type: 'prepend', messages: [m('a', 'user'), m('b', 'assistant'), m('c', 'user')], hasMore: false });
    expect(s.messages.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.hasMore).toBe(false);
    // The newest page now starts at c: a and b stay.
    s = chatReducer(s, { type: 'sync', messages: [m('c', 'user'), m('d', 'assistant'), m('e', 'user')], hasMore: true });
    expect(s.messages.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.hasMore).toBe(false);
    // A page that does not continue what is shown replaces it.
    s = chatReducer(s, { type: 'sync', messages: [m('x', 'user')], hasMore: true });
    expect(s.messages.map((x) => x.id)).toEqual(['x']);
    expect(s.hasMore).toBe(true);
  });
});

describe('reasoning', () => {
  const m = (id: string, role: 'user' | 'assistant', extra: Partial<Message> = {}): Message => ({
    id,
    role,
    conversation_id: 'c1',
    parent_id: null,
    sibling_ids: [id],
    content: id,
    model: null,
    status: 'completed',
    metadata: {},
    created_at: '',
    updated_at: '',
    parts: [],
    ...extra,
  });
  const loaded = (messages: Message[]) => chatReducer(initialChatState, { type: 'reset', conversationId: 'c1', messages });
  const reasoning = (s: ChatState, content: string) => chatReducer(s, { type: 'event', event: { type: 'reasoning', content } });

  it('accumulates apart from the answer text, before and beside it', () => {
    let s = start(submit(initialChatState));
    s = reasoning(s, 'The user asks ');
    expect(s.status).toBe('streaming');
    s = chatReducer(s, { type: 'reasoning', content: 'something.' });
    expect(s.messages[1].content).toBe('');
    expect(reasoningOf(s.messages[1])).toBe('The user asks something.');
    s = chatReducer(s, { type: 'event', event: { type: 'delta', content: 'You said: hi', offset: 12 } });
    s = reasoning(s, ' Briefly.');
    expect(s.messages[1].content).toBe('You said: hi');
    expect(s.messages[1].parts).toEqual([{ type: 'reasoning', text: 'The user asks something. Briefly.' }]);
    s = chatReducer(s, { type: 'event', event: { type: 'done', message_id: 'a1', model: 'm/x', status: 'completed', usage: {} } });
    expect(s.messages[1]).toMatchObject({ status: 'completed', content: 'You said: hi' });
    expect(reasoningOf(s.messages[1])).toBe('The user asks something. Briefly.');
    // The user message has no reasoning.
    expect(reasoningOf(s.messages[0])).toBe('');
  });

  it('before start it still means streaming; an empty piece changes nothing; idle ignores it', () => {
    const submitted = submit(initialChatState);
    const s = reasoning(submitted, 'hmm');
    expect(s.status).toBe('streaming');
    expect(reasoningOf(s.messages[1])).toBe('hmm');
    expect(reasoning(s, '')).toBe(s);
    expect(reasoning(initialChatState, 'x')).toBe(initialChatState);
  });

  it('appends to a reasoning part the message already has, keeping its other parts', () => {
    const parts = appendReasoning([{ type: 'reasoning', text: 'a' }, { type: 'text', text: 'b' }], 'c');
    expect(parts).toEqual([{ type: 'reasoning', text: 'ac' }, { type: 'text', text: 'b' }]);
    expect(appendReasoning([{ type: 'text', text: 'b' }], 'r')).toEqual([{ type: 'reasoning', text: 'r' }, { type: 'text', text: 'b' }]);
    expect(reasoningOf({ parts: [{ type: 'image', url: 'x' } as unknown as MessagePart, { type: 'text', text: 'b' }] })).toBe('');
    expect(reasoningOf({})).toBe('');
  });

  it('a sync with the stored reasoning replaces a row that lacked it', () => {
    const a = m('a', 'assistant', { content: 'answer' });
    let s = loaded([m('u', 'user'), a]);
    const stored: Message = { ...a, parts: [{ type: 'reasoning', text: 'why' }, { type: 'text', text: 'answer' }] };
    s = chatReducer(s, { type: 'sync', messages: [s.messages[0], stored], hasMore: false });
    expect(s.messages[1]).toBe(stored);
    expect(reasoningOf(s.messages[1])).toBe('why');
  });
});
