// Whether the server can be reached: the browser's online/offline events, confirmed by
// `GET /api/health` when the browser says it is back (a captive portal or a server still
// down must not count), and a failed send (`unreachable`) until health answers again.
// While thought offline, health is also asked now and then (the `online` event does not
// always come, e.g. for a page opened offline).
import { useCallback, useEffect, useRef, useState } from 'react';

/** While the server is thought unreachable (but the browser online), health is asked this often. */
export const HEALTH_POLL_MS = 5000;

async function healthy(): Promise<boolean> {
  try {
    const res = await fetch('/api/health', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

/** `startOffline`: the app opened without reaching the server (health decides when it is back). */
export function useNetwork(startOffline = false) {
  const [online, setOnline] = useState(() => !startOffline && (typeof navigator === 'undefined' || navigator.onLine !== false));
  const checking = useRef(false);

  const confirm = useCallback(async () => {
    if (checking.current) return;
    checking.current = true;
    try {
      const ok = navigator.onLine !== false && (await healthy());
      setOnline(ok && navigator.onLine !== false);
    } finally {
      checking.current = false;
    }
  }, []);

  useEffect(() => {
    const off = () => setOnline(false);
    const on = () => void confirm();
    addEventListener('offline', off);
    addEventListener('online', on);
    return () => {
      removeEventListener('offline', off);
      removeEventListener('online', on);
    };
  }, [confirm]);

  // Thought unreachable while the browser says online: ask health now and then.
  useEffect(() => {
    if (online) return;
    const t = setInterval(() => {
      if (navigator.onLine !== false) void confirm();
    }, HEALTH_POLL_MS);
    return () => clearInterval(t);
  }, [online, confirm]);

  /** A request failed for want of a network: offline until health answers. */
  const unreachable = useCallback(() => setOnline(false), []);

  return { online, unreachable };
}
