// Sessions concern: the signed-in user's active sessions; revoke one, or all the others.
import { useCallback } from 'react';
import { useLoaded } from '../../hooks/useLoaded';
import { api as defaultApi } from '../../api/client';
import type { Session } from '../../api/types';

export type SessionsApi = Pick<typeof defaultApi, 'listSessions' | 'revokeSession' | 'revokeOtherSessions'>;

export function useSessions({ api = defaultApi as SessionsApi } = {}) {
  // This device first, then the others newest first (as the server lists them).
  const load = useCallback(async () => {
    const list = await api.listSessions();
    return [...list.filter((s) => s.current), ...list.filter((s) => !s.current)];
  }, [api]);
  const { data: sessions, loaded, error, refresh, setData: setSessions } = useLoaded<Session[]>(load, []);

  /** Revokes a session; says whether it was this device's (then this device is signed out). */
  const revoke = useCallback(
    async (id: string) => {
      const current = sessions.find((s) => s.id === id)?.current ?? false;
      await api.revokeSession(id);
      setSessions((list) => list.filter((s) => s.id !== id));
      return current;
    },
    [api, sessions, setSessions],
  );

  /** Signs out every other session; answers how many. */
  const revokeOthers = useCallback(async () => {
    const n = await api.revokeOtherSessions();
    setSessions((list) => list.filter((s) => s.current));
    return n;
  }, [api, setSessions]);

  return { sessions, loaded, error, refresh, revoke, revokeOthers };
}

export type SessionsState = ReturnType<typeof useSessions>;
