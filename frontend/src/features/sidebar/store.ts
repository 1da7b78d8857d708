// The sidebar's conversations, as pure data: every conversation known (from any page of
// any list) by id, and for each list asked for (a "scope": the chats in no folder, a
// folder, a tag, the archived ones) how far down it has been paged. What a list shows is
// derived from the conversations' own fields (archived, pinned, folder, tags) and their
// activity: a conversation that is pinned, moved, archived or written to moves to where
// it belongs without asking the server again.
import type { Conversation, ConversationPage, ConversationQuery } from '../../api/types';
import { t } from '../../i18n';

/** Which list: `main` (no folder), `folder:<id>`, `tag:<name>`, `archived`. */
export type ScopeKey = string;

export interface ScopeState {
  /** The cursor of the next page; null when the last page is in. */
  cursor: string | null;
  /** Pages in so far (0 while the first is on its way). */
  pages: number;
  /** The activity of the oldest conversation paged in (the list shows nothing older until more is loaded). */
  oldest: string | null;
  loading: boolean;
  error: string | null;
}

export interface LibraryState {
  byId: Record<string, Conversation>;
  scopes: Record<ScopeKey, ScopeState>;
}

export const emptyLibrary: LibraryState = { byId: {}, scopes: {} };

export const MAIN: ScopeKey = 'main';
export const ARCHIVED: ScopeKey = 'archived';
export const folderScope = (id: string): ScopeKey => `folder:${id}`;
export const tagScope = (name: string): ScopeKey => `tag:${name}`;

export const isArchived = (c: Conversation) => !!c.archived_at;
export const isPinned = (c: Conversation) => !!c.pinned_at;

/** The query that fetches a scope's pages. */
export function queryOf(scope: ScopeKey): ConversationQuery {
  if (scope === ARCHIVED) return { archived: true };
  if (scope.startsWith('folder:')) return { folder: scope.slice(7) };
  if (scope.startsWith('tag:')) return { tag: scope.slice(4) };
  return { folder: 'none' };
}

/** Whether a conversation belongs in a scope's dated list (pinned ones are listed apart, except when archived). */
export function belongs(scope: ScopeKey, c: Conversation): boolean {
  if (scope === ARCHIVED) return isArchived(c);
  if (isArchived(c) || isPinned(c)) return false;
  if (scope.startsWith('folder:')) return (c.folder_id ?? null) === scope.slice(7);
  if (scope.startsWith('tag:')) return (c.tags ?? []).includes(scope.slice(4));
  return !c.folder_id;
}

/** Newest activity first; the id breaks ties. */
export function byActivity(a: Conversation, b: Conversation): number {
  return b.updated_at.localeCompare(a.updated_at) || b.id.localeCompare(a.id);
}

const byPin = (a: Conversation, b: Conversation) => (b.pinned_at ?? '').localeCompare(a.pinned_at ?? '') || byActivity(a, b);

const idle: ScopeState = { cursor: null, pages: 0, oldest: null, loading: false, error: null };

export function scopeOf(state: LibraryState, scope: ScopeKey): ScopeState {
  return state.scopes[scope] ?? idle;
}

export function startLoading(state: LibraryState, scope: ScopeKey): LibraryState {
  return { ...state, scopes: { ...state.scopes, [scope]: { ...scopeOf(state, scope), loading: true, error: null } } };
}

export function failLoading(state: LibraryState, scope: ScopeKey, error: string): LibraryState {
  return { ...state, scopes: { ...state.scopes, [scope]: { ...scopeOf(state, scope), loading: false, error } } };
}

/**
 * Merges a page of `scope`. `first`: the first page (a refresh or the first load): what
 * the server no longer lists in that range (deleted, moved elsewhere, unpinned from
 * another tab) is dropped, and the pinned ones are taken as the complete set.
 */
export function mergePage(state: LibraryState, scope: ScopeKey, page: ConversationPage, first: boolean): LibraryState {
  const byId = { ...state.byId };
  const items = page.conversations;
  const pinned = page.pinned ?? [];
  const prev = scopeOf(state, scope);
  const last = items[items.length - 1];
  const pageOldest = page.next_cursor ? (last?.updated_at ?? null) : null;
  if (first) {
    // Everything of this scope from the newest down to this page's end is in the page.
    const returned = new Set([...items, ...pinned].map((c) => c.id));
    for (const c of Object.values(byId)) {
      if (returned.has(c.id)) continue;
      const inRange = belongs(scope, c) && (pageOldest === null || c.updated_at >= pageOldest);
      const pinnedHere = scope !== ARCHIVED && isPinned(c) && !isArchived(c) && pinnedIn(scope, c);
      if (inRange || pinnedHere) delete byId[c.id];
    }
  }
  for (const c of [...items, ...pinned]) byId[c.id] = { ...byId[c.id], ...c };
  let next: ScopeState;
  if (first && prev.pages > 1) {
    // Refreshed the first page of a list paged further: keep where it got to (and its cursor).
    next = { ...prev, loading: false, error: null, oldest: prev.cursor === null ? null : minIso(prev.oldest, pageOldest) };
    if (!page.next_cursor) next = { ...next, cursor: null, oldest: null };
  } else {
    next = { cursor: page.next_cursor ?? null, pages: first ? 1 : prev.pages + 1, oldest: pageOldest, loading: false, error: null };
  }
  return { byId, scopes: { ...state.scopes, [scope]: next } };
}

function minIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** Whether a pinned conversation is among the pins a scope's first page carries. */
function pinnedIn(scope: ScopeKey, c: Conversation): boolean {
  if (scope.startsWith('folder:')) return (c.folder_id ?? null) === scope.slice(7);
  if (scope.startsWith('tag:')) return (c.tags ?? []).includes(scope.slice(4));
  return true; // the main list's first page carries every pin
}

/** The dated list of a scope: what belongs there, newest first, down to what has been paged in. null: not loaded yet. */
export function listOf(state: LibraryState, scope: ScopeKey): Conversation[] | null {
  const s = scopeOf(state, scope);
  if (s.pages === 0) return null;
  return Object.values(state.byId)
    .filter((c) => belongs(scope, c) && (s.oldest === null || c.updated_at >= s.oldest))
    .sort(byActivity);
}

/** The pinned conversations shown above a list (`tag`: only those with that tag), newest pin first. */
export function pinnedOf(state: LibraryState, tag: string | null = null): Conversation[] {
  return Object.values(state.byId)
    .filter((c) => isPinned(c) && !isArchived(c) && (tag === null || (c.tags ?? []).includes(tag)))
    .sort(byPin);
}

/** Adds or changes conversations (a create, a PATCH answer, a stream event). */
export function upsert(state: LibraryState, ...convs: Conversation[]): LibraryState {
  const byId = { ...state.byId };
  for (const c of convs) byId[c.id] = { ...byId[c.id], ...c };
  return { ...state, byId };
}

/** Changes some fields of known conversations; unknown ids are left alone. */
export function patch(state: LibraryState, ids: Iterable<string>, change: Partial<Conversation> | ((c: Conversation) => Partial<Conversation>)): LibraryState {
  let byId: Record<string, Conversation> | null = null;
  for (const id of ids) {
    const c = state.byId[id];
    if (!c) continue;
    byId ??= { ...state.byId };
    byId[id] = { ...c, ...(typeof change === 'function' ? change(c) : change) };
  }
  return byId ? { ...state, byId } : state;
}

export function remove(state: LibraryState, ids: Iterable<string>): LibraryState {
  const byId = { ...state.byId };
  for (const id of ids) delete byId[id];
  return { ...state, byId };
}

/** Forgets a scope's paging (its conversations stay known): the next look loads it afresh. */
export function resetScope(state: LibraryState, scope: ScopeKey): LibraryState {
  const scopes = { ...state.scopes };
  delete scopes[scope];
  return { ...state, scopes };
}

/** Tags in the server's order (case-insensitive). */
export const sortTags = (tags: string[]) => [...tags].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0));

/** What a bulk action does to each conversation, said locally after the server did it. */
export function bulkChange(
  action: 'move' | 'tag' | 'untag' | 'pin' | 'unpin' | 'archive' | 'unarchive',
  arg: { folder_id?: string | null; tag?: string },
  now = new Date().toISOString(),
): (c: Conversation) => Partial<Conversation> {
  switch (action) {
    case 'move':
      return () => ({ folder_id: arg.folder_id ?? null });
    case 'tag':
      return (c) => ({ tags: sortTags([...new Set([...(c.tags ?? []), arg.tag!])]) });
    case 'untag':
      return (c) => ({ tags: (c.tags ?? []).filter((t) => t !== arg.tag) });
    case 'pin':
      return (c) => ({ pinned_at: c.pinned_at ?? now });
    case 'unpin':
      return () => ({ pinned_at: null });
    case 'archive':
      return (c) => ({ archived_at: c.archived_at ?? now });
    case 'unarchive':
      return () => ({ archived_at: null });
  }
}

// Date groups (local time).

export type DateGroupKey = 'today' | 'yesterday' | 'week' | 'older';
/** A date group's heading, in the interface language. */
export const dateGroupLabel = (key: DateGroupKey) => t(`sidebar.group.${key}`);

/** Which group an activity time falls in, by local calendar days before `now`. */
export function dateGroupOf(iso: string, now: Date = new Date()): DateGroupKey {
  const t = new Date(iso);
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (t >= midnight) return 'today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (t >= yesterday) return 'yesterday';
  const week = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7);
  if (t >= week) return 'week';
  return 'older';
}

/** Consecutive groups of a list sorted newest first (empty groups left out). */
export function groupByDate(list: Conversation[], now: Date = new Date()): { key: DateGroupKey; label: string; items: Conversation[] }[] {
  const groups: { key: DateGroupKey; label: string; items: Conversation[] }[] = [];
  for (const c of list) {
    const key = dateGroupOf(c.updated_at, now);
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, label: dateGroupLabel(key), items: [] }));
    g.items.push(c);
  }
  const order: DateGroupKey[] = ['today', 'yesterday', 'week', 'older'];
  return groups.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}
