// One user's limits as an admin sets them: their own values (null = the default) and
// the defaults (null = no limit).
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Limits, UserLimits } from '../../api/types';
import { messageOf } from '../../lib/errors';

export type UserLimitsApi = Pick<typeof defaultApi, 'getUserLimits' | 'setUserLimits'>;

export function useUserLimits(userId: string, { api = defaultApi as UserLimitsApi } = {}) {
  const [data, setData] = useState<UserLimits | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getUserLimits(userId).then(
      (d) => live && (setData(d), setError(null)),
      (err) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [api, userId]);

  /** Saves all four limits; throws `ApiError`. */
  const save = useCallback(
    async (limits: Limits) => {
      const d = await api.setUserLimits(userId, limits);
      setData(d);
      return d;
    },
    [api, userId],
  );

  return { data, error, loaded: data !== null || error !== null, save };
}
