// Two versions of a text compared line by line: removed lines (−, red), added lines
// (+, green), unchanged ones around them; long unchanged stretches folded.
import { useMemo } from 'react';
import { diffLines, diffStats, foldDiff } from '../../lib/diff';
import { t } from '../../i18n';

interface Props {
  before: string;
  after: string;
  /** Says which versions these are (e.g. "12 Mar by admin → 14 Mar by admin"). */
  label: string;
}

export function DiffView({ before, after, label }: Props) {
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const items = useMemo(() => foldDiff(lines), [lines]);
  const { added, removed } = diffStats(lines);
  return (
    <figure data-testid="diff" className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      <figcaption className="flex flex-wrap items-center gap-x-3 border-b border-zinc-200 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <span className="min-w-0 flex-1">{label}</span>
        <span data-testid="diff-stats">
          <span className="text-emerald-700 dark:text-emerald-400">+{added}</span>{' '}
          <span className="text-red-700 dark:text-red-400">−{removed}</span>
          <span className="sr-only">
            {' '}
            ({t('household.diffSummary', { count: added, removed })})
          </span>
        </span>
      </figcaption>
      {added === 0 && removed === 0 ? (
        <p className="px-3 py-2 text-sm text-zinc-500" data-testid="diff-same">
          {t('household.same')}
        </p>
      ) : (
        <ol className="max-h-96 overflow-auto py-1 font-mono text-xs leading-5" aria-label={t('household.lineByLine')}>
          {items.map((it, i) =>
            it.kind === 'skip' ? (
              <li key={i} className="px-3 text-zinc-400" data-testid="diff-line" data-kind="skip">
                ⋯ {t('household.unchangedLines', { count: it.count })}
              </li>
            ) : (
              <li
                key={i}
                data-testid="diff-line"
                data-kind={it.kind}
                className={`flex whitespace-pre-wrap break-words px-3 ${
                  it.kind === 'add'
                    ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
                    : it.kind === 'del'
                      ? 'bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-200'
                      : ''
                }`}
              >
                <span aria-hidden="true" className="w-4 shrink-0 select-none">
                  {it.kind === 'add' ? '+' : it.kind === 'del' ? '−' : ' '}
                </span>
                <span className="sr-only">{it.kind === 'add' ? t('household.added') : it.kind === 'del' ? t('household.removed') : ''}</span>
                {it.kind === 'add' ? (
                  <ins className="min-w-0 no-underline" data-testid="diff-text">
                    {it.text || ' '}
                  </ins>
                ) : it.kind === 'del' ? (
                  <del className="min-w-0 no-underline" data-testid="diff-text">
                    {it.text || ' '}
                  </del>
                ) : (
                  <span className="min-w-0" data-testid="diff-text">
                    {it.text || ' '}
                  </span>
                )}
              </li>
            ),
          )}
        </ol>
      )}
    </figure>
  );
}
