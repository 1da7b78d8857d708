import { describe, expect, it } from 'vitest';
import type { Conversation } from '../src/api/types';
import {
  ARCHIVED,
  bulkChange,
  dateGroupOf,
  emptyLibrary,
  folderScope,
  groupByDate,
  listOf,
  MAIN,
  mergePage,
  patch,
  pinnedOf,
  queryOf,
  remove,
  scopeOf,
  tagScope,
  upsert,
} from '../src/features/sidebar/store';

let n = 0;
function conv(updated: string, extra: Partial<Conversation> = {}): Conversation {
  n++;
  return {
    id: extra.id ?? `c${String(n).padStart(3, '0')}`,
    title: `Chat ${n}`,
    model: 'm',
    system_prompt_id: null,
    created_at: updated,
    updated_at: updated,
    message_count: 0,
    folder_id: null,
    pinned_at: null,
    tags: [],
    archived_at: null,
    active_leaf_id: null,
    connection_id: null,
    params: {},
    ...extra,
  };
}
const ids = (l: Conversation[] | null) => (l ?? []).map((c) => c.id);

describe('date groups (local time)', () => {
  const now = new Date(2026, 10, 20, 15, 0, 0); // 20 Nov 2026, 15:00 local
  const at = (d: number, h = 12) => new Date(2026, 10, d, h, 0, 0).toISOString();
  it('today from local midnight, yesterday, the 7 days before, older', () => {
    expect(dateGroupOf(at(20, 0), now)).toBe('today');
    expect(dateGroupOf(new Date(2026, 10, 19, 23, 59, 59).toISOString(), now)).toBe('yesterday');
    expect(dateGroupOf(at(19, 0), now)).toBe('yesterday');
    expect(dateGroupOf(at(18), now)).toBe('week');
    expect(dateGroupOf(at(13, 0), now)).toBe('week');
    expect(dateGroupOf(new Date(2026, 10, 12, 23, 0).toISOString(), now)).toBe('older');
  });
  it('groups a sorted list in order and leaves empty groups out', () => {
    const list = [conv(at(20)), conv(at(20, 1)), conv(at(15)), conv(at(1))];
    const g = groupByDate(list, now);
    expect(g.map((x) => [x.label, x.items.length])).toEqual([
      ['Today', 2],
      ['Previous 7 days', 1],
      ['Older', 1],
    ]);
  });
});

describe('paging merge', () => {
  it('shows what is paged in, newest first, and pages on with the cursor', () => {
    const a = conv('2026-11-20T10:00:00.000Z');
    const b = conv('2026-11-19T10:00:00.000Z');
    const c = conv('2026-11-18T10:00:00.000Z');
    const p = conv('2026-11-01T10:00:00.000Z', { pinned_at: '2026-11-20T00:00:00.000Z' });
    let s = mergePage(emptyLibrary, MAIN, { conversations: [a, b], next_cursor: 'x', pinned: [p] }, true);
    expect(ids(listOf(s, MAIN))).toEqual([a.id, b.id]);
    expect(ids(pinnedOf(s))).toEqual([p.id]);
    expect(scopeOf(s, MAIN)).toMatchObject({ cursor: 'x', pages: 1 });
    s = mergePage(s, MAIN, { conversations: [b, c], next_cursor: null, pinned: [] }, false);
    expect(ids(listOf(s, MAIN))).toEqual([a.id, b.id, c.id]); // b once
    expect(scopeOf(s, MAIN)).toMatchObject({ cursor: null, pages: 2, oldest: null });
  });

  it('does not show a known conversation older than the pages in until the list is paged that far', () => {
    const a = conv('2026-11-20T10:00:00.000Z');
    const old = conv('2026-10-01T10:00:00.000Z');
    let s = upsert(emptyLibrary, old);
    s = mergePage(s, MAIN, { conversations: [a], next_cursor: 'x', pinned: [] }, true);
    expect(ids(listOf(s, MAIN))).toEqual([a.id]);
  });

  it('a refresh of the first page drops what the server no longer lists there, and keeps how far it was paged', () => {
    const a = conv('2026-11-20T10:00:00.000Z');
    const b = conv('2026-11-19T10:00:00.000Z');
    const c = conv('2026-11-10T10:00:00.000Z');
    let s = mergePage(emptyLibrary, MAIN, { conversations: [a, b], next_cursor: 'x', pinned: [] }, true);
    s = mergePage(s, MAIN, { conversations: [c], next_cursor: 'y', pinned: [] }, false);
    // b was deleted elsewhere; a got a new message.
    const a2 = { ...a, updated_at: '2026-11-21T10:00:00.000Z' };
    s = mergePage(s, MAIN, { conversations: [a2, c], next_cursor: 'z', pinned: [] }, true);
    expect(ids(listOf(s, MAIN))).toEqual([a.id, c.id]);
    expect(scopeOf(s, MAIN)).toMatchObject({ cursor: 'y', pages: 2 });
  });

  it('a null list until the first page is in', () => {
    expect(listOf(emptyLibrary, MAIN)).toBeNull();
  });
});

