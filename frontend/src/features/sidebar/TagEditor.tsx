// The tags of one conversation: a small dialog with its tags as chips (× removes one), a
// field that adds one (Enter, or a suggestion from the tags in use), Save and Cancel.
import { useEffect, useId, useRef, useState } from 'react';
import type { TagCount } from '../../api/types';
import { useDialogFocus } from '../../hooks/useDialogFocus';
import { messageOf } from '../../lib/errors';
import { sortTags } from './store';
import { t } from '../../i18n';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** A tag as the server keeps it (trimmed), or null when it cannot be one. */
export function cleanTag(raw: string): string | null {
  const tag = raw.trim();
  return tag && [...tag].length <= MAX_TAG_LENGTH ? tag : null;
}

export function TagEditor({
  title,
  initial,
  suggestions,
  onSave,
  onClose,
  returnFocus,
  onWantSuggestions,
}: {
  title: string;
  initial: string[];
  suggestions: TagCount[];
  onSave: (tags: string[]) => Promise<void>;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
  /** Asks for the suggestions (the tags in use) once. */
  onWantSuggestions?: () => void;
}) {
  const [tags, setTags] = useState<string[]>(initial);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  useDialogFocus(panel, true, onClose, { fallback: returnFocus });
  useEffect(() => onWantSuggestions?.(), [onWantSuggestions]);

  const add = (raw: string) => {
    const tag = cleanTag(raw);
    if (!tag) {
      if (raw.trim()) setError(t('tags.tooLong', { count: MAX_TAG_LENGTH }));
      return;
    }
    if (tags.includes(tag)) {
      setText('');
      return;
    }
    if (tags.length >= MAX_TAGS) {
      setError(t('tags.tooMany', { count: MAX_TAGS }));
      return;
    }
    setTags(sortTags([...tags, tag]));
    setText('');
    setError(null);
    input.current?.focus();
  };
  const q = text.trim().toLowerCase();
  const offered = suggestions.filter((s) => !tags.includes(s.name) && (!q || s.name.toLowerCase().includes(q))).slice(0, 8);

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center p-4 pt-[15vh]" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="absolute inset-0 bg-black/50" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        data-testid="tag-editor"
        className="relative w-full max-w-sm rounded-xl bg-white p-4 shadow-2xl dark:bg-zinc-900"
      >
        <h2 id={titleId} className="mb-3 truncate text-base font-semibold">
          {title}
        </h2>
        <ul className="mb-2 flex min-h-[1.75rem] flex-wrap gap-1" aria-label={t('tags.title')} data-testid="tag-editor-tags">
          {tags.length === 0 && <li className="text-sm text-zinc-500">{t('tags.none')}</li>}
          {tags.map((tag) => (
            <li key={tag} className="flex items-center gap-0.5 rounded-full bg-zinc-200 py-0.5 pl-2 pr-0.5 text-xs dark:bg-zinc-800" data-testid="tag-editor-tag" data-tag={tag}>
              {tag}
              <button
                type="button"
                aria-label={t('tags.remove', { tag })}
                className="rounded-full px-1 text-zinc-500 hover:bg-zinc-300 hover:text-zinc-900 dark:hover:bg-zinc-700"
                onClick={() => setTags(tags.filter((x) => x !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            add(text);
          }}
        >
          <input
            ref={input}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={t('tags.add')}
            placeholder={t('tags.add')}
            maxLength={MAX_TAG_LENGTH + 10}
            data-testid="tag-input"
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          <button type="submit" className="rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" data-testid="tag-add">
            {t('common.add')}
          </button>
        </form>
        {offered.length > 0 && (
          <div className="mt-2 flex flex-wrap gap-1" aria-label={t('tags.suggestions')} role="group">
            {offered.map((s) => (
              <button
                key={s.name}
                type="button"
                className="rounded-full border border-zinc-300 px-2 py-0.5 text-xs hover:bg-indigo-50 dark:border-zinc-700 dark:hover:bg-indigo-950"
                data-testid="tag-suggestion"
                data-tag={s.name}
                onClick={() => add(s.name)}
              >
                {s.name} <span className="text-zinc-500">{s.count}</span>
              </button>
            ))}
          </div>
        )}
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className="rounded-md px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            aria-disabled={busy}
            data-testid="tag-save"
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 aria-disabled:opacity-60"
            onClick={async () => {
              if (busy) return;
              // What is typed and not added yet counts too.
              const pendingTag = cleanTag(text);
              const all = pendingTag && !tags.includes(pendingTag) ? sortTags([...tags, pendingTag]) : tags;
              setBusy(true);
              setError(null);
              try {
                await onSave(all);
                onClose();
              } catch (err) {
                setError(messageOf(err));
                setBusy(false);
              }
            }}
          >
            {t('common.save')}
          </button>
        </div>
      </div>
    </div>
  );
}
