// Users concern (admins): every account with its activity; create, change role,
// disable/enable, reset the password, delete.
import { useCallback } from 'react';
import { api as defaultApi } from '../../api/client';
import type { AdminUser, AdminUserPatch, Role } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';

export type AdminApi = Pick<typeof defaultApi, 'listUsers' | 'createUser' | 'updateUser' | 'deleteUser'>;

export function useAdminUsers({ api = defaultApi as AdminApi } = {}) {
  const load = useCallback(() => api.listUsers(), [api]);
  const { data: users, loaded, error, refresh, setData: setUsers } = useLoaded<AdminUser[]>(load, []);

  /** Creates an account; throws `ApiError` (`username_taken`, `bad_request`). */
  const create = useCallback(
    async (body: { username: string; password: string; role: Role }) => {
      const user = await api.createUser(body);
      const row: AdminUser = { ...user, disabled: false, last_active_at: null, conversations: 0, messages_this_month: 0, tokens_this_month: 0, cost_this_month: null };
      setUsers((list) => [...list.filter((u) => u.id !== user.id), row].sort((a, b) => a.username.localeCompare(b.username)));
      void refresh();
      return user;
    },
    [api, refresh, setUsers],
  );

  /** Changes role, disabled or password; throws `ApiError` (`last_admin`, …). */
  const update = useCallback(
    async (id: string, patch: AdminUserPatch) => {
      const row = await api.updateUser(id, patch);
      setUsers((list) => list.map((u) => (u.id === id ? { ...u, ...row } : u)));
      return row;
    },
    [api, setUsers],
  );

  /** Deletes the account and all its conversations; throws `ApiError` (`cannot_delete_self`, …). */
  const remove = useCallback(
    async (id: string) => {
      await api.deleteUser(id);
      setUsers((list) => list.filter((u) => u.id !== id));
    },
    [api, setUsers],
  );

  return { users, loaded, error, refresh, create, update, remove };
}

export type AdminUsersState = ReturnType<typeof useAdminUsers>;
