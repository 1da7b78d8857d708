// A list of share links, each with its link (Copy) and Revoke (asks first).
import { useRef, useState } from 'react';
import type { Share } from '../../api/types';
import { CheckIcon, CopyIcon } from '../../components/icons';
import { dangerLinkClass, linkClass } from '../../components/ui';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { copyText } from '../../lib/clipboard';
import { relativeTime } from '../../lib/format';
import { describeExpiry, shareExpired, shareLink } from './shareLink';
import { t } from '../../i18n';

interface Props {
  shares: Share[];
  /** Show each link's conversation title (the list of all links). */
  showTitle?: boolean;
  onRevoke: (share: Share) => Promise<boolean>;
  /** Where focus goes when the last row goes. */
  fallback: () => HTMLElement | null;
}

export function ShareList({ shares, showTitle, onRevoke, fallback }: Props) {
  return (
    <ul className="space-y-2" data-testid="share-list">
      {shares.map((s) => (
        <ShareItem key={s.id} share={s} showTitle={showTitle} onRevoke={onRevoke} fallback={fallback} />
      ))}
    </ul>
  );
}

function ShareItem({ share: s, showTitle, onRevoke, fallback }: { share: Share } & Omit<Props, 'shares'>) {
  const row = useRef<HTMLLIElement>(null);
  const confirm = useInlineConfirm();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const link = shareLink(location.origin, s.url);
  const expired = shareExpired(s);
  return (
    <li
      ref={row}
      data-testid="share-item"
      data-id={s.id}
      data-token={s.token}
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      {showTitle && (
        <p className="truncate text-sm font-medium" data-testid="share-title">
          {s.title || t('common.untitled')}
        </p>
      )}
      <p className="truncate font-mono text-xs" title={link} data-testid="share-link">
        {link}
      </p>
      <p className="mt-0.5 text-xs text-zinc-500">
        {t('common.created')} {relativeTime(s.created_at)} ·{' '}
        <span className={expired ? 'text-amber-700 dark:text-amber-400' : undefined}>{describeExpiry(s)}</span>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-xs">
        {!expired && (
          <button
            type="button"
            className={`${linkClass} inline-flex items-center gap-1`}
            aria-label={showTitle ? t('share.copyLinkTo', { title: s.title }) : t('share.copyLink')}
            onClick={async () => setCopied(await copyText(link))}
            data-testid="share-copy"
          >
            {copied ? <CheckIcon width={14} height={14} /> : <CopyIcon width={14} height={14} />}
            {copied ? t('common.copied') : t('share.copyLinkShort')}
          </button>
        )}
        {confirm.open ? (
          <span className="flex flex-wrap items-center gap-3" role="group" aria-label={t('share.revokeQuestion')} onKeyDown={confirm.onKeyDown}>
            <span className="text-zinc-500">{t('share.confirmRevoke')}</span>
            <button
              type="button"
              aria-disabled={busy}
              className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
              data-testid="share-revoke-yes"
              onClick={async () => {
                if (busy) return;
                setBusy(true);
                const next = neighbourOf(row.current, fallback);
                const ok = await onRevoke(s);
                if (ok) confirm.close(next);
                else {
                  setBusy(false);
                  confirm.close();
                }
              }}
            >
              {t('common.revoke')}
            </button>
            <button ref={confirm.initialRef} type="button" className="hover:underline" onClick={() => confirm.close()}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button ref={confirm.triggerRef} type="button" className={dangerLinkClass} onClick={confirm.show} data-testid="share-revoke">
            {t('common.revoke')}
          </button>
        )}
        <span className="sr-only" role="status" aria-live="polite">
          {copied === true ? t('common.copiedToClipboard') : copied === false ? t('share.copyFailed') : ''}
        </span>
      </div>
    </li>
  );
}
