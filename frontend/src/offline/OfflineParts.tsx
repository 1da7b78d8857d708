// What the app shows offline: the marker above the chat, and the messages waiting in the outbox.
// (Its own chunk: loaded only when offline or when messages wait.)
import { removeFromOutbox, type OutboxItem } from './outbox';
import { t } from '../i18n';

export function OfflineBanner() {
  return (
    <div className="safe-x">
      <div
        role="status"
        data-testid="offline-banner"
        className="mx-auto mt-2 w-full max-w-3xl rounded-xl border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
      >
        <strong>{t('offline.label')}</strong> {t('offline.banner')}
      </div>
    </div>
  );
}

/** The open conversation's waiting messages, each with Cancel. */
export function PendingMessages({ userId, items }: { userId: string; items: OutboxItem[] }) {
  if (!items.length) return null;
  return (
    <ul className="safe-x mx-auto mt-2 flex w-full max-w-3xl flex-col gap-2" aria-label={t('offline.waiting')}>
      {items.map((i) => (
        <li
          key={i.client_id}
          data-testid="outbox-item"
          data-client-id={i.client_id}
          className="ml-auto max-w-[85%] rounded-2xl border border-dashed border-zinc-400 px-3 py-2 text-sm dark:border-zinc-600"
        >
          <p className="whitespace-pre-wrap break-words">{i.content}</p>
          <p className="mt-1 flex items-center gap-2 text-xs text-zinc-500" data-testid="outbox-status">
            <span className="flex-1">{i.error ? t('offline.notSent', { reason: i.error }) : t('offline.willSend')}</span>
            <button
              type="button"
              className="rounded px-1.5 py-0.5 font-medium text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
              data-testid="outbox-cancel"
              onClick={() => removeFromOutbox(localStorage, userId, i.client_id)}
            >
              {t('common.cancel')}
            </button>
          </p>
        </li>
      ))}
    </ul>
  );
}
