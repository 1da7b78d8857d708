// Personal API tokens concern: list, create (the secret is answered once), revoke.
import { useCallback, useEffect, useState } from 'react';
import { api as defaultApi } from '../../api/client';
import type { ApiToken } from '../../api/types';

export type TokensApi = Pick<typeof defaultApi, 'listTokens' | 'createToken' | 'deleteToken'>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useApiTokens({ api = defaultApi as TokensApi } = {}) {
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setTokens(await api.listTokens());
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

  /** Creates a token; the answer carries the secret (`token`), which is never shown again. */
  const create = useCallback(
    async (name: string) => {
      const created = await api.createToken(name);
      const { token: _secret, ...row } = created;
      void _secret;
      setTokens((list) => [row, ...list.filter((t) => t.id !== row.id)]);
      return created;
    },
    [api],
  );

  const revoke = useCallback(
    async (id: string) => {
      await api.deleteToken(id);
      setTokens((list) => list.filter((t) => t.id !== id));
    },
    [api],
  );

  return { tokens, loaded, error, refresh, create, revoke };
}

export type TokensState = ReturnType<typeof useApiTokens>;
