// One concern shared by the small panels: data loaded from the API on mount, with the
// error sentence if loading failed, a refresh, and a setter for local updates after a
// change the server confirmed.
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { messageOf } from '../lib/errors';

export interface Loaded<T> {
  data: T;
  /** True once the first load answered (with data or an error). */
  loaded: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  setData: Dispatch<SetStateAction<T>>;
}

/** Loads `load()` on mount (and again when `load` changes); `initial` until then. */
export function useLoaded<T>(load: () => Promise<T>, initial: T): Loaded<T> {
  const [data, setData] = useState<T>(initial);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoaded(true);
    }
  }, [load]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { data, loaded, error, refresh, setData };
}
