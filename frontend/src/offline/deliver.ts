// Sends the outbox's messages when the server can be reached again: each once, in the
// order typed, with its client_id (the server refuses a second copy with 409 `duplicate`).
import { api as defaultApi, ApiError } from '../api/client';
import type { StreamEvent } from '../api/types';
import { readOutbox, removeFromOutbox, markRefused, type Delivery, type OutboxItem } from './outbox';

type SendApi = Pick<typeof defaultApi, 'sendMessage'>;
type Store = Parameters<typeof readOutbox>[0];

/**
 * POSTs one waiting message. Resolves as soon as the server said what it did with it
 * (`start`, or an error answer); the rest of the reply's stream is read in the background
 * (the open conversation follows the reply by itself).
 */
export async function deliver(item: OutboxItem, api: SendApi = defaultApi): Promise<Delivery> {
  const stream = api.sendMessage(item.conversation_id, { content: item.content, client_id: item.client_id });
  try {
    const first = await stream.next();
    if (first.done) return { result: 'unreachable' }; // closed before saying anything: try again later
    const e: StreamEvent = first.value;
    void drain(stream);
    return { result: 'sent', userMessageId: e.type === 'start' ? e.user_message_id : undefined };
  } catch (err) {
    if (err instanceof ApiError) {
      if (err.status === 409 && err.code === 'duplicate') return { result: 'duplicate', userMessageId: err.details?.message_id };
      return { result: 'refused', message: err.message, status: err.status };
    }
    return { result: 'unreachable' };
  }
}

async function drain(stream: AsyncGenerator<StreamEvent>) {
  try {
    for await (const _ of stream) void _;
  } catch {
    /* the reply goes on on the server; the chat view follows it */
  }
}

let running: Promise<boolean> | null = null;

/**
 * Sends the user's waiting messages one after another (one run at a time in this tab).
 * A message leaves the outbox when the server has it (sent or duplicate); a network
 * failure stops the run (the rest wait for the next time); a refusal marks it.
 * `onSent` is told about each conversation that got a message. Resolves false when the
 * server could not be reached.
 */
export function flushOutbox(
  store: Store,
  userId: string,
  onSent: (conversationId: string) => void,
  api: SendApi = defaultApi,
): Promise<boolean> {
  if (running) return running;
  running = (async () => {
    try {
      for (const item of readOutbox(store, userId)) {
        if (item.error) continue;
        // Still there (not cancelled meanwhile)?
        if (!readOutbox(store, userId).some((i) => i.client_id === item.client_id)) continue;
        const d = await deliver(item, api);
        if (d.result === 'unreachable') return false;
        if (d.result === 'refused') {
          markRefused(store, userId, item.client_id, d.message);
          continue;
        }
        removeFromOutbox(store, userId, item.client_id);
        onSent(item.conversation_id);
      }
      return true;
    } finally {
      running = null;
    }
  })();
  return running;
}
