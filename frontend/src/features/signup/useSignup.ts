// Sign-up concern (admins): who may create an account (closed, invite, open) and the
// invites (create, list, revoke). A new invite's token is answered once.
import { useCallback, useRef } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Invite, RegistrationMode } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';

export type SignupApi = Pick<typeof defaultApi, 'getRegistration' | 'setRegistration' | 'listInvites' | 'createInvite' | 'deleteInvite'>;

const newestFirst = (a: Invite, b: Invite) => b.created_at.localeCompare(a.created_at);

export function useSignup({ api = defaultApi as SignupApi } = {}) {
  const load = useCallback(async () => {
    const [mode, list] = await Promise.all([api.getRegistration(), api.listInvites()]);
    return { mode: mode as RegistrationMode | null, invites: [...list].sort(newestFirst) };
  }, [api]);
  const { data, loaded, error, refresh, setData } = useLoaded(load, { mode: null as RegistrationMode | null, invites: [] as Invite[] });
  const { mode, invites } = data;
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const setModeState = useCallback(
    (next: RegistrationMode | null | ((m: RegistrationMode | null) => RegistrationMode | null)) =>
      setData((d) => ({ ...d, mode: typeof next === 'function' ? next(d.mode) : next })),
    [setData],
  );
  const setInvites = useCallback((f: (list: Invite[]) => Invite[]) => setData((d) => ({ ...d, invites: f(d.invites) })), [setData]);

  /** Shown chosen at once (a radio that does not move would look broken); put back if refused. */
  const setMode = useCallback(
    async (next: RegistrationMode) => {
      const before = modeRef.current;
      setModeState(next);
      try {
        const m = await api.setRegistration(next);
        setModeState(m);
        return m;
      } catch (err) {
        setModeState((m) => (m === next ? before : m));
        throw err;
      }
    },
    [api, setModeState],
  );

  /** A new invite: `{ invite, token, path }` (the token is not shown again). */
  const createInvite = useCallback(
    async (hours?: number) => {
      const created = await api.createInvite(hours ? { expires_in_hours: hours } : {});
      setInvites((list) => [created.invite, ...list.filter((i) => i.id !== created.invite.id)]);
      return created;
    },
    [api, setInvites],
  );

  const revoke = useCallback(
    async (id: string) => {
      await api.deleteInvite(id);
      setInvites((list) => list.filter((i) => i.id !== id));
    },
    [api, setInvites],
  );

  return { mode, invites, loaded, error, refresh, setMode, createInvite, revoke };
}

export type SignupState = ReturnType<typeof useSignup>;
