// The chat/stream state machine, as a pure reducer (unit-tested on its own).
//
//   idle ──submit/regenerate──▶ submitted ──start/delta──▶ streaming ──done──▶ idle
//     │                            │                        │ └─stopping…done(stopped)──▶ idle
//     └──attach (follow a reply)───┼───────────────────────▶│ └─stop (local)──▶ idle
//                                  └──fail──▶ error ◀──fail──┘
//   error ──submit / regenerate (retry)──▶ submitted
//
// `messages` is the branch shown (oldest first), possibly only its newest pages
// (`hasMore`: older pages exist above).
//
// A live reply's reasoning (`reasoning` events, before its answer) goes into its `parts`,
// never into `content`: offsets count the answer's text only.
import type { ImagePart, Message, StreamEvent, Usage } from '../api/types';
import { imagePartsOf } from '../features/images/parts';
import { appendReasoning, reasoningOf } from '../lib/parts';

export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'error';

export interface ChatError {
  message: string;
  /** The user's text, so Retry can send it again. */
  content: string;
  /** The user's pictures, sent again with it. */
  images?: ImagePart[];
  model?: string;
  /** True when the server has stored the user message (the stream had started). */
  stored: boolean;
  /** The failed reply when the server has it: Retry regenerates it. */
  messageId?: string;
  /** The failure is about the API key: lead the user to Settings. */
  needsKey: boolean;
  /**
   * The server's code when it gave one (`budget_exhausted`, `rate_limited`,
   * `model_not_allowed`, `too_long`, …).
   */
  code?: string;
}

export interface ChatState {
  conversationId: string | null;
  messages: Message[];
  /** Older messages of the branch exist above the first one. */
  hasMore: boolean;
  status: ChatStatus;
  error: ChatError | null;
  /** Ids of the exchange in flight (temporary until `start`). */
  userId: string | null;
  assistantId: string | null;
  /** The reply in flight is followed (re-attached), not sent by this page. */
  following: boolean;
  /** Stop was pressed; the server's `done` (status stopped) is awaited. */
  stopping: boolean;
  /** The stream broke and is being re-attached. */
  reconnecting: boolean;
  /** Set when the last reply ended because the user pressed Stop. */
  stopped: boolean;
}

export type ChatAction =
  | { type: 'reset'; conversationId: string | null; messages?: Message[]; hasMore?: boolean }
  /** Fresh data for the open conversation (newest page), merged with older pages already shown. */
  | { type: 'sync'; messages: Message[]; hasMore: boolean }
  /** The branch shown changed (switch, delete): replace everything. */
  | { type: 'replace'; messages: Message[]; hasMore: boolean }
  | { type: 'prepend'; messages: Message[]; hasMore: boolean }
  | {
      type: 'submit';
      conversationId: string;
      content: string;
      /** Pictures sent with the text (shown before it). */
      images?: ImagePart[];
      model?: string;
      userId: string;
      assistantId: string;
      now: string;
      /** Edit & resend: the message this one is a new version of (it and what follows leave the screen). */
      replaces?: string;
      /** The parent sent to the server; absent = the last message shown. */
      parentId?: string | null;
    }
  | { type: 'regenerate'; conversationId: string; of: string; assistantId: string; model?: string; now: string }
  | { type: 'attach'; messageId: string }
  | { type: 'event'; event: StreamEvent }
  | { type: 'delta'; content: string }
  /** A piece of the live reply's reasoning: kept apart from its text (and its offsets). */
  | { type: 'reasoning'; content: string }
  /** The stream could not go on; `code` is the API's error code when it answered one. */
  | { type: 'fail'; message: string; code?: string }
  /** A send that never reached the server went to the outbox: its optimistic rows leave. */
  | { type: 'unsent' }
  | { type: 'stopping' }
  | { type: 'stop' }
  | { type: 'reconnecting'; on: boolean }
  | { type: 'patch'; id: string; patch: Partial<Message> }
  | { type: 'dismiss' };

