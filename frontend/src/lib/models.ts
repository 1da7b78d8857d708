// The model picker's list (pure; unit-tested): models of every connection, found by name or
// id, grouped by connection (in the server's order: the server connection first) and then
// by the model's provider. A model is identified by its connection and its id together.
import type { Model, ModelListConnection } from '../api/types';

/** The server connection's id (a conversation's `connection_id: null`). */
export const SERVER_CONNECTION = 'default';

/** A conversation's or model's connection id, null/absent read as the server connection. */
export const connectionOf = (id: string | null | undefined): string => id || SERVER_CONNECTION;

/** What PATCH/POST get for a connection: null for the server connection. */
export const connectionForApi = (id: string | null | undefined): string | null => {
  const c = connectionOf(id);
  return c === SERVER_CONNECTION ? null : c;
};

/** One key per (connection, model): the same model id may come from two connections. */
export const modelKey = (connectionId: string | null | undefined, model: string) => `${connectionOf(connectionId)}\u0000${model}`;

export function findModel(models: readonly Model[], connectionId: string | null | undefined, id: string): Model | undefined {
  const c = connectionOf(connectionId);
  return models.find((m) => m.id === id && connectionOf(m.connection_id) === c);
}

/** The models whose id, name, provider or connection name contain every word of `query`. */
export function matchModels(models: readonly Model[], query: string): Model[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...models];
  return models.filter((m) => {
    const hay = `${m.id} ${m.name} ${m.provider} ${m.connection_name ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface ProviderGroup {
  provider: string;
  models: Model[];
}

export interface ConnectionGroup {
  connectionId: string;
  name: string;
  /** Why this connection's list could not be fetched or refreshed. */
  warning?: string;
  providers: ProviderGroup[];
}

export interface GroupedModels {
  groups: ConnectionGroup[];
  /** The models shown, in the order they appear (for the keyboard). */
  flat: Model[];
  /** How many matched beyond `limit`. */
  more: number;
}

/**
 * Groups `models` (already filtered) by connection, then provider. Connections follow
 * `connections` (the server's order), unknown ones after them in order of appearance;
 * providers keep the order of their first model. At most `limit` models are shown. A
 * connection with a warning and no model is shown too (its warning) when `showEmpty`.
 */
export function groupModels(
  models: readonly Model[],
  connections: readonly ModelListConnection[] = [],
  { limit = Infinity, showEmpty = false }: { limit?: number; showEmpty?: boolean } = {},
): GroupedModels {
  // Each connection's place: the server's order, then unknown ones by their first model.
  const rank = new Map<string, number>();
  connections.forEach((c, i) => rank.set(c.id, i));
  models.forEach((m, i) => {
    const c = connectionOf(m.connection_id);
    if (!rank.has(c)) rank.set(c, connections.length + i);
  });
  const rankOf = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;

  const byConnection = new Map<string, ConnectionGroup>();
  const groupOf = (id: string, name: string) => {
    let g = byConnection.get(id);
    if (!g) {
      const info = connections.find((c) => c.id === id);
      g = { connectionId: id, name: info?.name ?? name, warning: info?.warning, providers: [] };
      byConnection.set(id, g);
    }
    return g;
  };
  if (showEmpty) for (const c of connections) if (c.warning) groupOf(c.id, c.name);

  // The order drawn: by connection, then provider (where its first model is), then the
  // server's order; the limit cuts in that order.
  const providerAt = new Map<string, number>();
  models.forEach((m, i) => {
    const k = `${connectionOf(m.connection_id)}\u0000${m.provider}`;
    if (!providerAt.has(k)) providerAt.set(k, i);
  });
  const sorted = models
    .map((m, i) => ({
      m,
      i,
      r: rankOf(connectionOf(m.connection_id)),
      p: providerAt.get(`${connectionOf(m.connection_id)}\u0000${m.provider}`) ?? i,
    }))
    .sort((a, b) => a.r - b.r || a.p - b.p || a.i - b.i)
    .map((x) => x.m);
  for (const m of sorted.slice(0, limit)) {
    const c = connectionOf(m.connection_id);
    const g = groupOf(c, m.connection_name ?? c);
    let p = g.providers.find((x) => x.provider === m.provider);
    if (!p) {
      p = { provider: m.provider, models: [] };
      g.providers.push(p);
    }
    p.models.push(m);
  }
  const groups = [...byConnection.values()].sort((a, b) => rankOf(a.connectionId) - rankOf(b.connectionId));
  // The keyboard follows what is drawn: connection → provider → model.
  const flat = groups.flatMap((g) => g.providers.flatMap((p) => p.models));
  return { groups, flat, more: Math.max(0, sorted.length - flat.length) };
}
