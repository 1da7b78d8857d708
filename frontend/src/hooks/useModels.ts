// Models concern: the model lists of every connection the user may use (only the models
// they are allowed), fetched when first needed and again when older than a minute (an
// admin may have changed which models the user is allowed), or at once (`load(true)`)
// after a connection was added, removed, switched on or off.
import { useCallback, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Model, ModelListConnection } from '../api/types';
import { messageOf } from '../lib/errors';

export type ModelsStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A list older than this is fetched again when next needed. */
const FRESH_MS = 60_000;

export function useModels() {
  const [models, setModels] = useState<Model[]>([]);
  const [status, setStatus] = useState<ModelsStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [connections, setConnections] = useState<ModelListConnection[]>([]);
  const inflight = useRef<Promise<void> | null>(null);
  const fetchedAt = useRef(0);
  const settled = useRef(true);
  const seq = useRef(0);

  const load = useCallback((refresh = false) => {
    const fresh = !settled.current || Date.now() - fetchedAt.current < FRESH_MS;
    if (inflight.current && !refresh && fresh) return inflight.current;
    settled.current = false;
    setStatus((s) => (s === 'ready' && !refresh ? s : 'loading'));
    const mine = ++seq.current;
    const p = api
      .listModels(refresh)
      .then((list) => {
        if (mine !== seq.current) return; // a newer list is on its way
        fetchedAt.current = Date.now();
        settled.current = true;
        setModels(list.models);
        setWarning(list.warning ?? null);
        setConnections(list.connections ?? []);
        setError(null);
        setStatus('ready');
      })
      .catch((err: unknown) => {
        if (mine !== seq.current) return;
        setError(messageOf(err));
        setStatus('error');
        settled.current = true;
        inflight.current = null; // allow another try
      });
    inflight.current = p;
    return p;
  }, []);

  /** The list may be out of date (the server refused a model): fetch it again when next needed. */
  const invalidate = useCallback(() => {
    fetchedAt.current = 0;
  }, []);

  return { models, connections, status, error, warning, load, invalidate };
}

export type ModelsState = ReturnType<typeof useModels>;
