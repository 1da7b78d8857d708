// The page's side of offline use (its own chunk; register.ts registers the worker):
// tells the service worker who is signed in, remembers who was signed in on this device (to open the app read-only without a network), and deletes what was
// kept for someone (API answers, outbox) when they sign out, their session ends (401), or
// someone else signs in.
import type { User } from '../api/types';
import { API_CACHE_PREFIX, apiCachesToDelete, type SwMessage } from './policy';
import { clearOutboxes } from './outbox';

/** localStorage key of the user last signed in here (id, name, role: nothing secret). */
export const LAST_USER_KEY = 'nexus.offline.user';
/** How long the page waits for the service worker to confirm a change of user. */
const SW_ACK_MS = 2000;

const storage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

// Who the service worker was last told is signed in (told again to a new worker).
let told: SwMessage | null = null;

/** A new worker took over: it hears who is signed in. */
export async function tellAgain() {
  if (told) await tell(told);
}

/** Tells the service worker (if any) and waits a moment for its answer. */
async function tell(msg: SwMessage): Promise<void> {
  told = msg;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.getRegistration().catch(() => undefined);
  const targets = new Set([navigator.serviceWorker.controller, reg?.active, reg?.waiting, reg?.installing].filter(Boolean) as ServiceWorker[]);
  await Promise.all(
    [...targets].map(
      (w) =>
        new Promise<void>((resolve) => {
          const ch = new MessageChannel();
          const t = setTimeout(resolve, SW_ACK_MS);
          ch.port1.onmessage = () => {
            clearTimeout(t);
            resolve();
          };
          w.postMessage(msg, [ch.port2]);
        }),
    ),
  );
}

/** Deletes the API caches of everyone but `keepUserId` (all when null), from the page. */
async function deleteApiCaches(keepUserId: string | null) {
  if (typeof caches === 'undefined') return;
  const names = (await caches.keys().catch(() => [] as string[])).filter((n) => n.startsWith(API_CACHE_PREFIX));
  await Promise.all(apiCachesToDelete(names, keepUserId).map((n) => caches.delete(n).catch(() => false)));
}

/** The user last signed in on this device, or null. */
export function rememberedUser(): User | null {
  try {
    const v = JSON.parse(storage()?.getItem(LAST_USER_KEY) ?? 'null');
    return v && typeof v.id === 'string' && typeof v.username === 'string' ? (v as User) : null;
  } catch {
    return null;
  }
}

/**
 * `user` is signed in (the server said so): anything kept for someone else goes, and
 * the service worker keeps answers for this user from now on.
 */
export async function signedInAs(user: User): Promise<void> {
  const s = storage();
  const before = rememberedUser();
  try {
    s?.setItem(LAST_USER_KEY, JSON.stringify({ id: user.id, username: user.username, role: user.role }));
  } catch {
    /* storage full or off: no offline opening */
  }
  if (s) clearOutboxes(s, user.id);
  if (before && before.id !== user.id) await deleteApiCaches(user.id);
  await tell({ type: 'user', userId: user.id });
}

/** Nobody is signed in any more (sign-out, 401): every kept answer and message goes. */
export async function forgetEveryone(): Promise<void> {
  const s = storage();
  try {
    s?.removeItem(LAST_USER_KEY);
  } catch {
    /* nothing to do */
  }
  if (s) clearOutboxes(s, null);
  await Promise.all([tell({ type: 'signout' }), deleteApiCaches(null)]);
}
