// Conversations concern: the sidebar lists (paged: the chats in no folder with the pinned
// ones, each folder, a tag, the archived ones) and create/update/pin/move/tag/archive/delete.
// The lists are derived from one store of every conversation known (features/sidebar/store.ts),
// so a change to a conversation moves it to where it belongs at once.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, libraryApi, type ConversationPatch } from '../api/client';
import type { BulkAction, Conversation } from '../api/types';
import { messageOf } from '../lib/errors';
import {
  ARCHIVED,
  bulkChange,
  emptyLibrary,
  failLoading,
  listOf,
  MAIN,
  mergePage,
  patch as patchStore,
  pinnedOf,
  queryOf,
  remove as removeStore,
  resetScope,
  scopeOf,
  startLoading,
  upsert,
  type LibraryState,
  type ScopeKey,
} from '../features/sidebar/store';

export { isArchived } from '../features/sidebar/store';

/** Conversations per page of a list. */
export const LIST_PAGE = 50;

export function useConversations() {
  const [state, setState] = useState<LibraryState>(emptyLibrary);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [loaded, setLoaded] = useState(false);
  // Local changes since a request started win over its answer (it was read before them).
  const version = useRef(0);
  const touched = useRef(new Map<string, number>());
  const touch = (ids: Iterable<string>) => {
    version.current++;
    for (const id of ids) touched.current.set(id, version.current);
  };
  // The latest request per scope: an older answer is dropped.
  const requests = useRef(new Map<ScopeKey, AbortController>());
  const wantArchived = useRef(false);

  const load = useCallback(async function load(scope: ScopeKey, first: boolean): Promise<void> {
    const s = scopeOf(stateRef.current, scope);
    if (!first && (s.loading || s.cursor === null || s.pages === 0)) return;
    requests.current.get(scope)?.abort();
    const ac = new AbortController();
    requests.current.set(scope, ac);
    const since = version.current;
    setState((st) => startLoading(st, scope));
    try {
      const page = await libraryApi.listConversationPage(
        { ...queryOf(scope), limit: LIST_PAGE, cursor: first ? undefined : s.cursor },
        ac.signal,
      );
      if (ac.signal.aborted) return;
      setState((st) => {
        let next = mergePage(st, scope, page, first);
        // What changed here while the page was on its way stays as it is here.
        for (const [id, v] of touched.current) {
          if (v <= since) continue;
          next = st.byId[id] ? upsert(next, st.byId[id]) : removeStore(next, [id]);
        }
        return next;
      });
    } catch (err) {
      if (ac.signal.aborted) return;
      // A cursor the server no longer takes: start the list again from its first page.
      if (!first && err instanceof ApiError && err.code === 'invalid_query') {
        requests.current.delete(scope);
        setState((st) => resetScope(st, scope));
        stateRef.current = resetScope(stateRef.current, scope);
        void load(scope, true);
        return;
      }
      setState((st) => failLoading(st, scope, messageOf(err)));
    } finally {
      if (requests.current.get(scope) === ac) requests.current.delete(scope);
      if (scope === MAIN && !ac.signal.aborted) setLoaded(true);
    }
  }, []);

  /** Loads a list's first page once (a folder opened, a tag chosen, the Archived view). */
  const ensure = useCallback(
    (scope: ScopeKey) => {
      const s = scopeOf(stateRef.current, scope);
      if (s.pages === 0 && !requests.current.has(scope)) void load(scope, true);
    },
    [load],
  );
  /** The next page of a list, when there is one and none is on its way. */
  const loadMore = useCallback((scope: ScopeKey) => void load(scope, false), [load]);
  /** Reads a list's first page again (and drops there what the server no longer lists). */
  const reload = useCallback((scope: ScopeKey) => load(scope, true), [load]);

  const refreshArchived = useCallback(async () => {
    wantArchived.current = true;
    await load(ARCHIVED, true);
  }, [load]);

  /** After a reply, another tab's change…: the main list (and the archived one once shown) again. */
  const refresh = useCallback(async () => {
    if (wantArchived.current) void load(ARCHIVED, true);
    await load(MAIN, true);
  }, [load]);

  useEffect(() => {
    ensure(MAIN); // the sidebar may have asked already (a child's effect runs first)
    const reqs = requests.current;
    return () => {
      for (const ac of reqs.values()) ac.abort();
      reqs.clear();
    };
  }, [ensure]);

  const create = useCallback(async (body: Parameters<typeof api.createConversation>[0] = {}) => {
    const conv = await api.createConversation(body);
    touch([conv.id]);
    setState((st) => upsert(st, conv));
    return conv;
  }, []);

  const update = useCallback(async (id: string, change: ConversationPatch) => {
    const conv = await api.updateConversation(id, change);
    touch([id]);
    setState((st) => upsert(st, conv));
    return conv;
  }, []);

  /** Archives a chat (kept; not counted against the chat limit) or brings it back: it moves between the lists. */
  const setArchivedFlag = useCallback(async (id: string, on: boolean) => {
    const conv = await api.updateConversation(id, { archived: on });
    touch([id]);
    const old = stateRef.current.byId[id];
    // An older server may not echo `archived_at`: say so locally.
    const moved: Conversation = { ...old, ...conv, archived_at: on ? (conv.archived_at ?? new Date().toISOString()) : null };
    setState((st) => upsert(st, moved));
    return moved;
  }, []);

  const remove = useCallback(async (id: string) => {
    await api.deleteConversation(id);
    touch([id]);
    setState((st) => removeStore(st, [id]));
  }, []);

  /** One action on many conversations (POST /api/conversations/bulk); answers how many changed. */
  const bulk = useCallback(async (ids: string[], action: BulkAction, arg: { folder_id?: string | null; tag?: string } = {}) => {
    const changed = await libraryApi.bulkConversations({ ids, action, ...arg });
    touch(ids);
    setState((st) => (action === 'delete' ? removeStore(st, ids) : patchStore(st, ids, bulkChange(action, arg))));
    return changed;
  }, []);

  /** Local changes from the stream (title event, activity) or elsewhere, without a round trip. */
  const patchLocal = useCallback((id: string, change: Partial<Conversation>) => {
    touch([id]);
    setState((st) => patchStore(st, [id], change));
  }, []);

  /** A folder was deleted: its conversations are in no folder now; its list is forgotten. */
  const folderGone = useCallback((folderId: string) => {
    setState((st) => {
      const ids = Object.values(st.byId).filter((c) => c.folder_id === folderId).map((c) => c.id);
      touch(ids);
      return resetScope(patchStore(st, ids, { folder_id: null }), `folder:${folderId}`);
    });
  }, []);

  /** Reads one conversation (opened by its link, not in any list loaded). */
  const fetched = useRef(new Set<string>());
  const fetchOne = useCallback(async (id: string) => {
    if (fetched.current.has(id)) return;
    fetched.current.add(id);
    try {
      const detail = await api.getConversation(id, undefined, 1);
      setState((st) => upsert(st, detail.conversation));
    } catch {
      /* the chat view says why */
    }
  }, []);

  /** A conversation from any list. */
  const find = useCallback((id: string | null) => (id ? (state.byId[id] ?? null) : null), [state.byId]);

  const conversations = useMemo(() => listOf(state, MAIN) ?? [], [state]);
  const archived = useMemo(() => listOf(state, ARCHIVED), [state]);
  const mainScope = scopeOf(state, MAIN);
  const archivedScope = scopeOf(state, ARCHIVED);

  return {
    state,
    /** The chats in no folder loaded so far (not pinned, not archived). */
    conversations,
    /** The archived chats loaded so far; null until asked for. */
    archived,
    pinned: useCallback((tag: string | null = null) => pinnedOf(state, tag), [state]),
    loaded,
    error: mainScope.error,
    archivedError: archivedScope.error,
    refresh,
    refreshArchived,
    ensure,
    loadMore,
    reload,
    create,
    update,
    setArchived: setArchivedFlag,
    remove,
    bulk,
    patchLocal,
    folderGone,
    fetchOne,
    find,
  };
}

export type ConversationsState = ReturnType<typeof useConversations>;
