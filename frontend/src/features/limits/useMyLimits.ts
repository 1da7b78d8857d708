// My limits concern: the effective limits an admin set for me (or the defaults) and how
// much of them is used.
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { MyLimits } from '../../api/types';

export type MyLimitsApi = Pick<typeof defaultApi, 'myLimits'>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useMyLimits({ api = defaultApi as MyLimitsApi } = {}) {
  const [data, setData] = useState<MyLimits | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setData(await api.myLimits());
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { data, error, loaded: data !== null || error !== null, refresh };
}
