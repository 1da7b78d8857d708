// Usage concern: one month's report (mine, or a user's for an admin), the month shown and
// moving to the previous or next one (not past the current month).
import { useCallback, useState } from 'react';
import { api } from '../../api/client';
import type { UsageReport } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';
import { currentMonth, shiftMonth } from './chart';

export function useUsage(load: (month: string) => Promise<UsageReport>, now: () => Date = () => new Date()) {
  const [latest] = useState(() => currentMonth(now()));
  const [month, setMonth] = useState(latest);
  const fetch = useCallback(() => load(month), [load, month]);
  const { data, error, refresh } = useLoaded<UsageReport | null>(fetch, null);
  // The previous month's report stays until the new one comes: show only the month asked for.
  const report = data && data.month === month ? data : null;
  return {
    month,
    report,
    error,
    loading: !report && !error,
    refresh,
    canNext: month < latest,
    previous: () => setMonth((m) => shiftMonth(m, -1)),
    next: () => setMonth((m) => (m < latest ? shiftMonth(m, 1) : m)),
  };
}

/** `load` for the signed-in user's own usage or, for an admin, one user's (stable per user). */
export function useUsageLoader(userId?: string) {
  return useCallback((month: string) => (userId ? api.getUserUsage(userId, month) : api.myUsage(month)), [userId]);
}
