// Users (admins only): who may sign up (and invites), every account with its activity, a
// form to add one, and per account: limits, make admin/member, disable/enable, reset the
// password, delete (with its chats).
import { Fragment, useId, useRef, useState, type FormEvent } from 'react';
import type { AdminUser, Role, User } from '../../api/types';
import {
  LiveError,
  LiveStatus,
  PanelSection,
  SidePanel,
  dangerLinkClass,
  inputClass,
  labelClass,
  linkClass,
  primaryClass,
  secondaryClass,
} from '../../components/ui';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { useInlineField } from '../../hooks/useInlineField';
import { relativeTime } from '../../lib/format';
import { newAccountProblem, passwordProblem } from '../auth/validate';
import { formatTokens } from '../limits/format';
import { LimitsEditor } from '../limits/LimitsEditor';
import { SignupSection } from '../signup/SignupSection';
import { useUsageLoader } from '../usage/useUsage';
import { UsageView } from '../usage/UsageView';
import { useAdminUsers, type AdminUsersState } from './useAdminUsers';
import { messageOf } from '../../lib/errors';
import { formatNumber, t } from '../../i18n';

interface Props {
  me: User;
  onClose: () => void;
  /** The signed-in admin changed their own account (role): read it again. */
  onSelfChanged: () => void;
  returnFocus?: () => HTMLElement | null;
}

export function UsersDialog({ me, onClose, onSelfChanged, returnFocus }: Props) {
  const state = useAdminUsers();
  // One line for what the last action did (or why it failed), shared by the rows.
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const report = {
    ok: (text: string) => {
      setError(null);
      setStatus(text);
    },
    fail: (err: unknown) => {
      setStatus(null);
      setError(messageOf(err));
    },
    clear: () => {
      setError(null);
      setStatus(null);
    },
  };

  return (
    <SidePanel title={t('admin.users')} testId="users-panel" onClose={onClose} returnFocus={returnFocus} width="max-w-4xl">
      <SignupSection />
      <CreateUserSection state={state} />
      <PanelSection title={t('admin.accounts')} hint={t('admin.accountsHint')}>
        <LiveError text={error ?? state.error} className="mb-2" testId="users-error" />
        <LiveStatus text={status} className="mb-2" testId="users-status" />
        {!state.loaded ? (
          <p className="text-sm text-zinc-500">{t('common.loading')}</p>
        ) : (
          <table className="w-full text-left text-sm max-sm:block" data-testid="users-table">
            <thead className="border-b border-zinc-200 text-xs text-zinc-500 max-sm:hidden dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">
                  {t('admin.user')}
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  {t('admin.role')}
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  {t('admin.status')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('common.chats')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('admin.messagesThisMonth')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('limits.tokensThisMonth')}
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  {t('admin.lastActive')}
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  <span className="sr-only">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="max-sm:block max-sm:space-y-2">
              {state.users.map((u) => (
                <UserRow key={u.id} user={u} self={u.id === me.id} state={state} report={report} onSelfChanged={onSelfChanged} />
              ))}
            </tbody>
          </table>
        )}
      </PanelSection>
    </SidePanel>
  );
}

// On a phone each row is a card and each cell a "label  value" line.
const cell = 'px-2 py-2 align-top max-sm:flex max-sm:justify-between max-sm:gap-3 max-sm:px-0 max-sm:py-0.5 max-sm:before:text-zinc-500 max-sm:before:content-[attr(data-label)]';

interface Report {
  ok: (text: string) => void;
  fail: (err: unknown) => void;
  clear: () => void;
}

