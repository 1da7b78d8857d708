// Opens a message found by search: shows the branch that holds it (activate), pages back
// until it is loaded, then names it for the message list to scroll to and highlight
// (briefly: `highlightId` goes back to null after a few seconds).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Chat } from '../../hooks/useChat';
import { messageOf } from '../../lib/errors';

const HIGHLIGHT_MS = 4000;

interface Options {
  chat: Chat;
  /** The conversation the URL names. */
  routeId: string | null;
  navigate: (id: string) => void;
  onError: (message: string) => void;
}

export function useJumpToMessage({ chat, routeId, navigate, onError }: Options) {
  const [target, setTarget] = useState<{ conversationId: string; messageId: string } | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);

  const jump = useCallback(
    async (conversationId: string, messageId: string) => {
      setHighlightId(null);
      setTarget(null);
      try {
        if (conversationId === routeId && chat.conversationId === conversationId) {
          await chat.switchBranch(messageId); // shows the branch here (and tells the list)
        } else {
          await api.activateMessage(conversationId, messageId);
          navigate(conversationId); // loads the branch now shown
        }
        setTarget({ conversationId, messageId });
      } catch (err) {
        onError(messageOf(err));
      }
    },
    [chat, routeId, navigate, onError],
  );

  const { conversationId, loading, loadingOlder, messages, hasMore, olderError, loadOlder } = chat;
  useEffect(() => {
    if (!target || conversationId !== target.conversationId || loading || loadingOlder) return;
    if (messages.some((m) => m.id === target.messageId)) {
      setHighlightId(target.messageId);
      setTarget(null);
    } else if (hasMore && !olderError) {
      void loadOlder();
    } else {
      setTarget(null); // not on this branch (deleted meanwhile)
    }
  }, [target, conversationId, loading, loadingOlder, messages, hasMore, olderError, loadOlder]);

  useEffect(() => {
    if (!highlightId) return;
    const t = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [highlightId]);

  return { jump, highlightId, pending: !!target };
}
