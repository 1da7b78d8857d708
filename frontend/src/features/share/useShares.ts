// Share links concern: the caller's links (newest first), create one for a conversation,
// revoke one. `conversationId`: only that conversation's links.
import { useCallback, useMemo } from 'react';
import { keepApi as defaultApi } from '../../api/client';
import type { Share } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';

export type SharesApi = Pick<typeof defaultApi, 'listShares' | 'createShare' | 'deleteShare'>;

export function useShares({ conversationId, api = defaultApi as SharesApi }: { conversationId?: string; api?: SharesApi } = {}) {
  const load = useCallback(() => api.listShares(), [api]);
  const { data, loaded, error, refresh, setData } = useLoaded<Share[]>(load, []);
  const shares = useMemo(() => (conversationId ? data.filter((s) => s.conversation_id === conversationId) : data), [data, conversationId]);

  const create = useCallback(
    async (conversation_id: string, expires_in_days: number | null) => {
      const share = await api.createShare({ conversation_id, expires_in_days });
      setData((list) => [share, ...list.filter((s) => s.id !== share.id)]);
      return share;
    },
    [api, setData],
  );

  const revoke = useCallback(
    async (id: string) => {
      await api.deleteShare(id);
      setData((list) => list.filter((s) => s.id !== id));
    },
    [api, setData],
  );

  return { shares, loaded, error, refresh, create, revoke };
}

export type SharesState = ReturnType<typeof useShares>;
