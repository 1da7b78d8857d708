// Conversations concern: the sidebar list (the chats in use, or the archived ones) and
// create/update/archive/delete.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ConversationPatch } from '../api/client';
import type { Conversation } from '../api/types';

function byActivity(a: Conversation, b: Conversation) {
  return b.updated_at.localeCompare(a.updated_at);
}

export const isArchived = (c: Conversation) => !!c.archived_at;

export function useConversations() {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  // The archived chats: null until asked for (the Archived view, or one of them is opened).
  const [archived, setArchived] = useState<Conversation[] | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [archivedError, setArchivedError] = useState<string | null>(null);
  const seq = useRef(0);
  const archivedSeq = useRef(0);
  const wantArchived = useRef(false);

  const refreshArchived = useCallback(async () => {
    wantArchived.current = true;
    const mine = ++archivedSeq.current;
    try {
      const list = await api.listConversations(true);
      if (mine !== archivedSeq.current) return;
      setArchived(list);
      setArchivedError(null);
    } catch (err) {
      if (mine === archivedSeq.current) setArchivedError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    if (wantArchived.current) void refreshArchived();
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
  }, [refreshArchived]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const create = useCallback(async (body: { model?: string; system_prompt_id?: string | null } = {}) => {
    const conv = await api.createConversation(body);
    seq.current++; // older list answers must not drop it
    setConversations((list) => [conv, ...list.filter((c) => c.id !== conv.id)]);
    return conv;
  }, []);

  const update = useCallback(async (id: string, patch: ConversationPatch) => {
    const conv = await api.updateConversation(id, patch);
    const merge = (list: Conversation[]) => list.map((c) => (c.id === id ? { ...c, ...conv } : c));
    setConversations(merge);
    setArchived((list) => list && merge(list));
    return conv;
  }, []);

  /** Archives a chat (kept; not counted against the chat limit) or brings it back: it moves between the lists. */
  const setArchivedFlag = useCallback(async (id: string, on: boolean) => {
    const conv = await api.updateConversation(id, { archived: on });
    seq.current++;
    archivedSeq.current++;
    const old = [...conversations, ...(archived ?? [])].find((c) => c.id === id);
    // An older server may not echo `archived_at`: say so locally.
    const moved: Conversation = { ...old, ...conv, archived_at: on ? (conv.archived_at ?? new Date().toISOString()) : null };
    const without = (list: Conversation[]) => list.filter((c) => c.id !== id);
    if (on) {
      setConversations(without);
      setArchived((list) => (list ? [moved, ...without(list)].sort(byActivity) : list));
    } else {
      setArchived((list) => list && without(list));
      setConversations((list) => [moved, ...without(list)].sort(byActivity));
    }
    return moved;
  }, [conversations, archived]);

  const remove = useCallback(async (id: string) => {
    await api.deleteConversation(id);
    seq.current++;
    archivedSeq.current++;
    setConversations((list) => list.filter((c) => c.id !== id));
    setArchived((list) => list && list.filter((c) => c.id !== id));
  }, []);

  /** Local changes from the stream (title event, activity) without a round trip. */
  const patchLocal = useCallback((id: string, patch: Partial<Conversation>) => {
    const apply = (list: Conversation[]) => list.map((c) => (c.id === id ? { ...c, ...patch } : c)).sort(byActivity);
    setConversations(apply);
    setArchived((list) => list && apply(list));
  }, []);

  /** A conversation from either list. */
  const find = useCallback(
    (id: string | null) => (id ? (conversations.find((c) => c.id === id) ?? archived?.find((c) => c.id === id) ?? null) : null),
    [conversations, archived],
  );

  return {
    conversations,
    archived,
    loaded,
    error,
    archivedError,
    refresh,
    refreshArchived,
    create,
    update,
    setArchived: setArchivedFlag,
    remove,
    patchLocal,
    find,
  };
}

export type ConversationsState = ReturnType<typeof useConversations>;
