// What the service worker keeps for offline use, and for whom: pure decisions shared by
// the service worker (src/sw.ts) and the page (tests in test/offlinePolicy.test.ts).
//
// The app shell (index.html, the hashed build output, the icons) is precached per build.
// API answers are kept only as a fallback for when the network is gone (network first),
// only these GETs, and in a cache named after the signed-in user, so that one user's
// answers can never be served to another:
// - the conversation list's first page as the sidebar asks for it
//   (`GET /api/conversations?folder=none&limit=…`: no cursor, other folder, tag or archive);
// - for the last RECENT_CONVERSATIONS conversations opened: `GET /api/conversations/{id}[?limit=…]`
//   (metadata and the newest messages) and the newest messages page `GET /api/conversations/{id}/messages[?limit=…]`.
// Never: event streams (the follow endpoint), other methods, auth, admin, export, backup, anything else.

/** Precached app shell; the build's version is appended (an old build's cache is deleted on activate). */
export const SHELL_CACHE_PREFIX = 'nexus-shell-';
/** API answers of one user: `nexus-api-<user id>`. */
export const API_CACHE_PREFIX = 'nexus-api-';
/** The service worker's own state (who is signed in), kept across its restarts. */
export const META_CACHE = 'nexus-meta';
/** Key in META_CACHE of the signed-in user's id. */
export const META_USER_KEY = '/__nexus/user';
/** Key in a user's API cache of the ids of the conversations opened last, newest first. */
export const RECENT_KEY = '/__nexus/recent';
/** How many conversations opened last are kept for offline reading. */
export const RECENT_CONVERSATIONS = 10;

/** The API cache of user `userId`. */
export const apiCacheName = (userId: string) => `${API_CACHE_PREFIX}${encodeURIComponent(userId)}`;

/** Of the cache names there are, the API caches to delete: every one but `keepUserId`'s (all when null). */
export function apiCachesToDelete(names: readonly string[], keepUserId: string | null): string[] {
  const keep = keepUserId === null ? null : apiCacheName(keepUserId);
  return names.filter((n) => n.startsWith(API_CACHE_PREFIX) && n !== keep);
}

/** Of the cache names there are, the app-shell caches of other builds. */
export const shellCachesToDelete = (names: readonly string[], current: string) =>
  names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== current);

export type ApiKind = { kind: 'list' } | { kind: 'conversation'; id: string };

/** Query parameters a cached GET may carry; any other (a cursor, a tag, `before`…) is not cached. */
const LIST_PARAMS = new Set(['limit', 'folder']);
/** The one `folder` value kept: the main list (chats in no folder). */
const MAIN_FOLDER = 'none';
const ID = /^[A-Za-z0-9_-]{1,100}$/;
/** Routes beside `{id}` under /api/conversations/ (not conversations). */
const NOT_IDS = new Set(['bulk']);

/**
 * Whether an API request's answer may be kept for offline reading, and what it is.
 * `accept`: the request's Accept header (an event stream is never kept).
 */
export function cacheableApi(method: string, url: URL, accept: string | null = null): ApiKind | null {
  if (method !== 'GET') return null;
  if (accept && accept.includes('text/event-stream')) return null;
  for (const k of url.searchParams.keys()) if (!LIST_PARAMS.has(k)) return null;
  const parts = url.pathname.split('/').filter(Boolean); // ['api', 'conversations', …]
  if (parts[0] !== 'api' || parts[1] !== 'conversations') return null;
  const folder = url.searchParams.get('folder');
  if (parts.length === 2) return folder === null || folder === MAIN_FOLDER ? { kind: 'list' } : null;
  if (folder !== null) return null;
  const id = decodeSafe(parts[2]);
  if (!id || !ID.test(id) || NOT_IDS.has(id)) return null;
  if (parts.length === 3) return { kind: 'conversation', id };
  if (parts.length === 4 && parts[3] === 'messages') return { kind: 'conversation', id };
  return null;
}

function decodeSafe(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Whether a cached request URL belongs to conversation `id` (its metadata or messages). */
export function belongsTo(url: URL, id: string): boolean {
  const k = cacheableApi('GET', url);
  return k?.kind === 'conversation' && k.id === id;
}

/**
 * The recent list after conversation `id` was opened (newest first, at most `max`), and
 * the ids that fell off it (their answers are deleted).
 */
export function touchRecent(recent: readonly string[], id: string, max = RECENT_CONVERSATIONS): { recent: string[]; evicted: string[] } {
  const next = [id, ...recent.filter((x) => x !== id)];
  return { recent: next.slice(0, max), evicted: next.slice(max) };
}

/** Messages between the page and the service worker. */
export type SwMessage =
  /** Who is signed in now: the answers of anyone else are deleted. */
  | { type: 'user'; userId: string }
  /** Signed out (or the session ended): every API answer is deleted. */
  | { type: 'signout' };
