// The offline outbox: messages typed while the server could not be reached, kept per user
// in localStorage (they survive a reload) until they are sent, exactly once: each carries
// the `client_id` made when it was typed, and the server answers a second send of that id
// with 409 `duplicate` (which counts as sent).

/** A message waiting to be sent. */
export interface OutboxItem {
  /** UUID made when the message was typed; sent as `client_id`. */
  client_id: string;
  conversation_id: string;
  content: string;
  /** ISO time it was typed. */
  created_at: string;
  /** Why the server refused it (it is not sent again; the user may cancel it). */
  error?: string;
}

/** localStorage key prefix: `nexus.outbox.<user id>`. */
export const OUTBOX_PREFIX = 'nexus.outbox.';
/** Most messages kept per user (the oldest are never dropped: a new one is refused instead). */
export const MAX_OUTBOX = 50;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const outboxKey = (userId: string) => OUTBOX_PREFIX + userId;

/** A UUID (v4) for a new message. */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const isItem = (x: unknown): x is OutboxItem =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as OutboxItem).client_id === 'string' &&
  typeof (x as OutboxItem).conversation_id === 'string' &&
  typeof (x as OutboxItem).content === 'string';

/** The user's waiting messages, oldest first (nothing readable: none). */
export function readOutbox(store: Store, userId: string): OutboxItem[] {
  try {
    const v = JSON.parse(store.getItem(outboxKey(userId)) ?? '[]');
    return Array.isArray(v) ? v.filter(isItem) : [];
  } catch {
    return [];
  }
}

function write(store: Store, userId: string, items: OutboxItem[]) {
  if (items.length) store.setItem(outboxKey(userId), JSON.stringify(items));
  else store.removeItem(outboxKey(userId));
  notify();
}

/** Keeps a message; false when the outbox is full (or storage refuses). Adding a client_id twice keeps one. */
export function addToOutbox(store: Store, userId: string, item: OutboxItem): boolean {
  const items = readOutbox(store, userId);
  if (items.some((i) => i.client_id === item.client_id)) return true;
  if (items.length >= MAX_OUTBOX) return false;
  try {
    write(store, userId, [...items, item]);
    return true;
  } catch {
    return false; // quota
  }
}

/** Forgets a message (sent, or cancelled). */
export function removeFromOutbox(store: Store, userId: string, clientId: string) {
  const items = readOutbox(store, userId);
  const rest = items.filter((i) => i.client_id !== clientId);
  if (rest.length !== items.length) write(store, userId, rest);
}

/** Marks a message the server refused (it stays, shown with the reason, until cancelled). */
export function markRefused(store: Store, userId: string, clientId: string, error: string) {
  write(
    store,
    userId,
    readOutbox(store, userId).map((i) => (i.client_id === clientId ? { ...i, error } : i)),
  );
}

/** Deletes the outbox of every user but `keepUserId` (everyone's when null). */
export function clearOutboxes(store: Store, keepUserId: string | null) {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k && k.startsWith(OUTBOX_PREFIX) && (keepUserId === null || k !== outboxKey(keepUserId))) keys.push(k);
  }
  for (const k of keys) store.removeItem(k);
  if (keys.length) notify();
}

// Who shows the outbox hears of changes (this tab; other tabs through the `storage` event).
const listeners = new Set<() => void>();
function notify() {
  for (const l of [...listeners]) l();
}
export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(OUTBOX_PREFIX)) listener();
  };
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}

/** What sending one waiting message came to. */
export type Delivery =
  /** The server stored it now (its reply is being written). */
  | { result: 'sent'; userMessageId?: string }
  /** The server had it already (409 `duplicate`): sent before, its answer was lost. */
  | { result: 'duplicate'; userMessageId?: string }
  /** No answer (network): it stays for the next time. */
  | { result: 'unreachable' }
  /** Refused (4xx/5xx other than duplicate): it stays, marked, not sent again. */
  | { result: 'refused'; message: string; status: number };