function UserRow({
  user: u,
  self,
  state,
  report,
  onSelfChanged,
}: {
  user: AdminUser;
  self: boolean;
  state: AdminUsersState;
  report: Report;
  onSelfChanged: () => void;
}) {
  const row = useRef<HTMLTableRowElement>(null);
  const confirm = useInlineConfirm();
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const resetButton = useRef<HTMLButtonElement>(null);
  const [limitsOpen, setLimitsOpen] = useState(false);
  const limitsButton = useRef<HTMLButtonElement>(null);
  const [usageOpen, setUsageOpen] = useState(false);
  const closeLimits = () => {
    setLimitsOpen(false);
    requestAnimationFrame(() => limitsButton.current?.focus());
  };

  const act = async (what: () => Promise<unknown>, done: string, focus?: () => HTMLElement | null) => {
    setBusy(true);
    report.clear();
    try {
      await what();
      report.ok(done);
      return true;
    } catch (err) {
      report.fail(err);
      return false;
    } finally {
      setBusy(false);
      focus?.()?.focus();
    }
  };

  const toggleRole = async (button: HTMLButtonElement) => {
    const role: Role = u.role === 'admin' ? 'member' : 'admin';
    const ok = await act(() => state.update(u.id, { role }), t(role === 'admin' ? 'admin.nowAdmin' : 'admin.nowMember', { name: u.username }), () =>
      button.isConnected ? button : null,
    );
    if (ok && self) onSelfChanged();
  };

  const toggleDisabled = (button: HTMLButtonElement) =>
    act(
      () => state.update(u.id, { disabled: !u.disabled }),
      u.disabled ? t('admin.enabledStatus', { name: u.username }) : t('admin.disabledStatus', { name: u.username }),
      () => (button.isConnected ? button : null),
    );

  return (
    <Fragment>
    <tr
      ref={row}
      data-testid="user-row"
      data-id={u.id}
      data-username={u.username}
      data-role={u.role}
      data-disabled={u.disabled}
      className="border-b border-zinc-200 dark:border-zinc-800 max-sm:block max-sm:rounded-lg max-sm:border max-sm:p-3"
    >
      <td className={`${cell} font-medium`} data-label={t('admin.user')}>
        <span className="min-w-0 truncate" data-testid="user-name">
          {u.username}
          {self && <span className="ml-1 font-normal text-zinc-500">{t('admin.you')}</span>}
        </span>
      </td>
      <td className={cell} data-label={t('admin.role')} data-testid="user-role">
        {u.role === 'admin' ? t('admin.admin') : t('admin.member')}
      </td>
      <td className={cell} data-label={t('admin.status')} data-testid="user-status">
        {u.disabled ? <span className="font-medium text-red-600 dark:text-red-400">{t('admin.disabled')}</span> : t('admin.active')}
      </td>
      <td className={`${cell} sm:text-right`} data-label={t('common.chats')} data-testid="user-chats">
        {u.conversations}
      </td>
      <td className={`${cell} sm:text-right`} data-label={t('admin.messagesThisMonth')} data-testid="user-messages">
        {u.messages_this_month}
      </td>
      <td
        className={`${cell} sm:text-right`}
        data-label={t('limits.tokensThisMonth')}
        data-testid="user-tokens"
        title={u.tokens_this_month != null ? formatNumber(u.tokens_this_month) : undefined}
      >
        {u.tokens_this_month != null ? formatTokens(u.tokens_this_month) : '—'}
      </td>
      <td className={`${cell} whitespace-nowrap`} data-label={t('admin.lastActive')}>
        {u.last_active_at ? relativeTime(u.last_active_at) : t('admin.never')}
      </td>
      <td className="px-2 py-2 align-top max-sm:px-0 max-sm:pt-2">
        {confirm.open ? (
          <div
            role="group"
            aria-labelledby={`user-q-${u.id}`}
            onKeyDown={confirm.onKeyDown}
            className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-xs dark:bg-red-950/40"
            data-testid="user-delete-confirm"
          >
            <span id={`user-q-${u.id}`} className="min-w-0 flex-1">
              {t('common.delete')} {u.username}{t('admin.deleteHint')}
            </span>
            <button
              type="button"
              aria-disabled={busy}
              className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
              onClick={async () => {
                if (busy) return;
                const next = neighbourOf(row.current, () =>
                  row.current?.closest('[data-testid=users-panel]')?.querySelector<HTMLElement>('[data-testid=create-user-username]'),
                );
                setBusy(true);
                report.clear();
                try {
                  await state.remove(u.id);
                  report.ok(t('admin.deletedStatus', { name: u.username }));
                  confirm.close(next);
                } catch (err) {
                  report.fail(err);
                  setBusy(false);
                  confirm.close();
                }
              }}
            >
              {t('common.delete')}
            </button>
            <button ref={confirm.initialRef} type="button" className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={() => confirm.close()}>
              {t('common.cancel')}
            </button>
          </div>
        ) : resetting ? (
          <ResetPasswordForm
            username={u.username}
            onCancel={() => {
              setResetting(false);
              requestAnimationFrame(() => resetButton.current?.focus());
            }}
            onSave={async (password) => {
              const ok = await act(() => state.update(u.id, { password }), t('admin.resetStatus', { name: u.username }));
              if (ok) {
                setResetting(false);
                requestAnimationFrame(() => resetButton.current?.focus());
              }
            }}
          />
        ) : (
          <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs sm:justify-end">
            <button
              ref={limitsButton}
              type="button"
              className={linkClass}
              aria-expanded={limitsOpen}
              aria-label={t('admin.limitsFor', { name: u.username })}
              onClick={() => {
                report.clear();
                setLimitsOpen((o) => !o);
              }}
              data-testid="user-limits"
            >
              {t('admin.limits')}
            </button>
            <button
              type="button"
              className={linkClass}
              aria-expanded={usageOpen}
              aria-label={t('admin.usageOfName', { name: u.username })}
              onClick={() => {
                report.clear();
                setUsageOpen((o) => !o);
              }}
              data-testid="user-usage"
            >
              {t('admin.usage')}
            </button>
            <button
              type="button"
              className={linkClass}
              aria-disabled={busy}
              onClick={(e) => !busy && void toggleRole(e.currentTarget)}
              data-testid="user-toggle-role"
            >
              {u.role === 'admin' ? t('admin.makeMember') : t('admin.makeAdmin')}
            </button>
            <button
              type="button"
              className={linkClass}
              disabled={self}
              aria-disabled={busy}
              title={self ? t('admin.cannotDisableSelf') : undefined}
              onClick={(e) => !busy && void toggleDisabled(e.currentTarget)}
              data-testid="user-toggle-disabled"
              aria-label={t(u.disabled ? 'admin.enableName' : 'admin.disableName', { name: u.username })}
            >
              {u.disabled ? t('admin.enable') : t('admin.disable')}
            </button>
            <button
              ref={resetButton}
              type="button"
              className={linkClass}
              aria-disabled={busy}
              onClick={() => {
                if (busy) return;
                report.clear();
                setResetting(true);
              }}
              data-testid="user-reset-password"
              aria-label={t('admin.resetPasswordOf', { name: u.username })}
            >
              {t('admin.resetPassword')}
            </button>
            <button
              ref={confirm.triggerRef}
              type="button"
              className={dangerLinkClass}
              disabled={self}
              aria-disabled={busy}
              title={self ? t('admin.cannotDeleteSelf') : undefined}
              onClick={() => !busy && confirm.show()}
              data-testid="user-delete"
              aria-label={t('common.deleteName', { name: u.username })}
            >
              {t('common.delete')}
            </button>
          </div>
        )}
      </td>
    </tr>
    {usageOpen && (
      <tr data-testid="user-usage-row" data-username={u.username} className="max-sm:block">
        <td colSpan={8} className="px-2 pb-3 max-sm:block max-sm:px-0">
          <UserUsage user={u} />
        </td>
      </tr>
    )}
    {limitsOpen && (
      <tr data-testid="user-limits-row" data-username={u.username} className="max-sm:block">
        <td colSpan={8} className="px-2 pb-3 max-sm:block max-sm:px-0">
          <LimitsEditor
            user={u}
            onCancel={closeLimits}
            onSaved={() => {
              report.ok(t('admin.limitsSaved', { name: u.username }));
              closeLimits();
            }}
          />
        </td>
      </tr>
    )}
    </Fragment>
  );
}

