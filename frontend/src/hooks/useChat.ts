// Chat/stream concern: the active conversation's messages (the branch shown, paged)
// and the reply stream: send, regenerate, edit & resend, follow (resume), stop.
//
// A reply is never lost: when this page's own stream breaks while the server is still
// writing (network drop, phone locked), the reply is followed by its id from the number
// of code points already received; after a reload, or when the page becomes visible or
// online again, a reply still `streaming` on screen is re-attached the same way.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { api as defaultApi, ApiError } from '../api/client';
import type { ConversationUsage, ImagePart, Message, StreamEvent } from '../api/types';
import { imagePartsOf } from '../features/images/parts';
import { codePointLength, newPart } from '../lib/offset';
import { newClientId } from '../offline/outbox';
import { chatReducer, initialChatState, isBusy, streamingReply, type ChatState } from './chatReducer';
import { messageOf } from '../lib/errors';
import { t } from '../i18n';

export type { ChatStatus, ChatError } from './chatReducer';

export type ChatApi = Pick<
  typeof defaultApi,
  | 'sendMessage'
  | 'getConversation'
  | 'regenerate'
  | 'followMessage'
  | 'stopMessage'
  | 'listMessages'
  | 'getMessage'
  | 'activateMessage'
  | 'deleteMessage'
>;

export interface UseChatOptions {
  /** Replaces parts of the API (tests). */
  api?: Partial<ChatApi>;
  /** Every stream event (the app uses `title`, `start` and `done` to refresh the list). */
  onEvent?: (event: StreamEvent, conversationId: string) => void;
  /** Called when a stream ends however it ends, and after the branch shown changed. */
  onSettled?: (conversationId: string) => void;
  /** How deltas are batched before rendering; defaults to one animation frame. */
  schedule?: (flush: () => void) => void;
  /** Re-attach on `visibilitychange` / `online` (default true). */
  listen?: boolean;
  /** Delay before re-attach attempt n (1-based); default 250 ms doubling up to 4 s. */
  retryDelay?: (attempt: number) => number;
  /**
   * A new message's POST failed with a network error before any answer: true when the
   * caller kept it (the offline outbox); its rows then leave the screen instead of an error.
   */
  onUnsent?: (conversationId: string, content: string, clientId: string) => boolean;
}

/** Messages per page. */
export const PAGE = 50;
/** Consecutive failed re-attach attempts before giving up (the user can still reload). */
const MAX_ATTEMPTS = 8;
/** On becoming visible, a stream silent this long is re-attached (it may be a dead socket). */
const STALE_MS = 1500;
/** After Stop is accepted, how long to wait for the server's `done` before ending locally. */
const STOP_TIMEOUT_MS = 4000;

let tmpCounter = 0;
const tmpId = (kind: string) => `tmp-${kind}-${Date.now().toString(36)}-${++tmpCounter}`;
const isTmp = (id: string | null | undefined) => !id || id.startsWith('tmp-');

const defaultSchedule = (flush: () => void) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(flush);
  } else {
    setTimeout(flush, 16);
  }
};

const defaultRetryDelay = (n: number) => Math.min(250 * 2 ** (n - 1), 4000);

function describe(err: unknown): string {
  if (err instanceof ApiError) return messageOf(err);
  if (err instanceof TypeError) return t('chat.connectionLost');
  if (err instanceof Error && err.message) return err.message;
  return t('errors.unknown');
}

const pageVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Waits `ms`, or until the page is visible and online again; ends early on abort or `wake`. */
function waitToRetry(ms: number, signal: AbortSignal, wake: { current: (() => void) | null }): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', check);
        document.removeEventListener('visibilitychange', check);
      }
      if (wake.current === done) wake.current = null;
      resolve();
    };
    const check = () => {
      if (pageVisible() && online()) done();
    };
    signal.addEventListener('abort', done);
    wake.current = done;
    if (pageVisible() && online()) {
      timer = setTimeout(done, ms);
    } else {
      // Hidden or offline: try again as soon as that changes (and now and then anyway).
      timer = setTimeout(done, 30_000);
    }
    if (typeof window !== 'undefined') {
      window.addEventListener('online', check);
      document.addEventListener('visibilitychange', check);
    }
  });
}

/** A delta that starts after what we have: characters are missing. */
class GapError extends Error {}

