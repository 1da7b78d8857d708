// Where to take the user back to after signing in. When the session ends (signed out,
// expired, revoked) or a signed-out page loads, the place the app was at (the path
// `useRoute` reads, with any query and hash) is kept in sessionStorage, with who was
// signed in; after signing in the app opens it again — unless someone else signed in,
// whose chats differ (they start at `/`).

export const RETURN_KEY = 'nexus-return-to';

export interface Place {
  path: string;
  /** Who was signed in there; null when nobody was (a signed-out page load). */
  username: string | null;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The place the app is at: path, query and hash. */
export function currentPlace(loc: { pathname: string; search: string; hash: string } = location): string {
  return `${loc.pathname}${loc.search}${loc.hash}`;
}

/** A path of this app on this origin (not `//host`, not the API, no scheme). */
export function isAppPath(path: unknown): path is string {
  return typeof path === 'string' && /^\/(?![/\\])/.test(path) && !/^\/api(\/|$|\?|#)/.test(path) && !/[\r\n]/.test(path);
}

function read(store: Store): Place | null {
  try {
    const raw = store.getItem(RETURN_KEY);
    if (!raw) return null;
    const p = JSON.parse(raw) as Partial<Place>;
    if (!isAppPath(p.path)) return null;
    return { path: p.path, username: typeof p.username === 'string' ? p.username : null };
  } catch {
    return null;
  }
}

/**
 * Keeps `path` as the place to come back to. A bare `/` does not replace a place already
 * kept (a reload of the sign-in screen, which is shown at `/`).
 */
export function rememberPlace(store: Store, path: string, username: string | null): void {
  if (!isAppPath(path)) return;
  if (path === '/' && read(store)) return;
  try {
    store.setItem(RETURN_KEY, JSON.stringify({ path, username } satisfies Place));
  } catch {
    /* storage full or disabled: the user starts at / */
  }
}

/**
 * The place to open after `username` signed in (removed from the store), or null: none
 * kept, or it was someone else's (usernames are case-insensitive).
 */
export function takePlace(store: Store, username: string): string | null {
  const p = read(store);
  try {
    store.removeItem(RETURN_KEY);
  } catch {
    /* disabled */
  }
  if (!p) return null;
  if (p.username !== null && p.username.toLowerCase() !== username.toLowerCase()) return null;
  return p.path;
}

/** sessionStorage, or a stand-in where it is unavailable (private mode, sandboxed frames). */
export function sessionStore(): Store {
  try {
    if (typeof sessionStorage !== 'undefined') return sessionStorage;
  } catch {
    /* access denied */
  }
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}
