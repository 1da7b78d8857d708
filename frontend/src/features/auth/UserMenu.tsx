// The signed-in user at the bottom of the sidebar (and the phone drawer): Account, Users
// and Household context (admins), the name and Sign out.
import type { User } from '../../api/types';
import { HomeIcon, SignOutIcon, UserIcon, UsersIcon } from '../../components/icons';
import { t } from '../../i18n';

interface Props {
  user: User;
  onAccount: () => void;
  onUsers: () => void;
  onHousehold: () => void;
  onSignOut: () => void;
}

const item = 'flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-zinc-200 dark:hover:bg-zinc-800';

export function UserMenu({ user, onAccount, onUsers, onHousehold, onSignOut }: Props) {
  return (
    <div data-testid="user-menu" className="space-y-0.5">
      <button type="button" onClick={onAccount} className={item} data-testid="open-account">
        <UserIcon width={18} height={18} />
        {t('account.title')}
      </button>
      {user.role === 'admin' && (
        <button type="button" onClick={onUsers} className={item} data-testid="open-users">
          <UsersIcon width={18} height={18} />
          {t('admin.users')}
        </button>
      )}
      {user.role === 'admin' && (
        <button type="button" onClick={onHousehold} className={item} data-testid="open-household">
          <HomeIcon width={18} height={18} />
          {t('household.title')}
        </button>
      )}
      <div className="flex items-center gap-2 rounded-lg py-1 pl-3 pr-1 text-sm">
        <span
          aria-hidden="true"
          className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold uppercase text-white"
        >
          {user.username.slice(0, 1)}
        </span>
        <span className="min-w-0 flex-1 truncate" data-testid="current-username" data-username={user.username} title={user.username}>
          <span className="sr-only">{t('auth.signedInAs')} </span>
          {user.username}
        </span>
        <button
          type="button"
          onClick={onSignOut}
          className="flex items-center gap-1 rounded-lg px-2 py-1.5 text-xs text-zinc-600 hover:bg-zinc-200 dark:text-zinc-400 dark:hover:bg-zinc-800"
          data-testid="sign-out"
        >
          <SignOutIcon width={16} height={16} />
          {t('auth.signOut')}
        </button>
      </div>
    </div>
  );
}
