// One picker over every connection's models: grouped by connection, then the model's
// provider; searchable by name or id. A choice is a model of a connection: the same id
// may come from two connections.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ModelsState } from '../hooks/useModels';
import { formatContext, formatPrice, shortModel } from '../lib/format';
import { connectionOf, findModel, groupModels, matchModels, modelKey } from '../lib/models';
import { ChevronDownIcon, ImageIcon } from './icons';
import { t } from '../i18n';
import { imageText } from '../features/images/limits';

interface Props {
  /** The model id chosen. */
  value: string;
  /** Its connection (null/absent: the server connection). */
  connectionId?: string | null;
  models: ModelsState;
  /** `connectionId`: the chosen model's connection (`default`: the server connection). */
  onChange: (id: string, connectionId: string) => void;
  /** Only this connection's models (the default model is one of the server connection's). */
  only?: string;
  disabled?: boolean;
  /** `header`: compact button in the chat header; `field`: a form control. */
  variant?: 'header' | 'field';
  label?: string;
  testId?: string;
}

const MAX_SHOWN = 400;

export function ModelSelector({
  value,
  connectionId,
  models,
  onChange,
  only,
  disabled,
  variant = 'header',
  label = t('common.model'),
  testId = 'model-selector',
}: Props) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    void models.load();
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const selected = connectionOf(connectionId);
  const pool = useMemo(
    () => (only ? models.models.filter((m) => connectionOf(m.connection_id) === only) : models.models),
    [models.models, only],
  );
  const connections = useMemo(
    () => (only ? models.connections.filter((c) => c.id === only) : models.connections),
    [models.connections, only],
  );
  const filtered = useMemo(() => matchModels(pool, query), [pool, query]);
  const { groups, flat: shown, more } = useMemo(
    () => groupModels(filtered, connections, { limit: MAX_SHOWN, showEmpty: !query.trim() }),
    [filtered, connections, query],
  );
  // Connection headings only when there is more than one connection to tell apart.
  const manyConnections = new Set(pool.map((m) => connectionOf(m.connection_id))).size > 1 || connections.length > 1;

  useEffect(() => setActive(0), [query]);
  // Keep the active option visible (scrolling only the list, never the page).
  useEffect(() => {
    const list = listRef.current;
    const el = list?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (!list || !el) return;
    const header = 28; // sticky provider heading
    if (el.offsetTop - header < list.scrollTop) list.scrollTop = el.offsetTop - header;
    else if (el.offsetTop + el.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = el.offsetTop + el.offsetHeight - list.clientHeight;
  }, [active]);

  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) search.current?.focus({ preventScroll: true });
  }, [open]);

  const current = findModel(models.models, selected, value);
  // A model id typed in that the list does not have: used with the current connection.
  const custom = query.trim() && !/\s/.test(query.trim()) && !findModel(pool, selected, query.trim()) ? query.trim() : null;

  const choose = (id: string, conn: string) => {
    setOpen(false);
    setQuery('');
    button.current?.focus(); // the list goes away: focus stays on this control
    if (id !== value || conn !== selected) onChange(id, conn);
  };
  const where = current?.connection_name && manyConnections ? ` (${current.connection_name})` : '';

  let index = -1;

  return (
    <div ref={root} className={`relative ${variant === 'field' ? 'w-full' : 'min-w-0'}`} data-testid={testId}>
      <button
        ref={button}
        type="button"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${label}: ${value}${where}`}
        title={`${value}${where}`}
        data-testid={`${testId}-button`}
        onClick={() => setOpen((o) => !o)}
        className={
          variant === 'header'
            ? 'flex max-w-full items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:hover:bg-zinc-800'
            : 'flex w-full items-center justify-between gap-2 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-left text-sm dark:border-zinc-700 dark:bg-zinc-900'
        }
      >
        <span className="truncate" data-testid={`${testId}-value`} data-model={value} data-connection-id={selected}>
          {(variant === 'field' ? current?.name : null) ?? (shortModel(value) || t('models.choose'))}
        </span>
        <ChevronDownIcon width={16} height={16} className="shrink-0 opacity-60" />
      </button>
      {open && (
        <div
          className={`absolute z-50 mt-1 flex max-h-[min(70vh,32rem)] w-[min(26rem,calc(100vw-1.5rem))] flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xl dark:border-zinc-700 dark:bg-zinc-900 ${
            variant === 'header' ? 'right-0' : 'left-0'
          }`}
        >
          <div className="border-b border-zinc-200 p-2 dark:border-zinc-700">
            <input
              ref={search}
              type="search"
              value={query}
              placeholder={t('models.searchPlaceholder')}
              aria-label={t('models.search')}
              aria-controls={listId}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => Math.min(a + 1, shown.length - 1));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => Math.max(a - 1, 0));
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  const m = shown[active];
                  if (m) choose(m.id, connectionOf(m.connection_id));
                  else if (custom) choose(custom, selected);
                } else if (e.key === 'Escape') {
                  // Closes the list only, not a dialog around it; focus back on the button.
                  e.preventDefault();
                  e.stopPropagation();
                  setOpen(false);
                  button.current?.focus();
                }
              }}
              className="w-full rounded-md bg-zinc-100 px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-indigo-500 dark:bg-zinc-800"
            />
          </div>
          <div ref={listRef} id={listId} role="listbox" aria-label={t('common.models')} className="relative min-h-0 flex-1 overflow-y-auto py-1">
            {models.status === 'loading' && models.models.length === 0 && (
              <p className="px-3 py-2 text-sm text-zinc-500">{t('models.loading')}</p>
            )}
            {models.status === 'error' && (
              <p className="px-3 py-2 text-sm text-red-600 dark:text-red-400">
                {t('models.loadFailed')} {models.error}{' '}
                <button type="button" className="underline" onClick={() => void models.load(true)}>
                  {t('common.tryAgain')}
                </button>
              </p>
            )}
            {models.warning && !models.connections.length && (
              <p className="px-3 py-1 text-xs text-amber-600 dark:text-amber-400">{models.warning}</p>
            )}
            {groups.map((g) => (
              <div
                key={g.connectionId}
                role={manyConnections ? 'group' : undefined}
                aria-label={manyConnections ? g.name : undefined}
                data-connection-id={g.connectionId}
                data-testid="model-connection-group"
              >
                {manyConnections && (
                  <div className="sticky top-0 z-10 bg-white/95 px-3 pb-0.5 pt-2 text-xs font-semibold text-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200">
                    {g.name}
                  </div>
                )}
                {g.warning && (
                  <p className="px-3 pb-1 text-[11px] text-amber-600 dark:text-amber-400" data-testid="model-connection-warning">
                    {g.warning}
                  </p>
                )}
                {g.providers.map(({ provider, models: list }) => (
                  <div key={provider} role="group" aria-label={provider}>
                    <div
                      className={`${manyConnections ? '' : 'sticky top-0 bg-white/95 dark:bg-zinc-900/95'} px-3 pb-1 pt-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-500`}
                    >
                      {provider}
                    </div>
                    {list.map((m) => {
                      index++;
                      const i = index;
                      const conn = connectionOf(m.connection_id);
                      const isSelected = m.id === value && conn === selected;
                      return (
                        <button
                          key={modelKey(conn, m.id)}
                          type="button"
                          role="option"
                          aria-selected={isSelected}
                          data-index={i}
                          data-model-id={m.id}
                          data-connection-id={conn}
                          onMouseEnter={() => setActive(i)}
                          onClick={() => choose(m.id, conn)}
                          className={`block w-full px-3 py-2 text-left ${i === active ? 'bg-zinc-100 dark:bg-zinc-800' : ''}`}
                        >
                          <span className="flex items-center justify-between gap-2">
                            <span className={`truncate text-sm ${isSelected ? 'font-semibold text-indigo-600 dark:text-indigo-400' : ''}`}>
                              {m.name}
                            </span>
                            <span className="flex shrink-0 items-center gap-1 text-xs text-zinc-500">
                              {m.images && (
                                <span title={imageText.takesImages} data-testid="model-takes-images">
                                  <ImageIcon width={14} height={14} aria-hidden="true" />
                                  <span className="sr-only">{imageText.takesImages}</span>
                                </span>
                              )}
                              {formatContext(m.context_length)}
                            </span>
                          </span>
                          <span className="flex items-center justify-between gap-2 text-xs text-zinc-500">
                            <span className="truncate font-mono">{m.id}</span>
                            <span className="shrink-0">{formatPrice(m.prompt_price_per_mtok, m.completion_price_per_mtok)}</span>
                          </span>
                        </button>
                      );
                    })}
                  </div>
                ))}
              </div>
            ))}
            {more > 0 && (
              <p className="px-3 py-2 text-xs text-zinc-500">
                {t('models.more', { count: more })}
              </p>
            )}
            {models.status === 'ready' && filtered.length === 0 && !custom && (
              <p className="px-3 py-2 text-sm text-zinc-500">{t('models.noMatch')}</p>
            )}
            {custom && (
              <button
                type="button"
                onClick={() => choose(custom, selected)}
                className="block w-full px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                {t('models.useId')} <span className="font-mono">{custom}</span>
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
