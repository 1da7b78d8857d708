// The one typed client for the Nexus HTTP API (docs/api.md).
import type {
  Conversation,
  ConversationDetail,
  ModelList,
  Prompt,
  Settings,
  SettingsPatch,
  StreamEvent,
} from './types';
import { parseSSE } from '../lib/sse';

/** An HTTP error answered by the API: `{"error": "..."}` with a status. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, message);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, signal, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  health: () => request<{ status: string; version: string; api_key_configured: boolean }>('GET', '/api/health'),

  listConversations: async () =>
    (await request<{ conversations: Conversation[] }>('GET', '/api/conversations')).conversations,
  createConversation: (body: { model?: string; system_prompt_id?: string | null } = {}) =>
    request<Conversation>('POST', '/api/conversations', body),
  getConversation: (id: string, signal?: AbortSignal) =>
    request<ConversationDetail>('GET', `/api/conversations/${enc(id)}`, undefined, signal),
  updateConversation: (id: string, patch: { title?: string; model?: string; system_prompt_id?: string | null }) =>
    request<Conversation>('PATCH', `/api/conversations/${enc(id)}`, patch),
  deleteConversation: (id: string) => request<void>('DELETE', `/api/conversations/${enc(id)}`),

  getSettings: () => request<Settings>('GET', '/api/settings'),
  updateSettings: (patch: SettingsPatch) => request<Settings>('PATCH', '/api/settings', patch),
  listModels: (refresh = false) => request<ModelList>('GET', `/api/settings/models${refresh ? '?refresh=1' : ''}`),

  listPrompts: async () => (await request<{ prompts: Prompt[] }>('GET', '/api/settings/prompts')).prompts,
  createPrompt: (body: { name: string; content: string; is_default?: boolean }) =>
    request<Prompt>('POST', '/api/settings/prompts', body),
  updatePrompt: (id: string, patch: { name?: string; content?: string; is_default?: true }) =>
    request<Prompt>('PATCH', `/api/settings/prompts/${enc(id)}`, patch),
  deletePrompt: (id: string) => request<void>('DELETE', `/api/settings/prompts/${enc(id)}`),

  /**
   * Sends a message and yields the reply's events as they arrive
   * (`fetch` + `ReadableStream`; POST, so no EventSource). Throws `ApiError`
   * for validation failures answered before the stream starts, and an
   * `AbortError` when `signal` aborts.
   */
  async *sendMessage(
    conversationId: string,
    body: { content: string; model?: string },
    signal?: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const res = await fetch(`/api/conversations/${enc(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw await errorFrom(res);
    if (!res.body) throw new Error('The server sent no reply body.');
    for await (const data of parseSSE(res.body)) {
      let event: StreamEvent;
      try {
        event = JSON.parse(data) as StreamEvent;
      } catch {
        continue; // not ours; ignore
      }
      yield event;
    }
  },
};

export type Api = typeof api;