export function useChat(options: UseChatOptions = {}) {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  // What every reply of the open conversation used (all branches); null until known.
  const [usage, setUsage] = useState<ConversationUsage | null>(null);
  const opts = useRef(options);
  opts.current = options;
  const custom = options.api;
  const api = useMemo<ChatApi>(() => ({ ...defaultApi, ...custom }), [custom]);
  const apiRef = useRef(api);
  apiRef.current = api;
  // The latest state for callbacks (updated on render; the reducer is the source of truth).
  const stateRef = useRef<ChatState>(state);
  stateRef.current = state;

  const controller = useRef<AbortController | null>(null);
  /** Moves on whenever this tab changes what it shows (load, send, regenerate, switch,
   * delete): a sync that started before such a change must not paint its older answer
   * over the newer one. */
  const shown = useRef(0);
  const loadController = useRef<AbortController | null>(null);
  const olderController = useRef<AbortController | null>(null);
  // The live reply: its server id (null until `start`) and how many code points we have.
  const liveId = useRef<string | null>(null);
  const liveCount = useRef(0);
  const lastData = useRef(0);
  const stopWanted = useRef(false);
  // Ends the current attempt of the stream so it re-attaches at once (see resume).
  const attempt = useRef<AbortController | null>(null);
  const wake = useRef<(() => void) | null>(null);
  // Deltas (and reasoning) are coalesced and rendered at most once per frame.
  const pending = useRef('');
  const pendingReasoning = useRef('');
  const scheduled = useRef(false);

  const flush = useCallback(() => {
    scheduled.current = false;
    // Reasoning first: it comes before the answer (and never counts in its offsets).
    if (pendingReasoning.current) {
      const content = pendingReasoning.current;
      pendingReasoning.current = '';
      dispatch({ type: 'reasoning', content });
    }
    if (pending.current) {
      const content = pending.current;
      pending.current = '';
      dispatch({ type: 'delta', content });
    }
  }, []);

  const abortStream = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    pending.current = '';
    pendingReasoning.current = '';
    liveId.current = null;
    stopWanted.current = false;
  }, []);

  /** Ends the stream here (without the server): what arrived stays, marked stopped. */
  const stopLocally = useCallback(
    (ac: AbortController) => {
      if (controller.current !== ac) return;
      flush();
      abortStream();
      dispatch({ type: 'stop' });
    },
    [abortStream, flush],
  );

  const requestStop = useCallback(
    async (conversationId: string, messageId: string, ac: AbortController) => {
      try {
        await apiRef.current.stopMessage(conversationId, messageId);
      } catch (err) {
        // 409: the reply ended by itself and its `done` is on the way.
        if (!(err instanceof ApiError && err.status === 409)) {
          stopLocally(ac);
          return;
        }
      }
      // The server stops within a fraction of a second and says so with `done`.
      setTimeout(() => {
        if (controller.current !== ac || ac.signal.aborted) return;
        stopLocally(ac);
        // Show what the server kept.
        apiRef.current
          .getMessage(conversationId, messageId)
          .then((m) => {
            if (stateRef.current.conversationId === conversationId) dispatch({ type: 'patch', id: m.id, patch: m });
          })
          .catch(() => {});
      }, STOP_TIMEOUT_MS);
    },
    [stopLocally],
  );

  /**
   * Reads a reply stream to its end: `first` (the POST of send/regenerate) or, when it
   * breaks or is absent, the follow endpoint from the code points received so far.
   */
  const run = useCallback(
    async (
      conversationId: string,
      ac: AbortController,
      first: ((signal: AbortSignal) => AsyncGenerator<StreamEvent>) | null,
      unsent?: () => boolean,
    ) => {
      let failures = 0;
      let finished = false;
      let open = first;
      if (!open) {
        open = (signal) => apiRef.current.followMessage(conversationId, liveId.current!, liveCount.current, signal);
      }
      try {
        for (;;) {
          const step = new AbortController();
          const onAbort = () => step.abort();
          ac.signal.addEventListener('abort', onAbort);
          attempt.current = step;
          let failure: unknown = null;
          lastData.current = Date.now();
          try {
            for await (const event of open(step.signal)) {
              if (ac.signal.aborted) break;
              lastData.current = Date.now();
              if (finished) {
                // After `done`, only the title may still come (the POST stream).
                if (event.type === 'title') opts.current.onEvent?.(event, conversationId);
                continue;
              }
              if (event.type === 'delta') {
                const part = newPart(liveCount.current, event.content, event.offset);
                if (part === null) throw new GapError(t('chat.gap'));
                failures = 0;
                if (!part) continue;
                liveCount.current += codePointLength(part);
                pending.current += part;
                if (!scheduled.current) {
                  scheduled.current = true;
                  (opts.current.schedule ?? defaultSchedule)(flush);
                }
                continue;
              }
              if (event.type === 'reasoning') {
                // No offset: what the reply's text has (liveCount) does not change.
                if (!event.content) continue;
                pendingReasoning.current += event.content;
                if (!scheduled.current) {
                  scheduled.current = true;
                  (opts.current.schedule ?? defaultSchedule)(flush);
                }
                continue;
              }
              flush();
              if (event.type === 'start') {
                liveId.current = event.message_id;
                liveCount.current = 0;
                if (stopWanted.current) void requestStop(conversationId, event.message_id, ac);
              }
              if (event.type === 'attached') failures = 0;
              dispatch({ type: 'event', event });
              opts.current.onEvent?.(event, conversationId);
              if (event.type === 'done' || event.type === 'error') {
                finished = true;
                // The reply is over: a new send may start while the title arrives.
                if (controller.current === ac) controller.current = null;
              }
            }
          } catch (err) {
            failure = err;
          } finally {
            ac.signal.removeEventListener('abort', onAbort);
            if (attempt.current === step) attempt.current = null;
          }
          if (ac.signal.aborted || finished) return;
          flush();
          // Refused outright (validation, unknown id, bad offset): nothing to follow.
          if (failure instanceof ApiError && failure.status < 500) {
            dispatch({ type: 'fail', message: describe(failure), code: failure.code });
            return;
          }
          const id = liveId.current;
          if (!id) {
            // Never reached the server (no answer at all): the outbox may keep it.
            if (failure instanceof TypeError && unsent?.()) {
              dispatch({ type: 'unsent' });
              return;
            }
            // Never started: the server may not have the message.
            dispatch({ type: 'fail', message: failure ? describe(failure) : t('chat.closedEarly') });
            return;
          }
          // The stream broke while the server may still be writing: follow the reply.
          failures++;
          if (failures > MAX_ATTEMPTS) {
            dispatch({
              type: 'fail',
              message: t('chat.lostReply'),
            });
            return;
          }
          const kicked = step.signal.aborted; // resume() asked for a fresh connection
          if (failures > 1) dispatch({ type: 'reconnecting', on: true });
          if (!kicked || failures > 1) {
            await waitToRetry((opts.current.retryDelay ?? defaultRetryDelay)(failures), ac.signal, wake);
          }
          if (ac.signal.aborted) return;
          open = (signal) => apiRef.current.followMessage(conversationId, id, liveCount.current, signal);
        }
      } finally {
        if (controller.current === ac) controller.current = null;
        if (!ac.signal.aborted) flush();
        opts.current.onSettled?.(conversationId);
      }
    },
    [flush, requestStop],
  );

  /** Follows a reply shown as `streaming` (after a load, a sync, a reload). */
  const attach = useCallback(
    (conversationId: string, m: Message) => {
      if (controller.current) return;
      const ac = new AbortController();
      controller.current = ac;
      pending.current = '';
      pendingReasoning.current = '';
      liveId.current = m.id;
      liveCount.current = codePointLength(m.content);
      stopWanted.current = false;
      dispatch({ type: 'attach', messageId: m.id });
      void run(conversationId, ac, null);
    },
    [run],
  );

  const load = useCallback(
    async (conversationId: string | null) => {
      shown.current++;
      abortStream();
      loadController.current?.abort();
      olderController.current?.abort();
      setLoadingOlder(false);
      setOlderError(null);
      setLoadError(null);
      dispatch({ type: 'reset', conversationId });
      setUsage(null);
      if (!conversationId) {
        setLoading(false);
        return;
      }
      const ac = new AbortController();
      loadController.current = ac;
      setLoading(true);
      try {
        const detail = await apiRef.current.getConversation(conversationId, ac.signal);
        if (ac.signal.aborted) return;
        dispatch({ type: 'reset', conversationId, messages: detail.messages, hasMore: !!detail.has_more });
        setUsage(detail.usage ?? null);
        const live = streamingReply(detail.messages);
        if (live) attach(conversationId, live);
      } catch (err) {
        if (ac.signal.aborted) return;
        setLoadError(err instanceof ApiError && err.status === 404 ? t('chat.notFound') : describe(err));
      } finally {
        if (loadController.current === ac) {
          loadController.current = null;
          setLoading(false);
        }
      }
    },
    [abortStream, attach],
  );

  /** Fetches the newest page again (another tab may have written) and re-attaches a live reply. */
  const sync = useCallback(async () => {
    const s = stateRef.current;
    const id = s.conversationId;
    if (!id || controller.current || loadController.current || s.status !== 'idle') return;
    const version = shown.current;
    try {
      const detail = await apiRef.current.getConversation(id);
      const now = stateRef.current;
      if (now.conversationId !== id || controller.current || isBusy(now) || now.status === 'error' || shown.current !== version) return;
      dispatch({ type: 'sync', messages: detail.messages, hasMore: !!detail.has_more });
      setUsage(detail.usage ?? null);
      const live = streamingReply(detail.messages);
      if (live) attach(id, live);
    } catch {
      /* offline: the next visibility/online event tries again */
    }
  }, [attach]);

  /** The page is visible / online again: make sure a live reply is really being followed. */
  const resume = useCallback(() => {
    if (!pageVisible()) return;
    if (controller.current) {
      if (wake.current) wake.current(); // waiting to retry: retry now
      else if (Date.now() - lastData.current > STALE_MS) attempt.current?.abort(); // maybe a dead socket
      return;
    }
    void sync();
  }, [sync]);

  useEffect(() => {
    if (options.listen === false || typeof window === 'undefined') return;
    const onVisible = () => {
      if (document.visibilityState === 'visible') resume();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', resume);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', resume);
    };
  }, [resume, options.listen]);

  /** Starts a POST stream (send, edit, regenerate) after its optimistic `action`. */
  const startStream = useCallback(
    (conversationId: string, open: (signal: AbortSignal) => AsyncGenerator<StreamEvent>, unsent?: () => boolean) => {
      loadController.current?.abort();
      setLoading(false);
      setLoadError(null);
      const ac = new AbortController();
      controller.current = ac;
      pending.current = '';
      pendingReasoning.current = '';
      liveId.current = null;
      liveCount.current = 0;
      stopWanted.current = false;
      void run(conversationId, ac, open, unsent);
      return ac;
    },
    [run],
  );

  /**
   * Sends a message. `branch` (edit & resend): the message being replaced and the
   * parent to send (`null`: a new branch at the root). `images`: uploaded pictures (the
   * text may then be empty). A new message carries a `client_id` (made here unless
   * given), so that sending it again from the outbox after a lost answer cannot store it twice.
   */
  const send = useCallback(
    (
      conversationId: string,
      content: string,
      model?: string,
      branch?: { replaces: string; parentId: string | null },
      images: ImagePart[] = [],
      clientId: string = newClientId(),
    ) => {
      if ((!content.trim() && !images.length) || controller.current || isBusy(stateRef.current)) return;
      shown.current++;
      dispatch({
        type: 'submit',
        conversationId,
        content,
        ...(images.length ? { images } : {}),
        model,
        userId: tmpId('user'),
        assistantId: tmpId('assistant'),
        now: new Date().toISOString(),
        replaces: branch?.replaces,
        parentId: branch?.parentId,
      });
      const body: { content: string; model?: string; parent_id?: string | null; images?: string[]; client_id?: string } = { content };
      if (model) body.model = model;
      if (branch) body.parent_id = branch.parentId;
      else body.client_id = clientId;
      if (images.length) body.images = images.map((p) => p.image_id);
      // Only text waits in the outbox (pictures were uploaded to a server that was there).
      const unsent = branch || images.length ? undefined : () => opts.current.onUnsent?.(conversationId, content, clientId) ?? false;
      startStream(conversationId, (signal) => apiRef.current.sendMessage(conversationId, body, signal), unsent);
    },
    [startStream],
  );

  /** Edit & resend: `content` as a new version of user message `messageId` (its pictures kept). */
  const edit = useCallback(
    (messageId: string, content: string, model?: string) => {
      const s = stateRef.current;
      const m = s.messages.find((x) => x.id === messageId);
      if (!m || !s.conversationId || isTmp(m.id)) return;
      send(s.conversationId, content, model, { replaces: m.id, parentId: m.parent_id }, imagePartsOf(m));
    },
    [send],
  );

  /**
   * A new reply beside reply `messageId` (or to user message `messageId`), optionally with
   * another model (of connection `connectionId`: null for the server connection).
   */
  const regenerate = useCallback(
    (messageId: string, model?: string, connectionId?: string | null) => {
      const s = stateRef.current;
      const id = s.conversationId;
      if (!id || controller.current || isBusy(s) || isTmp(messageId)) return;
      shown.current++;
      dispatch({ type: 'regenerate', conversationId: id, of: messageId, assistantId: tmpId('assistant'), model, now: new Date().toISOString() });
      const body: { model?: string; connection_id?: string | null } = model ? { model } : {};
      if (model && connectionId !== undefined) body.connection_id = connectionId;
      startStream(id, (signal) => apiRef.current.regenerate(id, messageId, body, signal));
    },
    [startStream],
  );

  /** Stop: the server stops asking the model, keeps the text, and ends the stream with `done` (stopped). */
  const stop = useCallback(() => {
    const s = stateRef.current;
    const ac = controller.current;
    if (!ac || !isBusy(s) || s.stopping || !s.conversationId) return;
    flush();
    dispatch({ type: 'stopping' });
    const id = liveId.current;
    if (!id) {
      stopWanted.current = true; // stopped as soon as `start` names the reply
      return;
    }
    void requestStop(s.conversationId, id, ac);
  }, [flush, requestStop]);

  const retry = useCallback(() => {
    const s = stateRef.current;
    const e = s.error;
    if (!e || !s.conversationId) return;
    // The server has the failed reply: a new version of it, no second user message.
    if (e.stored && e.messageId) regenerate(e.messageId, e.model);
    else send(s.conversationId, e.content, e.model, undefined, e.images);
  }, [regenerate, send]);

  const dismissError = useCallback(() => dispatch({ type: 'dismiss' }), []);

  /** Shows another version (a sibling) and the branch below it. */
  const switchBranch = useCallback(
    async (messageId: string) => {
      const s = stateRef.current;
      const id = s.conversationId;
      if (!id || isBusy(s) || controller.current) return;
      shown.current++;
      const detail = await apiRef.current.activateMessage(id, messageId);
      if (stateRef.current.conversationId !== id) return;
      dispatch({ type: 'replace', messages: detail.messages, hasMore: !!detail.has_more });
      setUsage(detail.usage ?? null);
      setOlderError(null);
      opts.current.onSettled?.(id);
      const live = streamingReply(detail.messages);
      if (live) attach(id, live);
    },
    [attach],
  );

  /** Deletes a message and everything below it, then shows what the server shows; false when nothing was done (busy). */
  const deleteMessage = useCallback(async (messageId: string): Promise<boolean> => {
    const s = stateRef.current;
    const id = s.conversationId;
    if (!id || isBusy(s) || controller.current) return false;
    shown.current++;
    await apiRef.current.deleteMessage(id, messageId);
    const detail = await apiRef.current.getConversation(id);
    if (stateRef.current.conversationId !== id) return true;
    dispatch({ type: 'replace', messages: detail.messages, hasMore: !!detail.has_more });
    setUsage(detail.usage ?? null);
    setOlderError(null);
    opts.current.onSettled?.(id);
    return true;
  }, []);

  /** Loads the page above the oldest message shown. */
  const loadOlder = useCallback(async () => {
    const s = stateRef.current;
    const id = s.conversationId;
    const first = s.messages[0];
    if (!id || !s.hasMore || !first || isTmp(first.id) || olderController.current) return;
    const ac = new AbortController();
    olderController.current = ac;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await apiRef.current.listMessages(id, { before: first.id, limit: PAGE }, ac.signal);
      if (ac.signal.aborted || stateRef.current.conversationId !== id) return;
      dispatch({ type: 'prepend', messages: page.messages, hasMore: !!page.has_more });
    } catch (err) {
      if (!ac.signal.aborted) setOlderError(describe(err));
    } finally {
      if (olderController.current === ac) {
        olderController.current = null;
        setLoadingOlder(false);
      }
    }
  }, []);

  useEffect(
    () => () => {
      controller.current?.abort();
      loadController.current?.abort();
      olderController.current?.abort();
    },
    [],
  );

  return {
    conversationId: state.conversationId,
    messages: state.messages,
    hasMore: state.hasMore,
    status: state.status,
    error: state.error,
    stopped: state.stopped,
    stopping: state.stopping,
    following: state.following,
    reconnecting: state.reconnecting,
    loading,
    loadError,
    loadingOlder,
    olderError,
    usage,
    load,
    /** Fetches the newest page (and the usage) again when nothing streams: after a reply ended. */
    sync,
    send,
    edit,
    regenerate,
    stop,
    retry,
    dismissError,
    switchBranch,
    deleteMessage,
    loadOlder,
    resume,
  };
}

export type Chat = ReturnType<typeof useChat>;
