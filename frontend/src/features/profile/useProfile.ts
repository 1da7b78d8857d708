// Profile concern: "about me" (personal context sent to the model in all of my
// conversations) and the language kept for the interface.
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Profile } from '../../api/types';

export type ProfileApi = Pick<typeof defaultApi, 'getProfile' | 'updateProfile'>;

/** The server's limit on "about me", in characters. */
export const ABOUT_ME_MAX = 5000;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useProfile({ api = defaultApi as ProfileApi } = {}) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setProfile(await api.getProfile());
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** Saves the fields given; throws `ApiError` (too long, …). */
  const save = useCallback(
    async (patch: Partial<Profile>) => {
      const next = await api.updateProfile(patch);
      setProfile(next);
      return next;
    },
    [api],
  );

  return { profile, loaded: profile !== null || error !== null, error, refresh, save };
}

export type ProfileState = ReturnType<typeof useProfile>;
