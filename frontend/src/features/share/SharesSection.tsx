// Account → Shared links: every link the person made, with Revoke.
import { useRef, useState } from 'react';
import type { Share } from '../../api/types';
import { LiveError, LiveStatus, PanelSection } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { ShareList } from './ShareList';
import { useShares } from './useShares';
import { t } from '../../i18n';

export function SharesSection() {
  const state = useShares();
  // Where focus goes when the last link is revoked.
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const revoke = async (s: Share) => {
    setError(null);
    setStatus(null);
    try {
      await state.revoke(s.id);
      setStatus(t('share.revokedTo', { title: s.title }));
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    }
  };
  return (
    <PanelSection title={t('share.sectionTitle')} testId="shares-section" hint={t('share.sectionHint')}>
      <div ref={box} tabIndex={-1} aria-label={t('share.sectionTitle')} className="outline-none">
      <LiveError text={error ?? state.error} className="mb-2" testId="shares-error" />
      {!state.loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : state.shares.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="shares-empty">
          {t('share.none')}
        </p>
      ) : (
        <ShareList
          shares={state.shares}
          showTitle
          onRevoke={revoke}
          fallback={() => box.current}
        />
      )}
      <LiveStatus text={status} className="mt-2" testId="shares-status" />
      </div>
    </PanelSection>
  );
}
