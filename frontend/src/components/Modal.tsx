// A small centred modal dialog (a sheet at the bottom on a phone): focus moves in once,
// Tab stays inside, Escape and the backdrop close it, focus goes back to its opener.
import { useId, useRef, type ReactNode } from 'react';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { CloseIcon } from './icons';
import { t } from '../i18n';

interface Props {
  title: string;
  testId: string;
  onClose: () => void;
  /** Where focus goes on close when the control that opened it is gone. */
  returnFocus?: () => HTMLElement | null;
  /** A line under the title. */
  description?: ReactNode;
  children: ReactNode;
}

export function Modal({ title, testId, onClose, returnFocus, description, children }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  useDialogFocus(box, true, onClose, { fallback: returnFocus });
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center sm:items-center sm:p-4">
      <div className="absolute inset-0 bg-black/50" onClick={onClose} aria-hidden="true" />
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-desc` : undefined}
        tabIndex={-1}
        data-testid={testId}
        className="safe-bottom relative flex max-h-[90dvh] w-full flex-col rounded-t-2xl bg-white shadow-2xl outline-none sm:max-w-lg sm:rounded-2xl dark:bg-zinc-950 dark:ring-1 dark:ring-zinc-800"
      >
        <header className="flex items-start justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <div className="min-w-0">
            <h2 id={`${id}-title`} className="truncate text-base font-semibold">
              {title}
            </h2>
            {description && (
              <p id={`${id}-desc`} className="mt-0.5 text-xs text-zinc-500">
                {description}
              </p>
            )}
          </div>
          <button
            type="button"
            onClick={onClose}
            aria-label={t('common.close')}
            className="-mr-1 shrink-0 rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <CloseIcon />
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">{children}</div>
      </div>
    </div>
  );
}
