// The search palette (Ctrl/Cmd-K, or the sidebar's search box): results as you type,
// chats whose title matches and messages whose text does (the matched words marked),
// filters, ↑/↓ to move, Enter to open, Escape to close, "Load more" for further messages.
// Loaded on first use (its own chunk).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Folder, TagCount } from '../../api/types';
import { useDialogFocus } from '../../hooks/useDialogFocus';
import { relativeTime, shortModel } from '../../lib/format';
import { Highlight, plainText } from './Highlight';
import { activeFilters, flatten, type ResultItem } from './results';
import { useSearch } from './useSearch';
import { t } from '../../i18n';

interface Props {
  initial?: string;
  folders: Folder[];
  tags: TagCount[];
  /** Asks for the tags in use (the tag filter) once. */
  onWantTags?: () => void;
  /** Models to suggest in the model filter. */
  models: string[];
  onOpenConversation: (conversationId: string) => void;
  onOpenMessage: (conversationId: string, messageId: string) => void;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}

export default function SearchPalette({ initial = '', folders, tags, onWantTags, models, onOpenConversation, onOpenMessage, onClose, returnFocus }: Props) {
  const s = useSearch(initial);
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [showFilters, setShowFilters] = useState(false);
  useEffect(() => {
    if (showFilters) onWantTags?.();
  }, [showFilters, onWantTags]);
  const ids = useId();
  useDialogFocus(panel, true, onClose, { fallback: returnFocus });
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const items = flatten(s.results);
  const titleCount = s.results?.titles.length ?? 0;
  useEffect(() => setActive(0), [s.results?.titles, s.q, s.filters]);
  const current = Math.min(active, Math.max(0, items.length - 1));
  const optionId = (i: number) => `${ids}-opt-${i}`;
  useEffect(() => {
    list.current?.querySelector(`[id="${optionId(current)}"]`)?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  const open = (item: ResultItem) => {
    onClose();
    if (item.kind === 'title') onOpenConversation(item.hit.conversation_id);
    else onOpenMessage(item.hit.conversation_id, item.hit.message_id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (current === items.length - 1 && s.results?.has_more) s.loadMore();
      setActive(Math.min(current + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = items[current];
      if (item) open(item);
    }
  };

  const f = s.filters;
  const setF = (patch: Partial<typeof f>) => s.setFilters({ ...f, ...patch });
  const nFilters = activeFilters(f);
  const field =
    'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';
  const label = 'flex flex-col gap-0.5 text-xs text-zinc-500';
  const status = !s.q.trim()
    ? ''
    : s.loading && !s.results
      ? t('search.searching')
      : s.results
        ? items.length === 0
          ? t('search.noResults')
          : `${t('search.chatCount', { count: titleCount })}, ${t(s.results.has_more ? 'search.messageCountMore' : 'search.messageCount', { count: s.results.messages.length })}`
        : '';

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center sm:p-4 sm:pt-[10vh]" role="dialog" aria-modal="true" aria-label={t('search.title')}>
      <div className="absolute inset-0 bg-black/50" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        data-testid="search-palette"
        className="safe-top safe-bottom relative flex h-full w-full flex-col bg-white shadow-2xl dark:bg-zinc-900 sm:h-auto sm:max-h-[75vh] sm:max-w-2xl sm:rounded-xl"
      >
        <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={`${ids}-list`}
            aria-activedescendant={items.length ? optionId(current) : undefined}
            aria-autocomplete="list"
            aria-label={t('sidebar.searchLabel')}
            placeholder={t('search.placeholder')}
            value={s.q}
            onChange={(e) => s.setQ(e.target.value)}
            onKeyDown={onKeyDown}
            data-testid="search-input"
            className="min-w-0 flex-1 bg-transparent px-1 py-1.5 text-base outline-none"
            autoComplete="off"
            spellCheck={false}
          />
          <button
            type="button"
            aria-expanded={showFilters}
            aria-controls={`${ids}-filters`}
            onClick={() => setShowFilters((v) => !v)}
            data-testid="search-filters-toggle"
            className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            {t('search.filters')}{nFilters ? ` (${nFilters})` : ''}
          </button>
          <button type="button" onClick={onClose} aria-label={t('search.close')} className="rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Esc
          </button>
        </div>
        {showFilters && (
          <div id={`${ids}-filters`} className="grid grid-cols-2 gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800 sm:grid-cols-4" data-testid="search-filters">
            <label className={label}>
              {t('search.from')}
              <input type="date" className={field} value={f.from ?? ''} onChange={(e) => setF({ from: e.target.value || undefined })} data-testid="search-from" />
            </label>
            <label className={label}>
              {t('search.to')}
              <input type="date" className={field} value={f.to ?? ''} onChange={(e) => setF({ to: e.target.value || undefined })} data-testid="search-to" />
            </label>
            <label className={label}>
              {t('common.model')}
              <input
                className={field}
                list={`${ids}-models`}
                value={f.model ?? ''}
                onChange={(e) => setF({ model: e.target.value.trim() || undefined })}
                placeholder={t('common.any')}
                data-testid="search-model"
              />
              <datalist id={`${ids}-models`}>
                {models.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </label>
            <label className={label}>
              {t('search.folder')}
              <select className={field} value={f.folder ?? ''} onChange={(e) => setF({ folder: e.target.value || undefined })} data-testid="search-folder">
                <option value="">{t('common.any')}</option>
                {folders.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              {t('tags.tag')}
              <select className={field} value={f.tag ?? ''} onChange={(e) => setF({ tag: e.target.value || undefined })} data-testid="search-tag">
                <option value="">{t('common.any')}</option>
                {tags.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className={label}>
              {t('common.archived')}
              <select
                className={field}
                value={f.archived ?? ''}
                onChange={(e) => setF({ archived: (e.target.value || undefined) as 'include' | 'only' | undefined })}
                data-testid="search-archived"
              >
                <option value="">{t('search.archivedExclude')}</option>
                <option value="include">{t('search.archivedInclude')}</option>
                <option value="only">{t('search.archivedOnly')}</option>
              </select>
            </label>
            <label className={label}>
              {t('search.sort')}
              <select className={field} value={f.sort ?? 'relevance'} onChange={(e) => setF({ sort: e.target.value as 'relevance' | 'newest' })} data-testid="search-sort">
                <option value="relevance">{t('search.bestMatch')}</option>
                <option value="newest">{t('search.newest')}</option>
              </select>
            </label>
            {nFilters > 0 && (
              <button
                type="button"
                className="self-end rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                onClick={() => s.setFilters({ sort: 'relevance' })}
              >
                {t('search.clearFilters')}
              </button>
            )}
          </div>
        )}
        <div ref={list} className="min-h-0 flex-1 overflow-y-auto py-1" data-testid="search-results">
          <p className="sr-only" role="status" aria-live="polite">
            {status}
          </p>
          {s.error && (
            <p className="px-4 py-3 text-sm text-red-600 dark:text-red-400" role="alert" data-testid="search-error">
              {s.error}
            </p>
          )}
          {!s.q.trim() && <p className="px-4 py-6 text-center text-sm text-zinc-500">{t('search.hint')}</p>}
          {s.q.trim() && status && !s.error && (s.loading || items.length === 0) && (
            <p className="px-4 py-3 text-sm text-zinc-500" data-testid="search-status">
              {s.loading && items.length === 0 ? t('search.searching') : status}
            </p>
          )}
          <div id={`${ids}-list`} role="listbox" aria-label={t('search.results')}>
            {titleCount > 0 && (
              <div role="group" aria-label={t('common.chats')}>
                <div className="px-4 pb-1 pt-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-500" aria-hidden="true">
                  {t('common.chats')}
                </div>
                {items.slice(0, titleCount).map((item, i) => (
                  <Option key={`t-${item.hit.conversation_id}`} id={optionId(i)} item={item} selected={i === current} onHover={() => setActive(i)} onChoose={() => open(item)} />
                ))}
              </div>
            )}
            {items.length > titleCount && (
              <div role="group" aria-label={t('search.messages')}>
                <div className="px-4 pb-1 pt-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-500" aria-hidden="true">
                  {t('search.messages')}
                </div>
                {items.slice(titleCount).map((item, j) => {
                  const i = titleCount + j;
                  return <Option key={`m-${(item.hit as { message_id: string }).message_id}`} id={optionId(i)} item={item} selected={i === current} onHover={() => setActive(i)} onChoose={() => open(item)} />;
                })}
              </div>
            )}
          </div>
          {s.results?.has_more && (
            <div className="px-4 py-2 text-center">
              <button
                type="button"
                onClick={s.loadMore}
                disabled={s.loading}
                data-testid="search-more"
                className="rounded-full border border-zinc-300 px-3 py-1 text-xs hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                {s.loading ? t('common.loading') : t('sidebar.loadMore')}
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function Option({ id, item, selected, onHover, onChoose }: { id: string; item: ResultItem; selected: boolean; onHover: () => void; onChoose: () => void }) {
  const base = `block w-full cursor-pointer px-4 py-2 text-left ${selected ? 'bg-indigo-50 dark:bg-indigo-950/60' : ''}`;
  if (item.kind === 'title') {
    const h = item.hit;
    return (
      <div
        id={id}
        role="option"
        aria-selected={selected}
        className={base}
        onMouseMove={onHover}
        onClick={onChoose}
        data-testid="search-result"
        data-kind="title"
        data-conversation-id={h.conversation_id}
      >
        <Highlight segments={h.highlight?.length ? h.highlight : [{ text: h.title, hit: false }]} className="block truncate text-sm font-medium" />
        <span className="text-xs text-zinc-500">
          {relativeTime(h.updated_at)}
          {h.archived ? t('search.archivedSuffix') : ''}
        </span>
      </div>
    );
  }
  const h = item.hit;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={`${h.conversation_title}: ${plainText(h.snippet)}`}
      className={base}
      onMouseMove={onHover}
      onClick={onChoose}
      data-testid="search-result"
      data-kind="message"
      data-conversation-id={h.conversation_id}
      data-message-id={h.message_id}
    >
      <span className="flex items-center gap-2 text-xs text-zinc-500">
        <span className="truncate font-medium text-zinc-700 dark:text-zinc-300">{h.conversation_title}</span>
        <span className="shrink-0">
          {h.role === 'user' ? t('search.you') : shortModel(h.model) || t('search.reply')} · {relativeTime(h.created_at)}
          {h.archived ? t('search.archivedSuffix') : ''}
        </span>
      </span>
      <Highlight segments={h.snippet} className="line-clamp-2 block text-sm" />
    </div>
  );
}
