// Household context (admins): one text sent to every conversation of every user, before
// their "about me" and the conversation's system prompt. The editor saves a new version;
// the history says who saved each one and when; two ticked versions are compared line by
// line; an old version can be restored (saved again as the newest).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ContextVersion } from '../../api/types';
import { LiveError, LiveStatus, PanelSection, SidePanel, inputClass, linkClass, primaryClass } from '../../components/ui';
import { relativeTime } from '../../lib/format';
import { DiffView } from './DiffView';
import { HOUSEHOLD_MAX, useHouseholdContext, type HouseholdState } from './useHouseholdContext';
import { messageOf } from '../../lib/errors';
import { formatDateTime, formatNumber, t } from '../../i18n';

interface Props {
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}

/** "admin, 12 Mar 2025, 14:03" for a version (who may be gone). */
export function versionLabel(v: ContextVersion): string {
  const when = formatDateTime(v.created_at, { dateStyle: 'medium', timeStyle: 'short' });
  return `${v.created_by ?? t('household.deletedUser')}, ${when}`;
}

export function HouseholdDialog({ onClose, returnFocus }: Props) {
  const state = useHouseholdContext();
  return (
    <SidePanel title={t('household.title')} testId="household-panel" onClose={onClose} returnFocus={returnFocus} width="max-w-3xl">
      {!state.loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : (
        <>
          <EditorSection state={state} />
          <HistorySection state={state} />
        </>
      )}
    </SidePanel>
  );
}

function EditorSection({ state }: { state: HouseholdState }) {
  const id = useId();
  const saved = state.current?.content ?? '';
  const [text, setText] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // A new current version (saved here, or restored below) replaces the text being edited.
  const currentId = state.current?.id ?? null;
  useEffect(() => {
    setText(state.current?.content ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId]);

  const length = [...text].length;
  const tooLong = length > HOUSEHOLD_MAX;
  const changed = text !== saved;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !changed) return;
    setStatus(null);
    if (tooLong) {
      setError(t('household.tooLong', { max: HOUSEHOLD_MAX }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await state.save(text);
      setStatus(text.trim() ? t('household.savedVersion') : t('household.savedEmpty'));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection
      title={t('household.current')}
      testId="household-editor"
      hint={t('household.hint')}
    >
      <LiveError text={state.error} className="mb-2" testId="household-load-error" />
      <form onSubmit={submit} noValidate aria-label={t('household.title')} className="space-y-2">
        <label htmlFor={`${id}-text`} className="sr-only">
          {t('household.title')}
        </label>
        <textarea
          id={`${id}-text`}
          rows={10}
          className={`${inputClass} resize-y`}
          value={text}
          aria-describedby={`${id}-count`}
          aria-invalid={tooLong || undefined}
          placeholder={t('household.placeholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="household-text"
        />
        <p id={`${id}-count`} className={`text-right text-xs ${tooLong ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`}>
          {formatNumber(length)} / {formatNumber(HOUSEHOLD_MAX)}
          {changed && <span className="ml-2 text-amber-700 dark:text-amber-300">{t('household.notSaved')}</span>}
        </p>
        <LiveError text={error} testId="household-error" />
        <LiveStatus text={status} testId="household-status" />
        <button type="submit" className={primaryClass} aria-disabled={busy || !changed} data-testid="household-save">
          {t('common.save')}
        </button>
      </form>
    </PanelSection>
  );
}

function HistorySection({ state }: { state: HouseholdState }) {
  // Up to two ticked versions, in the order they were ticked.
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  // Versions that are gone (never, today) or a fresh list: keep only ticks that still exist.
  const ids = new Set(state.versions.map((v) => v.id));
  const ticked = picked.filter((p) => ids.has(p));

  const toggle = (id: string, on: boolean) =>
    setPicked((p) => {
      const rest = p.filter((x) => x !== id && ids.has(x));
      if (!on) return rest;
      return [...rest.slice(-1), id];
    });

  const restore = async (v: ContextVersion) => {
    if (busyId) return;
    setBusyId(v.id);
    setError(null);
    setStatus(null);
    try {
      await state.restore(v.id);
      setStatus(t('household.restored', { version: versionLabel(v) }));
      // The restored text is the newest row; its Restore is gone: keep focus in the list.
      requestAnimationFrame(() => list.current?.querySelector<HTMLElement>('input[type=checkbox]')?.focus());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusyId(null);
    }
  };

  // Compared oldest → newest, whatever order they were ticked in.
  const compared = state.versions.filter((v) => ticked.includes(v.id)).reverse();

  return (
    <PanelSection title={t('household.history')} testId="household-history" hint={t('household.historyHint')}>
      <LiveError text={error} className="mb-2" testId="history-error" />
      <LiveStatus text={status} className="mb-2" testId="history-status" />
      {state.versions.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="history-empty">
          {t('household.nothingSaved')}
        </p>
      ) : (
        <ol ref={list} className="space-y-2" data-testid="version-list">
          {state.versions.map((v, i) => {
            const current = state.current ? v.id === state.current.id : i === 0;
            const first = v.content.split('\n').find((l) => l.trim()) ?? '';
            return (
              <li
                key={v.id}
                data-testid="version-item"
                data-id={v.id}
                data-current={current}
                className="flex items-start gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
              >
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={ticked.includes(v.id)}
                  onChange={(e) => toggle(v.id, e.target.checked)}
                  aria-label={t('household.compareVersion', { version: versionLabel(v) })}
                  data-testid="version-compare"
                />
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-x-2 text-sm">
                    <span className="font-medium" data-testid="version-author">
                      {v.created_by ?? t('household.deletedUser')}
                    </span>
                    <time dateTime={v.created_at} title={formatDateTime(v.created_at)} className="text-xs text-zinc-500">
                      {relativeTime(v.created_at)}
                    </time>
                    {current && (
                      <span className="rounded bg-indigo-100 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                        {t('household.currentBadge')}
                      </span>
                    )}
                  </p>
                  <p className="mt-0.5 truncate text-xs text-zinc-500" data-testid="version-preview">
                    {v.content.trim() ? first : <em>{t('household.emptyVersion')}</em>}
                  </p>
                </div>
                {!current && (
                  <button
                    type="button"
                    className={`${linkClass} shrink-0 text-xs`}
                    aria-disabled={busyId !== null}
                    aria-label={t('household.restoreVersion', { version: versionLabel(v) })}
                    onClick={() => void restore(v)}
                    data-testid="version-restore"
                  >
                    {t('household.restore')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div className="mt-3">
        {compared.length === 2 ? (
          <DiffView
            before={compared[0].content}
            after={compared[1].content}
            label={`${versionLabel(compared[0])} → ${versionLabel(compared[1])}`}
          />
        ) : (
          state.versions.length > 1 && (
            <p className="text-xs text-zinc-500" data-testid="compare-hint">
              {compared.length === 1 ? t('household.tickOneMore') : t('household.tickTwo')}
            </p>
          )
        )}
      </div>
    </PanelSection>
  );
}
