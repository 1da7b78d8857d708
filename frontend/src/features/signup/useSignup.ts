// Sign-up concern (admins): who may create an account (closed, invite, open) and the
// invites (create, list, revoke). A new invite's token is answered once.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Invite, RegistrationMode } from '../../api/types';
import { messageOf } from '../../lib/errors';

export type SignupApi = Pick<typeof defaultApi, 'getRegistration' | 'setRegistration' | 'listInvites' | 'createInvite' | 'deleteInvite'>;

const newestFirst = (a: Invite, b: Invite) => b.created_at.localeCompare(a.created_at);

export function useSignup({ api = defaultApi as SignupApi } = {}) {
  const [mode, setModeState] = useState<RegistrationMode | null>(null);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;

  const refresh = useCallback(async () => {
    try {
      const [m, list] = await Promise.all([api.getRegistration(), api.listInvites()]);
      setModeState(m);
      setInvites([...list].sort(newestFirst));
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoaded(true);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

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
    [api],
  );

  /** A new invite: `{ invite, token, path }` (the token is not shown again). */
  const createInvite = useCallback(
    async (hours?: number) => {
      const created = await api.createInvite(hours ? { expires_in_hours: hours } : {});
      setInvites((list) => [created.invite, ...list.filter((i) => i.id !== created.invite.id)]);
      return created;
    },
    [api],
  );

  const revoke = useCallback(
    async (id: string) => {
      await api.deleteInvite(id);
      setInvites((list) => list.filter((i) => i.id !== id));
    },
    [api],
  );

  return { mode, invites, loaded, error, refresh, setMode, createInvite, revoke };
}

export type SignupState = ReturnType<typeof useSignup>;
