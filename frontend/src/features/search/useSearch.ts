// Search as you type: waits ~150 ms after the last change, aborts the request it makes
// stale, and ignores an answer that comes after a newer one was asked for. "Load more"
// asks for the next messages by offset.
import { useCallback, useEffect, useRef, useState } from 'react';
import { libraryApi } from '../../api/client';
import type { SearchResults } from '../../api/types';
import { messageOf } from '../../lib/errors';
import { mergeResults, type SearchFilters } from './results';

export const SEARCH_PAGE = 20;
export const DEBOUNCE_MS = 150;

type SearchFn = typeof libraryApi.search;

export function useSearch(initial = '', search: SearchFn = libraryApi.search, debounce = DEBOUNCE_MS) {
  const [q, setQ] = useState(initial);
  const [filters, setFilters] = useState<SearchFilters>({ sort: 'relevance' });
  const [results, setResults] = useState<SearchResults | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const current = useRef({ q, filters, results });
  current.current = { q, filters, results };

  const run = useCallback(
    async (offset: number) => {
      const { q: text, filters: f } = current.current;
      const mine = ++seq.current;
      controller.current?.abort();
      const ac = new AbortController();
      controller.current = ac;
      setLoading(true);
      setError(null);
      try {
        const page = await search({ ...f, q: text.trim(), limit: SEARCH_PAGE, offset }, ac.signal);
        if (mine !== seq.current) return; // a newer question was asked meanwhile
        setResults((prev) => (offset > 0 && prev ? mergeResults(prev, page) : page));
      } catch (err) {
        if (mine !== seq.current || ac.signal.aborted) return;
        setError(messageOf(err));
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    },
    [search],
  );

  useEffect(() => {
    if (!q.trim()) {
      seq.current++;
      controller.current?.abort();
      setResults(null);
      setLoading(false);
      setError(null);
      return;
    }
    const t = setTimeout(() => void run(0), debounce);
    return () => clearTimeout(t);
  }, [q, filters, run, debounce]);

  useEffect(() => () => controller.current?.abort(), []);

  const loadMore = useCallback(() => {
    const r = current.current.results;
    if (!r?.has_more || !current.current.q.trim()) return;
    void run(r.messages.length);
  }, [run]);

  return { q, setQ, filters, setFilters, results, loading, error, loadMore };
}
