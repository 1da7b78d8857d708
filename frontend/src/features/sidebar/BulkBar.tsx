// Select mode's actions on the chats ticked: move to a folder, add or remove a tag,
// archive (or bring back), delete (after a confirmation). One request for all of them.
import { useId, useState } from 'react';
import type { BulkAction, Folder, TagCount } from '../../api/types';
import { messageOf } from '../../lib/errors';
import { cleanTag } from './TagEditor';
import { t } from '../../i18n';

interface Props {
  count: number;
  archivedView: boolean;
  folders: Folder[];
  tags: TagCount[];
  onRun: (action: BulkAction, arg?: { folder_id?: string | null; tag?: string }) => Promise<void>;
  onSelectAll: () => void;
  onClear: () => void;
}

export function BulkBar({ count, archivedView, folders, tags, onRun, onSelectAll, onClear }: Props) {
  const [mode, setMode] = useState<'idle' | 'tag' | 'delete'>('idle');
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const none = count === 0;

  const run = async (action: BulkAction, arg?: { folder_id?: string | null; tag?: string }) => {
    if (busy || none) return;
    setBusy(true);
    setError(null);
    try {
      await onRun(action, arg);
      setMode('idle');
      setTag('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const btn =
    'rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-200 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

  return (
    <div className="border-t border-zinc-200 px-2 py-2 text-sm dark:border-zinc-800" data-testid="bulk-bar" role="region" aria-label={t('bulk.label')}>
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <span data-testid="bulk-count" aria-live="polite">
          {t('bulk.selected', { count })}
        </span>
        <span className="flex gap-1">
          <button type="button" className={btn} onClick={onSelectAll} data-testid="bulk-select-all">
            {t('bulk.all')}
          </button>
          <button type="button" className={btn} onClick={onClear} disabled={none}>
            {t('bulk.none')}
          </button>
        </span>
      </div>
      {mode === 'delete' ? (
        <div role="group" aria-label={t('bulk.confirmDelete')} className="flex items-center gap-2 rounded-md bg-red-50 px-2 py-1.5 dark:bg-red-950/40" data-testid="bulk-delete-confirm">
          <span className="flex-1 text-xs">
            {t('bulk.confirmDeleteText', { count })}
          </span>
          <button
            type="button"
            className="rounded-md bg-red-600 px-2 py-1 text-xs font-medium text-white hover:bg-red-700"
            onClick={() => void run('delete')}
            data-testid="bulk-delete-yes"
          >
            {t('common.delete')}
          </button>
          <button type="button" autoFocus className="rounded-md px-2 py-1 text-xs hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={() => setMode('idle')}>
            {t('common.cancel')}
          </button>
        </div>
      ) : mode === 'tag' ? (
        <form
          className="flex flex-wrap items-center gap-1"
          onSubmit={(e) => e.preventDefault()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setMode('idle');
            }
          }}
        >
          <input
            autoFocus
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            list={listId}
            aria-label={t('tags.tag')}
            placeholder={t('tags.tag')}
            data-testid="bulk-tag-input"
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          <datalist id={listId}>
            {tags.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
          <button type="submit" className={btn} disabled={!cleanTag(tag)} onClick={() => void run('tag', { tag: cleanTag(tag)! })} data-testid="bulk-tag-add">
            {t('common.add')}
          </button>
          <button type="button" className={btn} disabled={!cleanTag(tag)} onClick={() => void run('untag', { tag: cleanTag(tag)! })} data-testid="bulk-tag-remove">
            {t('common.remove')}
          </button>
          <button type="button" className="px-1 text-xs text-zinc-500" onClick={() => setMode('idle')}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-1">
          <select
            aria-label={t('bulk.moveToFolder')}
            className="max-w-[8rem] rounded-md border border-zinc-300 bg-white px-1 py-1 text-xs disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900"
            value=""
            disabled={none || busy}
            data-testid="bulk-move"
            onChange={(e) => {
              const v = e.target.value;
              if (v) void run('move', { folder_id: v === '-' ? null : v });
            }}
          >
            <option value="">{t('bulk.moveTo')}</option>
            <option value="-">{t('bulk.noFolder')}</option>
            {folders.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
          <button type="button" className={btn} disabled={none || busy} onClick={() => setMode('tag')} data-testid="bulk-tag">
            {t('tags.tagEllipsis')}
          </button>
          <button
            type="button"
            className={btn}
            disabled={none || busy}
            onClick={() => void run(archivedView ? 'unarchive' : 'archive')}
            data-testid="bulk-archive"
          >
            {archivedView ? t('common.unarchive') : t('common.archive')}
          </button>
          <button type="button" className={`${btn} text-red-600 dark:text-red-400`} disabled={none || busy} onClick={() => setMode('delete')} data-testid="bulk-delete">
            {t('common.deleteEllipsis')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
