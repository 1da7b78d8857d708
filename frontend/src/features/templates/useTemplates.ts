// Prompt templates concern: one list per page, shared by the composer's `/` menu and the
// Templates section of Settings (a change saved in one shows in the other). Loaded the
// first time something asks for it (typing `/`, opening Settings), not on start-up.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { keepApi as defaultApi } from '../../api/client';
import type { Template, TemplateScope } from '../../api/types';
import { messageOf } from '../../lib/errors';

export type TemplatesApi = Pick<typeof defaultApi, 'listTemplates' | 'createTemplate' | 'updateTemplate' | 'deleteTemplate'>;

interface Snapshot {
  templates: Template[];
  loaded: boolean;
  error: string | null;
}

let snapshot: Snapshot = { templates: [], loaded: false, error: null };
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<Snapshot>) {
  snapshot = { ...snapshot, ...next };
  for (const l of [...listeners]) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** Household first, then by name (as the server orders them). */
export function sortTemplates(list: Template[]): Template[] {
  return [...list].sort((a, b) => (a.scope === b.scope ? a.name.localeCompare(b.name) : a.scope === 'household' ? -1 : 1));
}

/** Loads the list (once; `force`: again). */
export function loadTemplates(api: TemplatesApi = defaultApi, force = false): Promise<void> {
  if (inflight) return inflight;
  if (snapshot.loaded && !force && !snapshot.error) return Promise.resolve();
  inflight = api
    .listTemplates()
    .then((templates) => set({ templates, loaded: true, error: null }))
    .catch((err) => set({ loaded: true, error: messageOf(err) }))
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** For tests: forget the list. */
export function resetTemplates() {
  inflight = null;
  snapshot = { templates: [], loaded: false, error: null };
}

/** The templates; loads them when `enabled` (and not loaded yet). */
export function useTemplates({ enabled = true, api = defaultApi as TemplatesApi } = {}) {
  const state = useSyncExternalStore(subscribe, () => snapshot);
  useEffect(() => {
    if (enabled) void loadTemplates(api);
  }, [enabled, api]);

  const create = useCallback(
    async (body: { name: string; content: string; scope?: TemplateScope }) => {
      const t = await api.createTemplate(body);
      set({ templates: sortTemplates([...snapshot.templates.filter((x) => x.id !== t.id), t]) });
      return t;
    },
    [api],
  );
  const update = useCallback(
    async (id: string, patch: { name?: string; content?: string }) => {
      const t = await api.updateTemplate(id, patch);
      set({ templates: sortTemplates(snapshot.templates.map((x) => (x.id === id ? t : x))) });
      return t;
    },
    [api],
  );
  const remove = useCallback(
    async (id: string) => {
      await api.deleteTemplate(id);
      set({ templates: snapshot.templates.filter((x) => x.id !== id) });
    },
    [api],
  );
  const refresh = useCallback(() => loadTemplates(api, true), [api]);

  return { ...state, create, update, remove, refresh };
}

export type TemplatesState = ReturnType<typeof useTemplates>;
