// Account: who is signed in, "about me" and the language, usage and limits, personal API
// tokens, their active sessions (revoke one, or all the others) and a change-password form.
import { lazy, Suspense, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Session, User } from '../../api/types';
import {
  LiveError,
  LiveStatus,
  PanelSection,
  SidePanel,
  dangerLinkClass,
  inputClass,
  labelClass,
  primaryClass,
  secondaryClass,
} from '../../components/ui';
import { neighbourOf } from '../../hooks/useInlineConfirm';
import { relativeTime } from '../../lib/format';
import { UsageSection } from '../limits/UsageSection';
import { ProfileSection } from '../profile/ProfileSection';
import { TokensSection } from '../tokens/TokensSection';
import { describeDevice } from './device';
import { useSessions } from './useSessions';
import { passwordProblem } from './validate';
import { messageOf } from '../../lib/errors';
import { t } from '../../i18n';

interface Props {
  user: User;
  onClose: () => void;
  /** Signs this device out (the Sign out button). */
  onSignOut: () => void;
  /** This device's session was revoked here: the app goes to the sign-in screen. */
  onSignedOut: () => void;
  returnFocus?: () => HTMLElement | null;
}

// Shared links: their own chunk.
const SharesSection = lazy(() => import('../share/SharesSection').then((m) => ({ default: m.SharesSection })));

export function roleLabel(role: User['role']) {
  return role === 'admin' ? t('admin.admin') : t('admin.member');
}

export function AccountDialog({ user, onClose, onSignOut, onSignedOut, returnFocus }: Props) {
  const sessions = useSessions();
  return (
    <SidePanel title={t('account.title')} testId="account-panel" onClose={onClose} returnFocus={returnFocus}>
      <PanelSection title={t('auth.signedInAs')}>
        <div className="flex flex-wrap items-center gap-3">
          <p className="min-w-0 flex-1 text-sm">
            <span className="font-medium" data-testid="account-username">
              {user.username}
            </span>
            <span className="ml-2 text-zinc-500" data-testid="account-role">
              {roleLabel(user.role)}
            </span>
          </p>
          <button type="button" className={secondaryClass} onClick={onSignOut} data-testid="account-sign-out">
            {t('auth.signOut')}
          </button>
        </div>
      </PanelSection>
      <ProfileSection />
      <UsageSection />
      <TokensSection />
      <Suspense fallback={<p className="text-sm text-zinc-500">{t('share.loading')}</p>}>
        <SharesSection />
      </Suspense>
      <SessionsSection state={sessions} onSignedOut={onSignedOut} />
      <PasswordSection username={user.username} onChanged={() => void sessions.refresh()} />
    </SidePanel>
  );
}

function SessionsSection({ state, onSignedOut }: { state: ReturnType<typeof useSessions>; onSignedOut: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const everywhere = useRef<HTMLButtonElement>(null);
  const others = state.sessions.filter((s) => !s.current).length;

  const revoke = async (s: Session, row: HTMLLIElement | null) => {
    setError(null);
    setStatus(null);
    const next = neighbourOf(row, () => everywhere.current);
    try {
      const mine = await state.revoke(s.id);
      if (mine) {
        onSignedOut();
        return;
      }
      setStatus(t('account.signedOutDevice', { device: describeDevice(s.user_agent) }));
      next()?.focus();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const revokeOthers = async () => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const n = await state.revokeOthers();
      setStatus(t('account.signedOutOthers', { count: n }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('account.sessions')} hint={t('account.sessionsHint')}>
      <LiveError text={error ?? state.error} className="mb-2" testId="sessions-error" />
      {!state.loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : (
        <ul className="space-y-2" data-testid="session-list">
          {state.sessions.map((s) => (
            <SessionItem key={s.id} session={s} onRevoke={revoke} />
          ))}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          ref={everywhere}
          type="button"
          className={secondaryClass}
          // Not `disabled` once done: a disabled button would drop the focus it has.
          aria-disabled={busy || !state.loaded || others === 0}
          onClick={() => {
            if (!busy && state.loaded && others > 0) void revokeOthers();
          }}
          data-testid="sign-out-others"
        >
          {t('account.signOutOthers')}
        </button>
      </div>
      <LiveStatus text={status} className="mt-2" testId="sessions-status" />
    </PanelSection>
  );
}

function SessionItem({ session: s, onRevoke }: { session: Session; onRevoke: (s: Session, row: HTMLLIElement | null) => Promise<void> }) {
  const row = useRef<HTMLLIElement>(null);
  const [busy, setBusy] = useState(false);
  const device = describeDevice(s.user_agent);
  return (
    <li
      ref={row}
      data-testid="session-item"
      data-id={s.id}
      data-current={s.current}
      className="flex items-center gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2 text-sm font-medium">
          <span className="truncate" title={s.user_agent} data-testid="session-device">
            {device}
          </span>
          {s.current && (
            <span className="shrink-0 rounded bg-indigo-100 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
              {t('account.thisDevice')}
            </span>
          )}
        </p>
        <p className="mt-0.5 text-xs text-zinc-500">
          {t('account.lastSeen')} {relativeTime(s.last_seen_at)} {t('account.signedIn')} {relativeTime(s.created_at)}
        </p>
      </div>
      <button
        type="button"
        className={`${dangerLinkClass} shrink-0 text-xs`}
        aria-disabled={busy}
        aria-label={s.current ? t('account.signOutThis') : t('account.signOutDevice', { device })}
        data-testid="session-revoke"
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          await onRevoke(s, row.current);
          if (row.current?.isConnected) setBusy(false);
        }}
      >
        {t('auth.signOut')}
      </button>
    </li>
  );
}

function PasswordSection({ username, onChanged }: { username: string; onChanged: () => void }) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const problem = !current ? t('account.enterCurrent') : (passwordProblem(next) ?? (next !== confirm ? t('account.newMismatch') : null));
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.changePassword({ current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setStatus(t('account.passwordChanged'));
      onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('account.changePassword')} hint={t('account.changePasswordHint')}>
      <form className="space-y-3" onSubmit={submit} noValidate data-testid="password-form" aria-label={t('account.changePassword')}>
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={username} hidden readOnly />
        <div>
          <label htmlFor={`${id}-current`} className={labelClass}>
            {t('account.currentPassword')}
          </label>
          <input
            id={`${id}-current`}
            type="password"
            autoComplete="current-password"
            className={inputClass}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            data-testid="password-current"
          />
        </div>
        <div>
          <label htmlFor={`${id}-new`} className={labelClass}>
            {t('account.newPassword')}
          </label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            className={inputClass}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            data-testid="password-new"
          />
        </div>
        <div>
          <label htmlFor={`${id}-confirm`} className={labelClass}>
            {t('account.confirmNewPassword')}
          </label>
          <input
            id={`${id}-confirm`}
            type="password"
            autoComplete="new-password"
            className={inputClass}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            data-testid="password-confirm"
          />
        </div>
        <LiveError text={error} testId="password-error" />
        <LiveStatus text={status} testId="password-status" />
        <button type="submit" className={primaryClass} aria-disabled={busy} data-testid="password-save">
          {t('account.changePassword')}
        </button>
      </form>
    </PanelSection>
  );
}
