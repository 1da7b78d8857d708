// Search results as data: pages merged for "load more" (by offset), and the flat order
// the keyboard moves through (title matches first, then message matches).
import type { SearchMessageHit, SearchQuery, SearchResults, SearchTitleHit } from '../../api/types';

/** The filters beside the words typed. */
export type SearchFilters = Omit<SearchQuery, 'q' | 'limit' | 'offset'>;

/** Appends a later page; a message already listed (results moved between pages) is not listed twice. */
export function mergeResults(prev: SearchResults, next: SearchResults): SearchResults {
  const seen = new Set(prev.messages.map((m) => m.message_id));
  return {
    titles: prev.titles,
    messages: [...prev.messages, ...next.messages.filter((m) => !seen.has(m.message_id))],
    has_more: next.has_more,
  };
}

export type ResultItem = { kind: 'title'; hit: SearchTitleHit } | { kind: 'message'; hit: SearchMessageHit };

export function flatten(r: SearchResults | null): ResultItem[] {
  if (!r) return [];
  return [
    ...r.titles.map((hit) => ({ kind: 'title' as const, hit })),
    ...r.messages.map((hit) => ({ kind: 'message' as const, hit })),
  ];
}

/** The filters that differ from the defaults (to say how many are on). */
export function activeFilters(f: SearchFilters): number {
  return [f.from, f.to, f.model, f.folder, f.tag, f.archived, f.sort && f.sort !== 'relevance' ? f.sort : undefined].filter(Boolean).length;
}
