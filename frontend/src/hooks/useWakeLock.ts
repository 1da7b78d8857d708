// Keeps the screen on while `active` (a reply streams), where the browser supports the
// Screen Wake Lock API. The browser drops the lock when the page is hidden; it is taken
// again when the page is visible and still active. Never throws.
import { useEffect } from 'react';

interface Sentinel {
  released?: boolean;
  release(): Promise<void>;
}
interface WakeLockApi {
  request(type: 'screen'): Promise<Sentinel>;
}

export function useWakeLock(active: boolean) {
  useEffect(() => {
    if (!active || typeof navigator === 'undefined') return;
    const wakeLock = (navigator as Navigator & { wakeLock?: WakeLockApi }).wakeLock;
    if (!wakeLock || typeof wakeLock.request !== 'function') return;
    let sentinel: Sentinel | null = null;
    let requesting = false;
    let ended = false;
    const release = (s: Sentinel | null) => {
      try {
        void s?.release().catch(() => {});
      } catch {
        /* already released */
      }
    };
    const acquire = async () => {
      if (ended || requesting || document.visibilityState !== 'visible') return;
      if (sentinel && !sentinel.released) return;
      requesting = true;
      try {
        const s = await wakeLock.request('screen');
        if (ended) release(s);
        else sentinel = s;
      } catch {
        /* not allowed (no user activation, battery saver, hidden): fine */
      } finally {
        requesting = false;
      }
    };
    void acquire();
    const onVisible = () => void acquire();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      ended = true;
      document.removeEventListener('visibilitychange', onVisible);
      release(sentinel);
      sentinel = null;
    };
  }, [active]);
}
