// Users → Sign-up (admins): who may create an account, and invite links (create with an
// expiry, copy the link — shown once —, the list with each one's state, revoke).
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Invite, NewInvite, RegistrationMode } from '../../api/types';
import { CopyField, LiveError, LiveStatus, PanelSection, dangerLinkClass, inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { neighbourOf } from '../../hooks/useInlineConfirm';
import { relativeTime } from '../../lib/format';
import { INVITE_EXPIRY, describeInvite, inviteLink, inviteState } from '../auth/invite';
import { useSignup, type SignupState } from './useSignup';
import { messageOf } from '../../lib/errors';
import { t } from '../../i18n';

const MODE_KEYS: RegistrationMode[] = ['closed', 'invite', 'open'];
/** The modes in words, in the interface language. */
const modes = () => MODE_KEYS.map((mode) => ({ mode, label: t(`signup.mode.${mode}.label`), hint: t(`signup.mode.${mode}.hint`), done: t(`signup.mode.${mode}.done`) }));

export function SignupSection() {
  const state = useSignup();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const choose = async (mode: RegistrationMode) => {
    if (busy || mode === state.mode) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const m = await state.setMode(mode);
      setStatus(modes().find((x) => x.mode === m)?.done ?? null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('signup.title')} testId="signup-section" hint={t('signup.hint')}>
      <LiveError text={state.error} className="mb-2" testId="signup-load-error" />
      <fieldset aria-describedby={`${id}-hint`} data-testid="signup-mode" data-mode={state.mode ?? undefined}>
        <legend className="sr-only">{t('signup.who')}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {modes().map((m) => (
            <label
              key={m.mode}
              className={`flex cursor-pointer gap-2 rounded-lg border p-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${
                state.mode === m.mode ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950/40' : 'border-zinc-300 dark:border-zinc-700'
              }`}
            >
              <input
                type="radio"
                name={`${id}-mode`}
                value={m.mode}
                className="mt-0.5"
                checked={state.mode === m.mode}
                disabled={state.mode === null}
                aria-disabled={busy}
                onChange={() => void choose(m.mode)}
                data-testid={`signup-mode-${m.mode}`}
              />
              <span>
                <span className="block font-medium">{m.label}</span>
                <span className="block text-xs text-zinc-500">{m.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p id={`${id}-hint`} className="sr-only">
        {t('signup.savedAtOnce')}
      </p>
      <LiveError text={error} className="mt-2" testId="signup-error" />
      <LiveStatus text={status} className="mt-2" testId="signup-status" />
      <Invites state={state} />
    </PanelSection>
  );
}

function Invites({ state }: { state: SignupState }) {
  const id = useId();
  const [hours, setHours] = useState(72);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewInvite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setCreated(await state.createInvite(hours));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const closedNote =
    state.mode === 'closed' ? t('signup.closedWarning') : null;

  return (
    <div className="mt-5" data-testid="invites">
      <h4 className="text-sm font-semibold">{t('signup.invites')}</h4>
      <p className="mb-2 mt-0.5 text-xs text-zinc-500">{t('signup.invitesHint')} {closedNote}</p>
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit} noValidate aria-label={t('signup.createInvite')} data-testid="invite-form">
        <div>
          <label htmlFor={`${id}-expiry`} className={labelClass}>
            {t('signup.expiresAfter')}
          </label>
          <select id={`${id}-expiry`} className={inputClass} value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="invite-expiry">
            {INVITE_EXPIRY.map((o) => (
              <option key={o.hours} value={o.hours}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button ref={createButton} type="submit" className={primaryClass} aria-disabled={busy} data-testid="invite-create">
          {t('signup.createInviteLink')}
        </button>
      </form>
      <LiveError text={error} className="mt-2" testId="invites-error" />
      {created && (
        <div className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/30" data-testid="invite-created">
          <CopyField
            value={inviteLink(location.origin, created.path)}
            label={t('signup.inviteLink')}
            testId="invite-link"
            note={t('signup.copyNow')}
          />
          <button type="button" className={`${secondaryClass} mt-2 !py-1 text-xs`} onClick={() => setCreated(null)} data-testid="invite-done">
            {t('common.done')}
          </button>
        </div>
      )}
      <LiveStatus text={status} className="mt-2" testId="invites-status" />
      {state.loaded && state.invites.length > 0 && (
        <ul className="mt-3 space-y-2" data-testid="invite-list">
          {state.invites.map((inv) => (
            <InviteItem
              key={inv.id}
              invite={inv}
              state={state}
              fallback={() => createButton.current}
              onDone={(text) => {
                if (created?.invite.id === inv.id) setCreated(null);
                setError(null);
                setStatus(text);
              }}
              onFailed={(err) => {
                setStatus(null);
                setError(messageOf(err));
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function InviteItem({
  invite: inv,
  state,
  fallback,
  onDone,
  onFailed,
}: {
  invite: Invite;
  state: SignupState;
  fallback: () => HTMLElement | null;
  onDone: (text: string) => void;
  onFailed: (err: unknown) => void;
}) {
  const row = useRef<HTMLLIElement>(null);
  const [busy, setBusy] = useState(false);
  const st = inviteState(inv);
  const action = st === 'active' ? t('common.revoke') : t('common.remove');
  return (
    <li
      ref={row}
      data-testid="invite-item"
      data-id={inv.id}
      data-state={st}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
    >
      <div className="min-w-0 flex-1">
        <p className={`font-medium ${st === 'active' ? '' : 'text-zinc-500'}`} data-testid="invite-status">
          {describeInvite(inv)}
        </p>
        <p className="mt-0.5 text-xs text-zinc-500">
          {t('common.created')} {relativeTime(inv.created_at)}
          {inv.created_by ? t('signup.by', { name: inv.created_by }) : ''}
          {inv.used_at ? t('signup.used', { when: relativeTime(inv.used_at) }) : ''}
        </p>
      </div>
      <button
        type="button"
        className={`${dangerLinkClass} shrink-0 text-xs`}
        aria-disabled={busy}
        aria-label={t('signup.actionInvite', { action, when: relativeTime(inv.created_at) })}
        data-testid="invite-revoke"
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          const next = neighbourOf(row.current, fallback);
          try {
            await state.revoke(inv.id);
            onDone(st === 'active' ? t('signup.inviteRevoked') : t('signup.inviteRemoved'));
            next()?.focus();
          } catch (err) {
            onFailed(err);
            setBusy(false);
          }
        }}
      >
        {action}
      </button>
    </li>
  );
}
