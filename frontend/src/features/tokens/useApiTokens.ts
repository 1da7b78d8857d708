// Personal API tokens concern: list, create (the secret is answered once), revoke.
import { useCallback } from 'react';
import { useLoaded } from '../../hooks/useLoaded';
import { api as defaultApi } from '../../api/client';
import type { ApiToken } from '../../api/types';

export type TokensApi = Pick<typeof defaultApi, 'listTokens' | 'createToken' | 'deleteToken'>;

export function useApiTokens({ api = defaultApi as TokensApi } = {}) {
  const load = useCallback(() => api.listTokens(), [api]);
  const { data: tokens, loaded, error, refresh, setData: setTokens } = useLoaded<ApiToken[]>(load, []);

  /** Creates a token; the answer carries the secret (`token`), which is never shown again. */
  const create = useCallback(
    async (name: string) => {
      const created = await api.createToken(name);
      const { token: _secret, ...row } = created;
      void _secret;
      setTokens((list) => [row, ...list.filter((t) => t.id !== row.id)]);
      return created;
    },
    [api, setTokens],
  );

  const revoke = useCallback(
    async (id: string) => {
      await api.deleteToken(id);
      setTokens((list) => list.filter((t) => t.id !== id));
    },
    [api, setTokens],
  );

  return { tokens, loaded, error, refresh, create, revoke };
}

export type TokensState = ReturnType<typeof useApiTokens>;
