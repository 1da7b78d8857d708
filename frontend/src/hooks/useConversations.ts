// Conversations concern: the sidebar list and create/update/delete.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Conversation } from '../api/types';

function byActivity(a: Conversation, b: Conversation) {
  return b.updated_at.localeCompare(a.updated_at);
}

export function useConversations() {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await api.listConversations();
      if (mine !== seq.current) return; // a newer refresh is on its way
      setConversations(list);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (mine === seq.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const create = useCallback(async (body: { model?: string; system_prompt_id?: string | null } = {}) => {
    const conv = await api.createConversation(body);
    seq.current++; // older list answers must not drop it
    setConversations((list) => [conv, ...list.filter((c) => c.id !== conv.id)]);
    return conv;
  }, []);

  const update = useCallback(async (id: string, patch: { title?: string; model?: string; system_prompt_id?: string | null }) => {
    const conv = await api.updateConversation(id, patch);
    setConversations((list) => list.map((c) => (c.id === id ? { ...c, ...conv } : c)));
    return conv;
  }, []);

  const remove = useCallback(async (id: string) => {
    await api.deleteConversation(id);
    seq.current++;
    setConversations((list) => list.filter((c) => c.id !== id));
  }, []);

  /** Local changes from the stream (title event, activity) without a round trip. */
  const patchLocal = useCallback((id: string, patch: Partial<Conversation>) => {
    setConversations((list) => list.map((c) => (c.id === id ? { ...c, ...patch } : c)).sort(byActivity));
  }, []);

  return { conversations, loaded, error, refresh, create, update, remove, patchLocal };
}
