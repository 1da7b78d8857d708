// The service worker (built by vite.config.ts into dist/sw.js, outside the first load).
//
// - App shell: every file of the build (index.html, hashed JS/CSS incl. lazy chunks, icons,
//   manifest) is precached on install into a cache named after the build; hashed files are
//   answered from it, pages (navigations) network first with the cached index.html offline.
// - API: only the GETs `policy.ts` names, network first; a copy of each 200 goes to the
//   signed-in user's cache and is used only when the network fails. Everything else under
//   /api (streams, writes, auth, admin, export) passes by untouched.
// - Users: the page says who is signed in (`user`) and when nobody is (`signout`); a 401
//   clears every API cache. Answers are kept only for the user known when the request left.
import {
  apiCacheName,
  apiCachesToDelete,
  belongsTo,
  cacheableApi,
  META_CACHE,
  META_USER_KEY,
  RECENT_KEY,
  SHELL_CACHE_PREFIX,
  shellCachesToDelete,
  touchRecent,
  type SwMessage,
} from './policy';

// Minimal service-worker types (the app's tsconfig has the DOM lib, not WebWorker).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface MessageEventSW extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface SWScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
  addEventListener(type: 'install' | 'activate', l: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', l: (e: MessageEventSW) => void): void;
}
const sw = self as unknown as SWScope;

// Filled in by the build (vite.config.ts): the files to precache and the build's version.
declare const __PRECACHE__: string[];
declare const __BUILD__: string;
const SHELL = SHELL_CACHE_PREFIX + __BUILD__;
const PRECACHE = new Set(__PRECACHE__);

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(__PRECACHE__.map((u) => new Request(u, { cache: 'reload' }))))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(shellCachesToDelete(names, SHELL).map((n) => caches.delete(n))))
      .then(() => sw.clients.claim()),
  );
});

// Who is signed in (null: nobody; undefined: not read yet from META_CACHE).
let user: string | null | undefined;
async function currentUser(): Promise<string | null> {
  if (user === undefined) {
    const r = await (await caches.open(META_CACHE)).match(META_USER_KEY);
    if (user === undefined) user = r ? await r.text() : null;
  }
  return user;
}
async function setUser(id: string | null) {
  user = id;
  const meta = await caches.open(META_CACHE);
  if (id === null) await meta.delete(META_USER_KEY);
  else await meta.put(META_USER_KEY, new Response(id));
  const names = await caches.keys();
  await Promise.all(apiCachesToDelete(names, id).map((n) => caches.delete(n)));
}

sw.addEventListener('message', (e) => {
  const m = e.data as SwMessage | null;
  const done = (p: Promise<unknown>) => {
    const ack = p.then(
      () => e.ports[0]?.postMessage('ok'),
      () => e.ports[0]?.postMessage('failed'),
    );
    e.waitUntil(ack);
  };
  if (m?.type === 'user' && typeof m.userId === 'string' && m.userId) done(setUser(m.userId));
  else if (m?.type === 'signout') done(setUser(null));
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin || req.method !== 'GET') return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    const kind = cacheableApi(req.method, url, req.headers.get('accept'));
    if (kind) e.respondWith(networkFirstApi(req, url, kind.kind === 'conversation' ? kind.id : null, e));
    return;
  }
  if (req.mode === 'navigate') {
    e.respondWith(navigation(req));
    return;
  }
  if (PRECACHE.has(url.pathname)) e.respondWith(cacheFirst(req, url.pathname));
});

async function cacheFirst(req: Request, path: string): Promise<Response> {
  const hit = await (await caches.open(SHELL)).match(path);
  return hit ?? fetch(req);
}

/** Pages: the network (a new build shows at once), the precached index.html when it fails. */
async function navigation(req: Request): Promise<Response> {
  try {
    return await fetch(req);
  } catch (err) {
    const hit = await (await caches.open(SHELL)).match('/index.html');
    if (hit) return hit;
    throw err;
  }
}

// Updates of a user's recent list happen one at a time.
let recentChain: Promise<void> = Promise.resolve();

async function networkFirstApi(req: Request, url: URL, conversationId: string | null, e: ExtendableEvent): Promise<Response> {
  const who = await currentUser();
  let res: Response;
  try {
    res = await fetch(req);
  } catch (err) {
    // Offline (or the server is gone): the copy kept for this user, if any.
    if (who) {
      const hit = await (await caches.open(apiCacheName(who))).match(req, { ignoreVary: true });
      if (hit) return hit;
    }
    throw err;
  }
  if (res.status === 401) {
    // The session is over: nobody's answers are kept any more.
    e.waitUntil(setUser(null));
  } else if (res.status === 200 && who && (await currentUser()) === who) {
    const copy = res.clone();
    e.waitUntil(keep(who, url, copy, conversationId));
  }
  return res;
}

async function keep(who: string, url: URL, res: Response, conversationId: string | null) {
  // The whole body first: a request the page aborts would leave a half answer (and a
  // failed put can drop the copy kept before).
  let body: ArrayBuffer;
  try {
    body = await res.arrayBuffer();
  } catch {
    return;
  }
  const cache = await caches.open(apiCacheName(who));
  await cache.put(url.href, new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers }));
  if (!conversationId) return;
  const run = recentChain.then(async () => {
    const stored = await cache.match(RECENT_KEY);
    const before: string[] = stored ? await stored.json().catch(() => []) : [];
    const { recent, evicted } = touchRecent(Array.isArray(before) ? before : [], conversationId);
    await cache.put(RECENT_KEY, new Response(JSON.stringify(recent), { headers: { 'content-type': 'application/json' } }));
    if (!evicted.length) return;
    for (const key of await cache.keys()) {
      const u = new URL(key.url);
      if (evicted.some((id) => belongsTo(u, id))) await cache.delete(key);
    }
  });
  recentChain = run.catch(() => {});
  await run;
  // Signed out meanwhile: the answer must not stay.
  if ((await currentUser()) !== who) await caches.delete(apiCacheName(who));
}
