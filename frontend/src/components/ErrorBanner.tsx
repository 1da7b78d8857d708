import type { ChatError } from '../hooks/useChat';
import { t } from '../i18n';
import { errorText } from '../lib/errors';

/** Refusals that trying again at once cannot fix (a limit set by an admin). */
const NO_RETRY = new Set(['budget_exhausted', 'model_not_allowed', 'chat_limit']);

interface Props {
  error: ChatError | null;
  notice: string | null;
  keyMissing: boolean;
  onRetry: () => void;
  onDismiss: () => void;
  onSettings: () => void;
  /** Where focus goes when Retry or Dismiss takes the banner (and the focused button) away. */
  returnFocus?: () => HTMLElement | null;
}

export function ErrorBanner({ error, notice, keyMissing, onRetry, onDismiss, onSettings, returnFocus }: Props) {
  if (!error && !notice && !keyMissing) return null;
  const then = (f: () => void) => () => {
    f();
    returnFocus?.()?.focus();
  };
  const needsKey = error?.needsKey || (!error && !notice && keyMissing);
  const text = error ? errorText(error.code, error.message) : (notice ?? t('errors.noKeyYet'));
  return (
    <div className="safe-x">
      <div
        // A reply's failure is announced once by the app's reply live region; other notices here.
        role={error ? undefined : 'alert'}
        data-testid="error-banner"
        data-code={error?.code}
        className={`mx-auto mt-2 flex w-full max-w-3xl flex-wrap items-center gap-x-3 gap-y-1 rounded-xl border px-3 py-2 text-sm ${
          error || notice
            ? 'border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200'
            : 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200'
        }`}
      >
        <span className="min-w-0 flex-1" data-testid="error-text">
          {text}
        </span>
        {needsKey && (
          <button type="button" onClick={onSettings} className="font-semibold underline" data-testid="open-settings-from-error">
            {t('errorBanner.openSettings')}
          </button>
        )}
        {error && !(error.code && NO_RETRY.has(error.code)) && (
          <button type="button" onClick={then(onRetry)} className="font-semibold underline" data-testid="retry-button">
            {t('errorBanner.retry')}
          </button>
        )}
        {(error || notice) && (
          <button type="button" onClick={then(onDismiss)} className="opacity-70 hover:opacity-100" aria-label={t('errorBanner.dismiss')}>
            ✕
          </button>
        )}
      </div>
    </div>
  );
}
