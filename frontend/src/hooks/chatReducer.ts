// The chat/stream state machine, as a pure reducer (unit-tested on its own).
//
//   idle ──submit──▶ submitted ──start/delta──▶ streaming ──done──▶ idle
//                        │                          │ └──stop──▶ idle (text kept)
//                        └──fail──▶ error ◀──fail───┘
//   error ──submit (retry)──▶ submitted
import type { Message, StreamEvent, Usage } from '../api/types';

export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'error';

export interface ChatError {
  message: string;
  /** The user's text, so Retry can send it again. */
  content: string;
  model?: string;
  /** True when the server has stored the user message (the stream had started). */
  stored: boolean;
  /** The failure is about the API key: lead the user to Settings. */
  needsKey: boolean;
}

export interface ChatState {
  conversationId: string | null;
  messages: Message[];
  status: ChatStatus;
  error: ChatError | null;
  /** Ids of the exchange in flight (temporary until `start`). */
  userId: string | null;
  assistantId: string | null;
  /** Set when the user pressed Stop on the last reply. */
  stopped: boolean;
}

export type ChatAction =
  | { type: 'reset'; conversationId: string | null; messages?: Message[] }
  | {
      type: 'submit';
      conversationId: string;
      content: string;
      model?: string;
      userId: string;
      assistantId: string;
      now: string;
    }
  | { type: 'event'; event: StreamEvent }
  | { type: 'delta'; content: string }
  | { type: 'fail'; message: string }
  | { type: 'stop' }
  | { type: 'dismiss' };

export const initialChatState: ChatState = {
  conversationId: null,
  messages: [],
  status: 'idle',
  error: null,
  userId: null,
  assistantId: null,
  stopped: false,
};

export function needsApiKey(message: string): boolean {
  return /api key/i.test(message) && /(settings|not configured|no api key|missing)/i.test(message);
}

function patchMessage(messages: Message[], id: string | null, patch: (m: Message) => Message): Message[] {
  if (!id) return messages;
  const i = messages.findIndex((m) => m.id === id);
  if (i === -1) return messages;
  const next = messages.slice();
  next[i] = patch(messages[i]);
  return next;
}

function lastUserContent(state: ChatState): { content: string; model?: string } {
  const m = state.messages.find((x) => x.id === state.userId);
  return { content: m?.content ?? '', model: m?.model ?? undefined };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'reset':
      return { ...initialChatState, conversationId: action.conversationId, messages: action.messages ?? [] };

    case 'submit': {
      if (state.status === 'submitted' || state.status === 'streaming') return state;
      // A retry of a send that never reached the server replaces its unsent message.
      const base =
        state.error && !state.error.stored && state.userId
          ? state.messages.filter((m) => m.id !== state.userId)
          : state.messages;
      const common = {
        conversation_id: action.conversationId,
        metadata: {},
        created_at: action.now,
        updated_at: action.now,
      };
      const user: Message = {
        ...common,
        id: action.userId,
        role: 'user',
        content: action.content,
        model: action.model ?? null,
        status: 'completed',
      };
      const assistant: Message = {
        ...common,
        id: action.assistantId,
        role: 'assistant',
        content: '',
        model: action.model ?? null,
        status: 'streaming',
      };
      return {
        conversationId: action.conversationId,
        messages: [...base, user, assistant],
        status: 'submitted',
        error: null,
        userId: action.userId,
        assistantId: action.assistantId,
        stopped: false,
      };
    }

    case 'delta': {
      if (state.status !== 'submitted' && state.status !== 'streaming') return state;
      if (!action.content) return state;
      return {
        ...state,
        status: 'streaming',
        messages: patchMessage(state.messages, state.assistantId, (m) => ({ ...m, content: m.content + action.content })),
      };
    }

    case 'event': {
      const e = action.event;
      if (e.type === 'title') return state; // handled by the conversation list
      if (state.status !== 'submitted' && state.status !== 'streaming') return state;
      switch (e.type) {
        case 'start': {
          let messages = patchMessage(state.messages, state.userId, (m) => ({ ...m, id: e.user_message_id }));
          messages = patchMessage(messages, state.assistantId, (m) => ({ ...m, id: e.message_id }));
          return { ...state, messages, status: 'streaming', userId: e.user_message_id, assistantId: e.message_id };
        }
        case 'delta':
          return chatReducer(state, { type: 'delta', content: e.content });
        case 'done': {
          const usage: Usage = e.usage ?? {};
          return {
            ...state,
            status: 'idle',
            messages: patchMessage(state.messages, state.assistantId, (m) => ({
              ...m,
              model: e.model || m.model,
              status: 'completed',
              metadata: { ...m.metadata, ...usage, model: e.model || m.model || undefined },
            })),
          };
        }
        case 'error': {
          const { content, model } = lastUserContent(state);
          return {
            ...state,
            status: 'error',
            error: { message: e.message, content, model, stored: true, needsKey: needsApiKey(e.message) },
            messages: patchMessage(state.messages, state.assistantId, (m) => ({
              ...m,
              status: 'error',
              metadata: { ...m.metadata, error: e.message },
            })),
          };
        }
      }
      return state;
    }

    case 'fail': {
      if (state.status !== 'submitted' && state.status !== 'streaming') return state;
      const { content, model } = lastUserContent(state);
      const started = state.status === 'streaming' || !state.assistantId?.startsWith('tmp-');
      const assistant = state.messages.find((m) => m.id === state.assistantId);
      const keep = started && !!assistant && assistant.content.length > 0;
      const messages = keep
        ? patchMessage(state.messages, state.assistantId, (m) => ({
            ...m,
            status: 'error',
            metadata: { ...m.metadata, error: action.message },
          }))
        : state.messages.filter((m) => m.id !== state.assistantId);
      return {
        ...state,
        status: 'error',
        messages,
        error: { message: action.message, content, model, stored: started, needsKey: needsApiKey(action.message) },
      };
    }

    case 'stop': {
      if (state.status !== 'submitted' && state.status !== 'streaming') return state;
      return {
        ...state,
        status: 'idle',
        stopped: true,
        messages: patchMessage(state.messages, state.assistantId, (m) => ({ ...m, status: 'interrupted' })),
      };
    }

    case 'dismiss':
      return state.status === 'error' ? { ...state, status: 'idle', error: null } : state;
  }
}
