// Sessions concern: the signed-in user's active sessions; revoke one, or all the others.
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Session } from '../../api/types';

export type SessionsApi = Pick<typeof defaultApi, 'listSessions' | 'revokeSession' | 'revokeOtherSessions'>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useSessions({ api = defaultApi as SessionsApi } = {}) {
  const [sessions, setSessions] = useState<Session[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      // This device first, then the others newest first (as the server lists them).
      const list = await api.listSessions();
      setSessions([...list.filter((s) => s.current), ...list.filter((s) => !s.current)]);
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

  /** Revokes a session; says whether it was this device's (then this device is signed out). */
  const revoke = useCallback(
    async (id: string) => {
      const current = sessions.find((s) => s.id === id)?.current ?? false;
      await api.revokeSession(id);
      setSessions((list) => list.filter((s) => s.id !== id));
      return current;
    },
    [api, sessions],
  );

  /** Signs out every other session; answers how many. */
  const revokeOthers = useCallback(async () => {
    const n = await api.revokeOtherSessions();
    setSessions((list) => list.filter((s) => s.current));
    return n;
  }, [api]);

  return { sessions, loaded, error, refresh, revoke, revokeOthers };
}

export type SessionsState = ReturnType<typeof useSessions>;