export const initialChatState: ChatState = {
  conversationId: null,
  messages: [],
  hasMore: false,
  status: 'idle',
  error: null,
  userId: null,
  assistantId: null,
  following: false,
  stopping: false,
  reconnecting: false,
  stopped: false,
};

/** The server's error `code` says so (no key, or a key the provider rejected); older
 * servers without codes are recognised by their wording. */
export function needsApiKey(message: string, code?: string): boolean {
  if (code) return code === 'no_api_key' || code === 'auth';
  return /api key/i.test(message) && /(settings|not configured|no api key|missing)/i.test(message);
}

export const isBusy = (s: { status: ChatStatus }) => s.status === 'submitted' || s.status === 'streaming';

function patchMessage(messages: Message[], id: string | null, patch: (m: Message) => Message): Message[] {
  if (!id) return messages;
  const i = messages.findIndex((m) => m.id === id);
  if (i === -1) return messages;
  const next = messages.slice();
  next[i] = patch(messages[i]);
  return next;
}

/** Renames a (temporary) id everywhere: the message, parents, sibling lists. */
function renameId(messages: Message[], from: string | null, to: string): Message[] {
  if (!from || from === to) return messages;
  return messages.map((m) => {
    const hit = m.id === from || m.parent_id === from || m.sibling_ids.includes(from);
    if (!hit) return m;
    return {
      ...m,
      id: m.id === from ? to : m.id,
      parent_id: m.parent_id === from ? to : m.parent_id,
      sibling_ids: m.sibling_ids.map((s) => (s === from ? to : s)),
    };
  });
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.id === b.id &&
    a.updated_at === b.updated_at &&
    a.status === b.status &&
    a.content === b.content &&
    reasoningOf(a) === reasoningOf(b) &&
    a.sibling_ids.length === b.sibling_ids.length &&
    a.sibling_ids.every((s, i) => s === b.sibling_ids[i])
  );
}

/** Keeps the objects of unchanged messages (memoized rows do not re-render). */
function reuse(old: Message[], fresh: Message[]): Message[] {
  if (!old.length) return fresh;
  const byId = new Map(old.map((m) => [m.id, m]));
  return fresh.map((m) => {
    const o = byId.get(m.id);
    return o && sameMessage(o, m) ? o : m;
  });
}

function lastUserContent(state: ChatState): { content: string; model?: string; images?: ImagePart[] } {
  const m = state.messages.find((x) => x.id === state.userId);
  const images = imagePartsOf(m);
  return { content: m?.content ?? '', model: m?.model ?? undefined, ...(images.length ? { images } : {}) };
}

