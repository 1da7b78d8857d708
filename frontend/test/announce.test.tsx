import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatError } from '../src/hooks/chatReducer';
import { useReplyAnnouncement, type ReplyState } from '../src/hooks/useReplyAnnouncement';

const base: ReplyState = { conversationId: 'c1', status: 'idle', stopped: false, error: null };
const err = (message: string): ChatError => ({ message, content: 'hi', stored: true, needsKey: false });

function run(states: Array<Partial<ReplyState>>) {
  const said: string[] = [];
  const { result, rerender } = renderHook((s: ReplyState) => useReplyAnnouncement(s), { initialProps: base });
  for (const s of states) {
    rerender({ ...base, ...s });
    if (said[said.length - 1] !== result.current) said.push(result.current);
  }
  return said;
}

describe('useReplyAnnouncement', () => {
  it('says "Reply finished" once when a reply ends, nothing per token', () => {
    const streaming = Array.from({ length: 20 }, () => ({ status: 'streaming' as const }));
    expect(run([{ status: 'submitted' }, ...streaming, { status: 'idle' }, { status: 'idle' }])).toEqual(['', 'Reply finished']);
  });

  it('clears for the next reply, so the same words are announced again; stopped and errors have their own', () => {
    expect(
      run([
        { status: 'submitted' },
        { status: 'streaming' },
        { status: 'idle' },
        { status: 'submitted' },
        { status: 'streaming' },
        { status: 'idle', stopped: true },
        { status: 'streaming' },
        { status: 'error', error: err('The reply reached the size limit and was cut there.') },
        { status: 'idle' }, // dismissed: nothing new
      ]),
    ).toEqual(['', 'Reply finished', '', 'Reply stopped', '', 'The reply reached the size limit and was cut there.']);
  });

  it('says nothing when the user leaves a conversation mid-reply', () => {
    expect(run([{ status: 'streaming' }, { status: 'idle', conversationId: 'c2' }])).toEqual(['']);
  });
});
