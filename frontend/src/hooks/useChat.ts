// Chat/stream concern: the active conversation's messages and the reply stream.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api as defaultApi, ApiError } from '../api/client';
import type { StreamEvent } from '../api/types';
import { chatReducer, initialChatState } from './chatReducer';

export type { ChatStatus, ChatError } from './chatReducer';

type ChatApi = Pick<typeof defaultApi, 'sendMessage' | 'getConversation'>;

export interface UseChatOptions {
  api?: ChatApi;
  /** Every stream event (the app uses `title`, `start` and `done` to refresh the list). */
  onEvent?: (event: StreamEvent, conversationId: string) => void;
  /** Called when a send finishes, however it ends. */
  onSettled?: (conversationId: string) => void;
  /** How deltas are batched before rendering; defaults to one animation frame. */
  schedule?: (flush: () => void) => void;
}

let tmpCounter = 0;
const tmpId = (kind: string) => `tmp-${kind}-${Date.now().toString(36)}-${++tmpCounter}`;

const defaultSchedule = (flush: () => void) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(flush);
  } else {
    setTimeout(flush, 16);
  }
};

function describe(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'The connection to the server was lost. Check your network and try again.';
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}

export function useChat(options: UseChatOptions = {}) {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const opts = useRef(options);
  opts.current = options;
  const api = options.api ?? defaultApi;

  const controller = useRef<AbortController | null>(null);
  const loadController = useRef<AbortController | null>(null);
  // Deltas are coalesced and rendered at most once per frame.
  const pending = useRef('');
  const scheduled = useRef(false);

  const flush = useCallback(() => {
    scheduled.current = false;
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
  }, []);

  const load = useCallback(
    async (conversationId: string | null) => {
      abortStream();
      loadController.current?.abort();
      setLoadError(null);
      dispatch({ type: 'reset', conversationId });
      if (!conversationId) {
        setLoading(false);
        return;
      }
      const ac = new AbortController();
      loadController.current = ac;
      setLoading(true);
      try {
        const detail = await api.getConversation(conversationId, ac.signal);
        if (ac.signal.aborted) return;
        dispatch({ type: 'reset', conversationId, messages: detail.messages });
      } catch (err) {
        if (ac.signal.aborted) return;
        setLoadError(err instanceof ApiError && err.status === 404 ? 'This conversation does not exist any more.' : describe(err));
      } finally {
        if (loadController.current === ac) {
          loadController.current = null;
          setLoading(false);
        }
      }
    },
    [abortStream, api],
  );

  const send = useCallback(
    async (conversationId: string, content: string, model?: string) => {
      if (!content.trim() || controller.current) return;
      loadController.current?.abort();
      setLoading(false);
      setLoadError(null);
      const ac = new AbortController();
      controller.current = ac;
      pending.current = '';
      dispatch({
        type: 'submit',
        conversationId,
        content,
        model,
        userId: tmpId('user'),
        assistantId: tmpId('assistant'),
        now: new Date().toISOString(),
      });
      let finished = false;
      try {
        for await (const event of api.sendMessage(conversationId, model ? { content, model } : { content }, ac.signal)) {
          if (ac.signal.aborted) break;
          if (event.type === 'delta') {
            pending.current += event.content;
            if (!scheduled.current) {
              scheduled.current = true;
              (opts.current.schedule ?? defaultSchedule)(flush);
            }
            continue;
          }
          flush();
          if (event.type === 'done' || event.type === 'error') finished = true;
          dispatch({ type: 'event', event });
          opts.current.onEvent?.(event, conversationId);
        }
        if (!ac.signal.aborted) {
          flush();
          if (!finished) dispatch({ type: 'fail', message: 'The connection closed before the reply finished.' });
        }
      } catch (err) {
        if (!ac.signal.aborted) {
          flush();
          dispatch({ type: 'fail', message: describe(err) });
        }
      } finally {
        if (controller.current === ac) controller.current = null;
        opts.current.onSettled?.(conversationId);
      }
    },
    [api, flush],
  );

  /** Stops reading the reply; what arrived stays on screen. */
  const stop = useCallback(() => {
    if (!controller.current) return;
    flush();
    abortStream();
    dispatch({ type: 'stop' });
  }, [abortStream, flush]);

  const retry = useCallback(() => {
    const e = state.error;
    if (!e || !state.conversationId) return;
    void send(state.conversationId, e.content, e.model);
  }, [send, state.error, state.conversationId]);

  const dismissError = useCallback(() => dispatch({ type: 'dismiss' }), []);

  useEffect(
    () => () => {
      controller.current?.abort();
      loadController.current?.abort();
    },
    [],
  );

  return {
    conversationId: state.conversationId,
    messages: state.messages,
    status: state.status,
    error: state.error,
    stopped: state.stopped,
    loading,
    loadError,
    load,
    send,
    stop,
    retry,
    dismissError,
  };
}

export type Chat = ReturnType<typeof useChat>;