const settled = {
  userId: null,
  assistantId: null,
  following: false,
  stopping: false,
  reconnecting: false,
};

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'reset':
      return {
        ...initialChatState,
        conversationId: action.conversationId,
        messages: action.messages ?? [],
        hasMore: action.hasMore ?? false,
      };

    case 'sync': {
      if (isBusy(state)) return state;
      const first = action.messages[0];
      const k = first ? state.messages.findIndex((m) => m.id === first.id) : -1;
      // The new page continues the older pages shown: keep them.
      const older = k > 0 ? state.messages.slice(0, k) : [];
      return {
        ...state,
        messages: [...older, ...reuse(state.messages, action.messages)],
        hasMore: k > 0 ? state.hasMore : action.hasMore,
      };
    }

    case 'replace':
      if (isBusy(state)) return state;
      return {
        ...state,
        ...settled,
        status: 'idle',
        error: null,
        messages: reuse(state.messages, action.messages),
        hasMore: action.hasMore,
      };

    case 'prepend': {
      const have = new Set(state.messages.map((m) => m.id));
      const older = action.messages.filter((m) => !have.has(m.id));
      return { ...state, messages: [...older, ...state.messages], hasMore: action.hasMore };
    }

    case 'submit': {
      if (isBusy(state)) return state;
      // A retry of a send that never reached the server replaces its unsent message.
      let base =
        state.error && !state.error.stored && state.userId
          ? state.messages.filter((m) => m.id !== state.userId)
          : state.messages;
      let siblings = [action.userId];
      if (action.replaces) {
        const i = base.findIndex((m) => m.id === action.replaces);
        if (i !== -1) {
          siblings = [...base[i].sibling_ids, action.userId];
          base = base.slice(0, i);
        }
      }
      const parentId = action.parentId !== undefined ? action.parentId : (base[base.length - 1]?.id ?? null);
      const common = {
        conversation_id: action.conversationId,
        metadata: {},
        created_at: action.now,
        updated_at: action.now,
      };
      const user: Message = {
        ...common,
        id: action.userId,
        parent_id: parentId,
        sibling_ids: siblings,
        role: 'user',
        content: action.content,
        model: action.model ?? null,
        status: 'completed',
        parts: [...(action.images ?? []), { type: 'text', text: action.content }],
      };
      const assistant: Message = {
        ...common,
        id: action.assistantId,
        parent_id: action.userId,
        sibling_ids: [action.assistantId],
        role: 'assistant',
        content: '',
        model: action.model ?? null,
        status: 'streaming',
        parts: [],
      };
      return {
        ...state,
        ...settled,
        conversationId: action.conversationId,
        messages: [...base, user, assistant],
        status: 'submitted',
        error: null,
        userId: action.userId,
        assistantId: action.assistantId,
        stopped: false,
      };
    }

    case 'regenerate': {
      if (isBusy(state)) return state;
      const i = state.messages.findIndex((m) => m.id === action.of);
      if (i === -1) return state;
      const target = state.messages[i];
      // A reply gets a sibling; a user message gets a (new) reply.
      const userId = target.role === 'assistant' ? target.parent_id : target.id;
      const base = state.messages.slice(0, target.role === 'assistant' ? i : i + 1);
      const oldReply = target.role === 'assistant' ? target : state.messages[i + 1];
      const assistant: Message = {
        id: action.assistantId,
        conversation_id: action.conversationId,
        parent_id: userId,
        sibling_ids: [...(oldReply?.sibling_ids ?? []), action.assistantId],
        role: 'assistant',
        content: '',
        model: action.model ?? null,
        status: 'streaming',
        metadata: {},
        created_at: action.now,
        updated_at: action.now,
        parts: [],
      };
      return {
        ...state,
        ...settled,
        messages: [...base, assistant],
        status: 'submitted',
        error: null,
        userId,
        assistantId: action.assistantId,
        stopped: false,
      };
    }

    case 'attach': {
      if (isBusy(state)) return state;
      const m = state.messages.find((x) => x.id === action.messageId);
      if (!m || m.role !== 'assistant') return state;
      return {
        ...state,
        ...settled,
        status: 'streaming',
        following: true,
        error: null,
        stopped: false,
        userId: m.parent_id,
        assistantId: m.id,
        messages: patchMessage(state.messages, m.id, (x) => (x.status === 'streaming' ? x : { ...x, status: 'streaming' })),
      };
    }

    case 'delta': {
      if (!isBusy(state)) return state;
      if (!action.content) return state;
      return {
        ...state,
        status: 'streaming',
        messages: patchMessage(state.messages, state.assistantId, (m) => ({ ...m, content: m.content + action.content })),
      };
    }

    case 'reasoning': {
      if (!isBusy(state)) return state;
      if (!action.content) return state;
      return {
        ...state,
        status: 'streaming',
        messages: patchMessage(state.messages, state.assistantId, (m) => ({ ...m, parts: appendReasoning(m.parts, action.content) })),
      };
    }

    case 'event': {
      const e = action.event;
      if (e.type === 'title') return state; // handled by the conversation list
      if (!isBusy(state)) return state;
      switch (e.type) {
        case 'start': {
          let messages = renameId(state.messages, state.userId, e.user_message_id);
          messages = renameId(messages, state.assistantId, e.message_id);
          return { ...state, messages, status: 'streaming', userId: e.user_message_id, assistantId: e.message_id };
        }
        case 'attached':
          return state.reconnecting ? { ...state, reconnecting: false } : state;
        case 'delta':
          return chatReducer(state, { type: 'delta', content: e.content });
        case 'reasoning':
          return chatReducer(state, { type: 'reasoning', content: e.content });
        case 'done': {
          const usage: Usage = e.usage ?? {};
          const stopped = e.status === 'stopped';
          return {
            ...state,
            ...settled,
            status: 'idle',
            stopped,
            messages: patchMessage(state.messages, state.assistantId, (m) => ({
              ...m,
              model: e.model || m.model,
              status: stopped ? 'stopped' : 'completed',
              metadata: { ...m.metadata, ...usage, model: e.model || m.model || undefined },
            })),
          };
        }
        case 'error': {
          const messageId = state.assistantId && !state.assistantId.startsWith('tmp-') ? state.assistantId : undefined;
          // Refused before the rows were stored (no `start`: e.g. the message it answers
          // was deleted meanwhile): nothing is on the server, as with a failed request.
          if (!messageId) return chatReducer(state, { type: 'fail', message: e.message, ...(e.code ? { code: e.code } : {}) });
          const { content, model, images } = lastUserContent(state);
          return {
            ...state,
            ...settled,
            status: 'error',
            error: { message: e.message, content, ...(images ? { images } : {}), model, stored: true, messageId, needsKey: needsApiKey(e.message, e.code), ...(e.code ? { code: e.code } : {}) },
            // Any code (`too_long`, `timeout`, …) shows its sentence under the reply, text kept.
            messages: patchMessage(state.messages, state.assistantId, (m) => ({
              ...m,
              status: 'error',
              metadata: { ...m.metadata, error: e.message, ...(e.code ? { error_code: e.code } : {}) },
            })),
          };
        }
      }
      return state;
    }

    case 'unsent':
      if (!isBusy(state)) return state;
      return {
        ...state,
        ...settled,
        status: 'idle',
        error: null,
        messages: state.messages.filter((m) => m.id !== state.userId && m.id !== state.assistantId),
      };
    case 'fail': {
      if (!isBusy(state)) return state;
      const { content, model, images } = lastUserContent(state);
      const real = !!state.assistantId && !state.assistantId.startsWith('tmp-');
      const started = state.status === 'streaming' || real;
      const assistant = state.messages.find((m) => m.id === state.assistantId);
      // A reply the server has (or that shows text) stays, marked failed.
      const keep = started && !!assistant && (assistant.content.length > 0 || real);
      const messages = keep
        ? patchMessage(state.messages, state.assistantId, (m) => ({
            ...m,
            status: 'error',
            metadata: { ...m.metadata, error: action.message },
          }))
        : state.messages.filter((m) => m.id !== state.assistantId);
      return {
        ...state,
        ...settled,
        userId: state.userId,
        assistantId: state.assistantId,
        status: 'error',
        messages,
        error: {
          message: action.message,
          content,
          ...(images ? { images } : {}),
          model,
          stored: started,
          messageId: real ? state.assistantId! : undefined,
          needsKey: needsApiKey(action.message, action.code),
          ...(action.code ? { code: action.code } : {}),
        },
      };
    }

    case 'stopping':
      return isBusy(state) && !state.stopping ? { ...state, stopping: true } : state;

    case 'stop': {
      // Ended here without the server's word (it could not be reached, or took too long).
      if (!isBusy(state)) return state;
      return {
        ...state,
        ...settled,
        status: 'idle',
        stopped: true,
        messages: patchMessage(state.messages, state.assistantId, (m) => ({ ...m, status: 'stopped' })),
      };
    }

    case 'reconnecting':
      return isBusy(state) && state.reconnecting !== action.on ? { ...state, reconnecting: action.on } : state;

    case 'patch':
      return { ...state, messages: patchMessage(state.messages, action.id, (m) => ({ ...m, ...action.patch })) };

    case 'dismiss':
      return state.status === 'error' ? { ...state, status: 'idle', error: null } : state;
  }
}

/** The reply to re-attach to: the last message, when it is a reply still being written. */
export function streamingReply(messages: Message[]): Message | null {
  const last = messages[messages.length - 1];
  return last && last.role === 'assistant' && last.status === 'streaming' ? last : null;
}
