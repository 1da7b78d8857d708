import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Message } from '../src/api/types';
import { MessageList, type MessageActions } from '../src/components/MessageList';

afterEach(cleanup);
// jsdom has no ResizeObserver (the list follows content that grows).
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const REASONING = 'The user asks something. I should answer briefly.';

function msg(p: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  return {
    conversation_id: 'c1',
    parent_id: null,
    sibling_ids: [p.id],
    content: '',
    model: 'anthropic/claude',
    status: 'completed',
    metadata: {},
    created_at: '',
    updated_at: '',
    parts: [],
    ...p,
  };
}

const actions: MessageActions = {
  regenerate: vi.fn(),
  edit: vi.fn(),
  remove: vi.fn(async () => true),
  switchTo: vi.fn(async () => {}),
};

function list(messages: Message[], status: 'idle' | 'streaming' = 'idle') {
  return (
    <MessageList
      conversationId="c1"
      messages={messages}
      status={status}
      loading={false}
      loadError={null}
      hasMore={false}
      loadingOlder={false}
      olderError={null}
      onLoadOlder={() => {}}
      reconnecting={false}
      actions={actions}
    />
  );
}

const user = msg({ id: 'u', role: 'user', content: 'hi [[think=1]]', parts: [{ type: 'text', text: 'hi [[think=1]]' }] });

describe('reasoning in a reply', () => {
  it('is folded above the answer, closed, as plain text apart from the answer', () => {
    const reply = msg({
      id: 'a',
      role: 'assistant',
      parent_id: 'u',
      content: 'You said: **hi**',
      parts: [
        { type: 'reasoning', text: REASONING },
        { type: 'text', text: 'You said: **hi**' },
      ],
    });
    render(list([user, reply]));
    const row = screen.getAllByTestId('message').find((e) => e.dataset.role === 'assistant')!;
    const details = within(row).getByTestId('message-reasoning');
    expect(details.tagName).toBe('DETAILS');
    expect((details as HTMLDetailsElement).open).toBe(false);
    const summary = within(details).getByTestId('message-reasoning-summary');
    expect(summary.tagName).toBe('SUMMARY');
    expect(summary.textContent).toBe('Reasoning');
    expect(within(details).getByTestId('message-reasoning-text').textContent).toBe(REASONING);
    // Above the answer, and not in it.
    const answer = within(row).getByTestId('assistant-content');
    expect(details.compareDocumentPosition(answer) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(answer.textContent).not.toContain('The user asks');
    expect(answer.textContent).toContain('You said');
    // Opened by the user (a native disclosure: keyboard and screen readers know it).
    fireEvent.click(summary);
    expect((details as HTMLDetailsElement).open).toBe(true);
    // The user message shows none.
    const userRow = screen.getAllByTestId('message').find((e) => e.dataset.role === 'user')!;
    expect(within(userRow).queryByTestId('message-reasoning')).toBeNull();
  });

  it('says "Thinking…" while the reply streams before its answer, "Reasoning" once the answer begins', () => {
    const thinking = msg({ id: 'a', role: 'assistant', parent_id: 'u', status: 'streaming', parts: [{ type: 'reasoning', text: 'The user asks' }] });
    const { rerender } = render(list([user, thinking], 'streaming'));
    const details = screen.getByTestId('message-reasoning');
    expect(screen.getByTestId('message-reasoning-summary').textContent).toBe('Thinking…');
    expect(details.getAttribute('aria-busy')).toBe('true');
    expect((details as HTMLDetailsElement).open).toBe(false);
    expect(screen.getByTestId('assistant-content').textContent).toBe('');

    // Opened while it streams: it stays open as more comes.
    fireEvent.click(screen.getByTestId('message-reasoning-summary'));
    const answering: Message = { ...thinking, content: 'You said', parts: [{ type: 'reasoning', text: REASONING }] };
    rerender(list([user, answering], 'streaming'));
    expect(screen.getByTestId('message-reasoning')).toBe(details);
    expect((details as HTMLDetailsElement).open).toBe(true);
    expect(screen.getByTestId('message-reasoning-summary').textContent).toBe('Reasoning');
    expect(details.hasAttribute('aria-busy')).toBe(false);
    expect(screen.getByTestId('message-reasoning-text').textContent).toBe(REASONING);
    expect(screen.getByTestId('assistant-content').textContent).toBe('You said');
  });

  it('is absent from a reply without reasoning (and from older servers without parts)', () => {
    render(list([user, msg({ id: 'a', role: 'assistant', content: 'plain', parts: [{ type: 'text', text: 'plain' }] }), msg({ id: 'b', role: 'assistant', content: 'old' })]));
    expect(screen.queryByTestId('message-reasoning')).toBeNull();
  });
});
