// Models concern: the provider's model list, fetched when first needed.
import { useCallback, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Model } from '../api/types';

export type ModelsStatus = 'idle' | 'loading' | 'ready' | 'error';

export function useModels() {
  const [models, setModels] = useState<Model[]>([]);
  const [status, setStatus] = useState<ModelsStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const inflight = useRef<Promise<void> | null>(null);

  const load = useCallback((refresh = false) => {
    if (inflight.current && !refresh) return inflight.current;
    setStatus((s) => (s === 'ready' && !refresh ? s : 'loading'));
    const p = api
      .listModels(refresh)
      .then((list) => {
        setModels(list.models);
        setWarning(list.warning ?? null);
        setError(null);
        setStatus('ready');
      })
      .catch((err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setStatus('error');
        inflight.current = null; // allow another try
      });
    inflight.current = p;
    return p;
  }, []);

  return { models, status, error, warning, load };
}

export type ModelsState = ReturnType<typeof useModels>;
