// Providers concern: the connections the user may see (the server connection first), the
// kinds and allowed hosts; add, change, switch on/off, delete, test. Whatever changes which
// models exist calls `onModelsChanged` (the picker fetches its lists again).
import { useCallback, useRef } from 'react';
import { api as defaultApi } from '../../api/client';
import type { Connection, ConnectionCreate, ConnectionList, ConnectionPatch } from '../../api/types';
import { useLoaded } from '../../hooks/useLoaded';

export type ConnectionsApi = Pick<
  typeof defaultApi,
  'listConnections' | 'createConnection' | 'updateConnection' | 'deleteConnection' | 'testConnection' | 'testDraftConnection'
>;

export function useConnections({ api = defaultApi as ConnectionsApi, onModelsChanged }: { api?: ConnectionsApi; onModelsChanged?: () => void } = {}) {
  const load = useCallback(() => api.listConnections(), [api]);
  const { data, loaded, error, refresh, setData } = useLoaded<ConnectionList | null>(load, null);
  const changed = useRef(onModelsChanged);
  changed.current = onModelsChanged;

  const replace = useCallback(
    (c: Connection) => setData((d) => d && { ...d, connections: d.connections.map((x) => (x.id === c.id ? c : x)) }),
    [setData],
  );

  /** Adds a connection; throws `ApiError` (`host_not_allowed`, `api_key_required`, …). */
  const create = useCallback(
    async (body: ConnectionCreate) => {
      const c = await api.createConnection(body);
      setData((d) => d && { ...d, connections: [...d.connections.filter((x) => x.id !== c.id), c] });
      void refresh(); // the server's order
      changed.current?.();
      return c;
    },
    [api, refresh, setData],
  );

  /** Renames, moves, re-keys or switches a connection on/off; throws `ApiError`. */
  const update = useCallback(
    async (id: string, patch: ConnectionPatch) => {
      const c = await api.updateConnection(id, patch);
      replace(c);
      changed.current?.();
      return c;
    },
    [api, replace],
  );

  /** Deletes it; its conversations go back to the server connection. */
  const remove = useCallback(
    async (id: string) => {
      await api.deleteConnection(id);
      setData((d) => d && { ...d, connections: d.connections.filter((x) => x.id !== id) });
      changed.current?.();
    },
    [api, setData],
  );

  const test = useCallback((id: string) => api.testConnection(id), [api]);
  const testDraft = useCallback((body: ConnectionCreate) => api.testDraftConnection(body), [api]);

  /** After the admin changed whether members may add connections (through the settings). */
  const setAllowMembers = useCallback((on: boolean) => setData((d) => d && { ...d, allow_member_connections: on }), [setData]);

  return { data, loaded, error, refresh, create, update, remove, test, testDraft, setAllowMembers };
}

export type ConnectionsState = ReturnType<typeof useConnections>;
