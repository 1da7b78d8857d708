// Minimal client-side routing: `/` (new chat) and `/c/{id}`.
import { useCallback, useEffect, useState } from 'react';

function parse(path: string): string | null {
  const m = /^\/c\/([^/]+)\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

export function useRoute() {
  const [conversationId, setId] = useState<string | null>(() => parse(location.pathname));

  useEffect(() => {
    const on = () => setId(parse(location.pathname));
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);

  const navigate = useCallback((id: string | null, replace = false) => {
    const path = id ? `/c/${encodeURIComponent(id)}` : '/';
    if (location.pathname !== path) history[replace ? 'replaceState' : 'pushState'](null, '', path);
    setId(id);
  }, []);

  return { conversationId, navigate };
}
