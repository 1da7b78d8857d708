// What a polite live region says about replies: nothing while one streams (no
// per-token chatter), one sentence when it ends — "Reply finished", "Reply stopped" or
// the error sentence. Cleared when the next reply starts, so the same words are
// announced again for it. Leaving a conversation mid-reply announces nothing.
import { useEffect, useRef, useState } from 'react';
import type { ChatError, ChatStatus } from './chatReducer';
import { t } from '../i18n';
import { errorText } from '../lib/errors';

export interface ReplyState {
  conversationId: string | null;
  status: ChatStatus;
  stopped: boolean;
  error: ChatError | null;
}

/** The sentences, in the interface language. */
export const replyFinished = () => t('chat.replyFinished');
export const replyStopped = () => t('chat.replyStopped');

const busy = (s: ChatStatus) => s === 'submitted' || s === 'streaming';

/** The sentence for a reply that went from `prev` to `next`; null: nothing to say. */
export function replyAnnouncement(prev: ReplyState, next: ReplyState): string | null {
  if (!busy(prev.status) || busy(next.status)) return null;
  if (prev.conversationId !== next.conversationId) return null; // switched away, not finished
  if (next.status === 'error') return next.error ? errorText(next.error.code, next.error.message) : t('chat.replyFailed');
  return next.stopped ? replyStopped() : replyFinished();
}

export function useReplyAnnouncement(s: ReplyState): string {
  const [text, setText] = useState('');
  const prev = useRef(s);
  const { conversationId, status, stopped, error } = s;
  useEffect(() => {
    const next = { conversationId, status, stopped, error };
    const before = prev.current;
    prev.current = next;
    if (busy(status) && !busy(before.status)) {
      setText(''); // a new reply: its end will be news again
      return;
    }
    const say = replyAnnouncement(before, next);
    if (say !== null) setText(say);
  }, [conversationId, status, stopped, error]);
  return text;
}
