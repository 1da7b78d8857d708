// Small shared pieces for forms and panels (accounts, users): class names, a live error
// line, and a modal side panel like Settings.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { copyText } from '../lib/clipboard';
import { CheckIcon, CloseIcon, CopyIcon } from './icons';
import { t } from '../i18n';

export const inputClass =
  'w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 dark:border-zinc-700 dark:bg-zinc-900';
export const primaryClass =
  'rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50 aria-disabled:opacity-50';
export const secondaryClass =
  'rounded-lg border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 disabled:opacity-50 aria-disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';
export const labelClass = 'mb-1 block text-sm font-medium';
export const linkClass = 'text-indigo-600 hover:underline disabled:opacity-50 aria-disabled:opacity-50 dark:text-indigo-400';
export const dangerLinkClass = 'text-red-600 hover:underline disabled:opacity-50 aria-disabled:opacity-50 dark:text-red-400';

/**
 * An error sentence in a live region: present (empty) before the error comes, so a
 * screen reader says it when it appears.
 */
export function LiveError({ text, testId, className = '' }: { text: string | null | undefined; testId?: string; className?: string }) {
  return (
    <p
      role="alert"
      aria-live="assertive"
      aria-atomic="true"
      data-testid={testId}
      className={text ? `text-sm text-red-600 dark:text-red-400 ${className}` : 'sr-only'}
    >
      {text ?? ''}
    </p>
  );
}

/** A polite status line (success messages). */
export function LiveStatus({ text, testId, className = '' }: { text: string | null | undefined; testId?: string; className?: string }) {
  return (
    <p role="status" aria-live="polite" aria-atomic="true" data-testid={testId} className={text ? `text-sm text-emerald-600 dark:text-emerald-400 ${className}` : 'sr-only'}>
      {text ?? ''}
    </p>
  );
}

export function PanelSection({ title, hint, children, testId }: { title: string; hint?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {hint && <p className="mb-2 mt-0.5 text-xs text-zinc-500">{hint}</p>}
      <div className={hint ? '' : 'mt-2'}>{children}</div>
    </section>
  );
}

interface SidePanelProps {
  title: string;
  testId: string;
  onClose: () => void;
  /** Where focus goes on close when the control that opened the panel is gone. */
  returnFocus?: () => HTMLElement | null;
  /** Tailwind max-width class of the panel. */
  width?: string;
  children: ReactNode;
}

/**
 * A modal panel on the right (full screen on a phone), like Settings: focus moves in once,
 * Tab stays inside, Escape and the backdrop close it, focus goes back to its opener.
 */
export function SidePanel({ title, testId, onClose, returnFocus, width = 'max-w-lg', children }: SidePanelProps) {
  const panel = useRef<HTMLDivElement>(null);
  useDialogFocus(panel, true, onClose, { fallback: returnFocus });
  return (
    <div className="fixed inset-0 z-50 flex justify-end" role="dialog" aria-modal="true" aria-label={title}>
      <div className="absolute inset-0 bg-black/50" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        tabIndex={-1}
        data-testid={testId}
        className={`safe-top safe-bottom safe-right relative flex h-full w-full ${width} flex-col bg-white shadow-2xl outline-none dark:bg-zinc-950`}
      >
        <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="text-lg font-semibold">{title}</h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t('common.closeWhat', { what: title.toLowerCase() })}
            className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <CloseIcon />
          </button>
        </header>
        <div className="min-h-0 flex-1 space-y-8 overflow-y-auto px-4 py-5">{children}</div>
      </div>
    </div>
  );
}

/**
 * A secret or a link shown once: the text in a read-only field (selected on focus) and
 * a Copy button that says when it worked.
 */
export function CopyField({ value, label, testId, note }: { value: string; label: string; testId: string; note?: ReactNode }) {
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <div data-testid={testId}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className={`${inputClass} min-w-0 font-mono text-xs`}
          aria-describedby={note ? `${id}-note` : undefined}
          spellCheck={false}
          data-testid={`${testId}-value`}
        />
        <button
          type="button"
          className={`${secondaryClass} flex shrink-0 items-center gap-1`}
          onClick={async () => setCopied(await copyText(value))}
          data-testid={`${testId}-copy`}
        >
          {copied ? <CheckIcon width={16} height={16} /> : <CopyIcon width={16} height={16} />}
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
      {note && (
        <p id={`${id}-note`} className="mt-1 text-xs text-amber-700 dark:text-amber-300">
          {note}
        </p>
      )}
      <p role="status" aria-live="polite" className="sr-only">
        {copied === true ? t('common.copiedToClipboard') : copied === false ? t('common.copyFailed') : ''}
      </p>
    </div>
  );
}
