// Household context concern (admins): the text sent to every conversation of every user
// before their personal context and the conversation's system prompt. Every save is a
// new version; restoring an old one saves its content again as the newest.
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { ContextVersion } from '../../api/types';
import { messageOf } from '../../lib/errors';

export type HouseholdApi = Pick<typeof defaultApi, 'getHouseholdContext' | 'saveHouseholdContext' | 'restoreHouseholdContext'>;

/** The server's limit, in characters. */
export const HOUSEHOLD_MAX = 20_000;

export function useHouseholdContext({ api = defaultApi as HouseholdApi } = {}) {
  const [current, setCurrent] = useState<ContextVersion | null>(null);
  const [versions, setVersions] = useState<ContextVersion[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const d = await api.getHouseholdContext();
      setCurrent(d.current);
      setVersions(d.versions);
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

  const added = useCallback((v: ContextVersion) => {
    setCurrent(v);
    setVersions((list) => [v, ...list.filter((x) => x.id !== v.id)]);
    return v;
  }, []);

  /** Saves `content` as the new current version; throws `ApiError` (too long, …). */
  const save = useCallback(async (content: string) => added(await api.saveHouseholdContext(content)), [api, added]);

  /** Makes an old version's content current again (as a new version). */
  const restore = useCallback(async (id: string) => added(await api.restoreHouseholdContext(id)), [api, added]);

  return { current, versions, loaded, error, refresh, save, restore };
}

export type HouseholdState = ReturnType<typeof useHouseholdContext>;
