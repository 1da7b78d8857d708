// Profile concern: "about me" (personal context sent to the model in all of my
// conversations) and the language kept for the interface.
import { useCallback } from 'react';
import { useLoaded } from '../../hooks/useLoaded';
import { api as defaultApi } from '../../api/client';
import type { Profile } from '../../api/types';

export type ProfileApi = Pick<typeof defaultApi, 'getProfile' | 'updateProfile'>;

/** The server's limit on "about me", in characters. */
export const ABOUT_ME_MAX = 5000;

export function useProfile({ api = defaultApi as ProfileApi } = {}) {
  const load = useCallback(() => api.getProfile(), [api]);
  const { data: profile, error, refresh, setData } = useLoaded<Profile | null>(load, null);

  /** Saves the fields given; throws `ApiError` (too long, …). */
  const save = useCallback(
    async (patch: Partial<Profile>) => {
      const next = await api.updateProfile(patch);
      setData(next);
      return next;
    },
    [api, setData],
  );

  return { profile, loaded: profile !== null || error !== null, error, refresh, save };
}

export type ProfileState = ReturnType<typeof useProfile>;
