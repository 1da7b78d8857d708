// Household context concern (admins): the text sent to every conversation of every user
// before their personal context and the conversation's system prompt. Every save is a
// new version; restoring an old one saves its content again as the newest.
import { useCallback } from 'react';
import { api as defaultApi } from '../../api/client';
import type { ContextVersion } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';

export type HouseholdApi = Pick<typeof defaultApi, 'getHouseholdContext' | 'saveHouseholdContext' | 'restoreHouseholdContext'>;

/** The server's limit, in characters. */
export const HOUSEHOLD_MAX = 20_000;

export function useHouseholdContext({ api = defaultApi as HouseholdApi } = {}) {
  const load = useCallback(async () => {
    const d = await api.getHouseholdContext();
    return { current: d.current, versions: d.versions };
  }, [api]);
  const { data, loaded, error, refresh, setData } = useLoaded(load, { current: null as ContextVersion | null, versions: [] as ContextVersion[] });

  const added = useCallback(
    (v: ContextVersion) => {
      setData((d) => ({ current: v, versions: [v, ...d.versions.filter((x) => x.id !== v.id)] }));
      return v;
    },
    [setData],
  );

  /** Saves `content` as the new current version; throws `ApiError` (too long, …). */
  const save = useCallback(async (content: string) => added(await api.saveHouseholdContext(content)), [api, added]);

  /** Makes an old version's content current again (as a new version). */
  const restore = useCallback(async (id: string) => added(await api.restoreHouseholdContext(id)), [api, added]);

  return { current: data.current, versions: data.versions, loaded, error, refresh, save, restore };
}

export type HouseholdState = ReturnType<typeof useHouseholdContext>;
