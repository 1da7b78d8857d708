import { act, render, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SearchQuery, SearchResults } from '../src/api/types';
import { Highlight } from '../src/features/search/Highlight';
import { flatten, mergeResults } from '../src/features/search/results';
import { useSearch } from '../src/features/search/useSearch';

const msg = (id: string) => ({
  message_id: id,
  conversation_id: 'c',
  conversation_title: 'T',
  role: 'user' as const,
  created_at: '2026-11-20T00:00:00.000Z',
  model: null,
  archived: false,
  snippet: [{ text: id, hit: true }],
});

describe('Highlight', () => {
  it('renders hits as <mark> and everything as text, never HTML', () => {
    const { container } = render(
      <Highlight segments={[{ text: '<b>the</b> ', hit: false }, { text: 'Colosseum', hit: true }, { text: ' <img src=x onerror=alert(1)>', hit: false }]} />,
    );
    const marks = container.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe('Colosseum');
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('<b>the</b> Colosseum <img src=x onerror=alert(1)>');
  });
});

describe('results', () => {
  it('load more appends messages once, keeps the titles of the first page', () => {
    const a: SearchResults = { titles: [{ conversation_id: 'c', title: 'x', highlight: [], updated_at: '', archived: false }], messages: [msg('1'), msg('2')], has_more: true };
    const b: SearchResults = { titles: [], messages: [msg('2'), msg('3')], has_more: false };
    const m = mergeResults(a, b);
    expect(m.messages.map((x) => x.message_id)).toEqual(['1', '2', '3']);
    expect(m.titles).toHaveLength(1);
    expect(m.has_more).toBe(false);
    expect(flatten(m).map((i) => i.kind)).toEqual(['title', 'message', 'message', 'message']);
  });
});

describe('useSearch', () => {
  it('debounces, aborts the stale request and ignores an answer that comes after a newer one', async () => {
    vi.useFakeTimers();
    const calls: { q: SearchQuery; signal?: AbortSignal; resolve: (r: SearchResults) => void }[] = [];
    const search = (q: SearchQuery, signal?: AbortSignal) =>
      new Promise<SearchResults>((resolve) => calls.push({ q, signal, resolve }));
    const { result } = renderHook(() => useSearch('', search, 150));
    act(() => result.current.setQ('c'));
    act(() => result.current.setQ('co'));
    act(() => result.current.setQ('col'));
    await act(async () => void vi.advanceTimersByTime(149));
    expect(calls).toHaveLength(0);
    await act(async () => void vi.advanceTimersByTime(1));
    expect(calls.map((c) => c.q.q)).toEqual(['col']);
    act(() => result.current.setQ('colo'));
    await act(async () => void vi.advanceTimersByTime(150));
    expect(calls.map((c) => c.q.q)).toEqual(['col', 'colo']);
    expect(calls[0].signal?.aborted).toBe(true);
    // The newer answer first, then the stale one: the stale one is ignored.
    await act(async () => calls[1].resolve({ titles: [], messages: [msg('new')], has_more: true }));
    await act(async () => calls[0].resolve({ titles: [], messages: [msg('old')], has_more: false }));
    expect(result.current.results?.messages.map((m) => m.message_id)).toEqual(['new']);
    // Load more asks from the offset reached.
    act(() => result.current.loadMore());
    expect(calls[2].q).toMatchObject({ q: 'colo', offset: 1, limit: 20 });
    await act(async () => calls[2].resolve({ titles: [], messages: [msg('more')], has_more: false }));
    expect(result.current.results?.messages.map((m) => m.message_id)).toEqual(['new', 'more']);
    vi.useRealTimers();
  });
});
