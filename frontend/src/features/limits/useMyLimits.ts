// My limits concern: the effective limits an admin set for me (or the defaults) and how
// much of them is used.
import { useCallback } from 'react';
import { useLoaded } from '../../hooks/useLoaded';
import { api as defaultApi } from '../../api/client';
import type { MyLimits } from '../../api/types';

export type MyLimitsApi = Pick<typeof defaultApi, 'myLimits'>;

export function useMyLimits({ api = defaultApi as MyLimitsApi } = {}) {
  const load = useCallback(() => api.myLimits(), [api]);
  const { data, error, refresh } = useLoaded<MyLimits | null>(load, null);
  return { data, error, loaded: data !== null || error !== null, refresh };
}