describe('moves are derived from the fields', () => {
  const a = conv('2026-11-20T10:00:00.000Z', { id: 'a' });
  const b = conv('2026-11-19T10:00:00.000Z', { id: 'b' });
  const base = mergePage(
    mergePage(emptyLibrary, MAIN, { conversations: [a, b], next_cursor: null, pinned: [] }, true),
    folderScope('f1'),
    { conversations: [], next_cursor: null, pinned: [] },
    true,
  );
  it('pin: into Pinned, out of the list; move: into the folder', () => {
    let s = patch(base, ['a'], { pinned_at: '2026-11-22T00:00:00.000Z' });
    expect(ids(pinnedOf(s))).toEqual(['a']);
    expect(ids(listOf(s, MAIN))).toEqual(['b']);
    s = patch(s, ['b'], bulkChange('move', { folder_id: 'f1' }));
    expect(ids(listOf(s, MAIN))).toEqual([]);
    expect(ids(listOf(s, folderScope('f1')))).toEqual(['b']);
  });
  it('activity moves a chat to the top; archive takes it out; delete removes it', () => {
    let s = patch(base, ['b'], { updated_at: '2026-11-23T00:00:00.000Z' });
    expect(ids(listOf(s, MAIN))).toEqual(['b', 'a']);
    s = patch(s, ['a'], bulkChange('archive', {}));
    expect(ids(listOf(s, MAIN))).toEqual(['b']);
    s = remove(s, ['b']);
    expect(ids(listOf(s, MAIN))).toEqual([]);
  });
  it('tags: add once, sorted; untag; tag lists and pins by tag', () => {
    let s = patch(base, ['a', 'b'], bulkChange('tag', { tag: 'work' }));
    s = patch(s, ['a'], bulkChange('tag', { tag: 'alpha' }));
    s = patch(s, ['a'], bulkChange('tag', { tag: 'work' }));
    expect(s.byId.a.tags).toEqual(['alpha', 'work']);
    s = mergePage(s, tagScope('work'), { conversations: [s.byId.a, s.byId.b], next_cursor: null, pinned: [] }, true);
    expect(ids(listOf(s, tagScope('work')))).toEqual(['a', 'b']);
    s = patch(s, ['b'], bulkChange('untag', { tag: 'work' }));
    expect(ids(listOf(s, tagScope('work')))).toEqual(['a']);
    s = patch(s, ['a'], bulkChange('pin', {}));
    expect(ids(pinnedOf(s, 'work'))).toEqual(['a']);
    expect(ids(pinnedOf(s, 'other'))).toEqual([]);
  });
});

describe('queries', () => {
  it('asks for the chats in no folder, a folder, a tag, the archive', () => {
    expect(queryOf(MAIN)).toEqual({ folder: 'none' });
    expect(queryOf(folderScope('f'))).toEqual({ folder: 'f' });
    expect(queryOf(tagScope('a b'))).toEqual({ tag: 'a b' });
    expect(queryOf(ARCHIVED)).toEqual({ archived: true });
  });
});
