// Chat header → Share: a read-only link to the conversation as it is now (later messages
// are not in it), optionally expiring; the conversation's links, each with Revoke.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Share } from '../../api/types';
import { Modal } from '../../components/Modal';
import { CopyField, LiveError, LiveStatus, inputClass, labelClass, primaryClass } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { parseExpiryDays, shareLink } from './shareLink';
import { ShareList } from './ShareList';
import { useShares } from './useShares';
import { t } from '../../i18n';

interface Props {
  conversationId: string;
  title: string;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}

export function ShareDialog({ conversationId, title, onClose, returnFocus }: Props) {
  const id = useId();
  const state = useShares({ conversationId });
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Share | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const parsed = parseExpiryDays(days);
    if (parsed.problem) {
      setError(parsed.problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCreated(await state.create(conversationId, parsed.days));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (s: Share) => {
    setError(null);
    setStatus(null);
    try {
      await state.revoke(s.id);
      if (created?.id === s.id) setCreated(null);
      setStatus(t('share.revoked'));
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    }
  };

  return (
    <Modal
      title={t('share.dialogTitle', { title })}
      testId="share-dialog"
      onClose={onClose}
      returnFocus={returnFocus}
      description={t('share.dialogHint')}
    >
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit} noValidate aria-label={t('share.create')} data-testid="share-form">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-days`} className={labelClass}>
            {t('share.expiresDays')}
          </label>
          <input
            id={`${id}-days`}
            className={inputClass}
            inputMode="numeric"
            value={days}
            placeholder={t('share.never')}
            aria-describedby={`${id}-days-hint`}
            onChange={(e) => setDays(e.target.value)}
            data-testid="share-days"
          />
          <p id={`${id}-days-hint`} className="mt-0.5 text-xs text-zinc-500">
            {t('share.expiresHint')}
          </p>
        </div>
        <button ref={createButton} type="submit" className={`${primaryClass} mb-5`} aria-disabled={busy} data-testid="share-create">
          {busy ? t('common.creating') : t('share.createLink')}
        </button>
      </form>
      <LiveError text={error ?? state.error} className="mt-2" testId="share-error" />
      {created && (
        <div className="mt-3 rounded-lg border border-indigo-300 bg-indigo-50 p-3 dark:border-indigo-900 dark:bg-indigo-950/30" data-testid="share-created">
          <CopyField value={shareLink(location.origin, created.url)} label={t('share.newLink')} testId="share-url" />
        </div>
      )}
      <LiveStatus text={status} className="mt-2" testId="share-status" />
      <h3 className="mb-2 mt-5 text-sm font-semibold">{t('share.links')}</h3>
      {!state.loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : state.shares.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="shares-empty">
          {t('share.noneYet')}
        </p>
      ) : (
        <ShareList shares={state.shares} onRevoke={revoke} fallback={() => createButton.current} />
      )}
    </Modal>
  );
}