/** Users → Usage: one user's month by month, as they see it under Account. */
function UserUsage({ user }: { user: AdminUser }) {
  const load = useUsageLoader(user.id);
  return (
    <section
      className="rounded-lg border border-zinc-200 p-3 text-left dark:border-zinc-800"
      aria-label={t('admin.usageOfName', { name: user.username })}
      data-testid="user-usage-panel"
    >
      <p className="mb-2 text-sm font-medium">{t('admin.usageOf')} {user.username}</p>
      <UsageView load={load} who={user.username} testId="user-usage-view" />
    </section>
  );
}

function ResetPasswordForm({ username, onSave, onCancel }: { username: string; onSave: (password: string) => Promise<void>; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { id, field, busy, onKeyDown, run } = useInlineField(onCancel);
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-xs"
      data-testid="user-reset-form"
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        if (busy) return;
        const p = passwordProblem(password);
        setProblem(p);
        if (!p) await run(() => onSave(password));
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t('admin.newPasswordFor')} {username}
      </label>
      <input
        id={id}
        ref={field}
        type="password"
        autoComplete="new-password"
        placeholder={t('account.newPassword')}
        className={`${inputClass} !w-40 !py-1 !text-xs`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="user-reset-input"
      />
      <button type="submit" className={`${primaryClass} !px-2 !py-1 !text-xs`} aria-disabled={busy} data-testid="user-reset-save">
        {t('common.set')}
      </button>
      <button type="button" className={`${secondaryClass} !px-2 !py-1 !text-xs`} onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <LiveError text={problem} className="w-full !text-xs" />
    </form>
  );
}

function CreateUserSection({ state }: { state: AdminUsersState }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const name = username.trim();
    const problem = newAccountProblem(name, password);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await state.create({ username: name, password, role });
      setUsername('');
      setPassword('');
      setRole('member');
      setStatus(t('admin.created', { name: user.username }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('admin.addUser')} hint={t('admin.addUserHint')}>
      <form className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end" onSubmit={submit} noValidate data-testid="create-user-form" aria-label={t('admin.addUser')}>
        <div>
          <label htmlFor={`${id}-name`} className={labelClass}>
            {t('auth.username')}
          </label>
          <input
            id={`${id}-name`}
            className={inputClass}
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="create-user-username"
          />
        </div>
        <div>
          <label htmlFor={`${id}-password`} className={labelClass}>
            {t('auth.password')}
          </label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            className={inputClass}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="create-user-password"
          />
        </div>
        <div>
          <label htmlFor={`${id}-role`} className={labelClass}>
            {t('admin.role')}
          </label>
          <select
            id={`${id}-role`}
            className={inputClass}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            data-testid="create-user-role"
          >
            <option value="member">{t('admin.member')}</option>
            <option value="admin">{t('admin.admin')}</option>
          </select>
        </div>
        <button type="submit" className={primaryClass} aria-disabled={busy} data-testid="create-user-submit">
          {t('admin.createUser')}
        </button>
      </form>
      <LiveError text={error} className="mt-2" testId="create-user-error" />
      <LiveStatus text={status} className="mt-2" testId="create-user-status" />
    </PanelSection>
  );
}
