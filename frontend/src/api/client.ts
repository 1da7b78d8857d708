// The one typed client for the Nexus HTTP API (docs/api.md).
import type {
  AdminUser,
  AdminUserPatch,
  ApiToken,
  AuthStatus,
  Connection,
  ConnectionCreate,
  ConnectionList,
  ConnectionPatch,
  ConnectionTest,
  ContextVersion,
  Conversation,
  ConversationDetail,
  ConversationParams,
  HouseholdContext,
  Invite,
  Limits,
  Message,
  MessagePage,
  ModelList,
  MyLimits,
  NewApiToken,
  NewInvite,
  Profile,
  Prompt,
  RegistrationMode,
  Role,
  Session,
  Settings,
  SettingsPatch,
  StreamEvent,
  UsageReport,
  User,
  UserLimits,
} from './types';
import type { ImportReport, RestoreReport, Share, SharedConversation, Template, TemplateScope, UploadedImage } from './types';
import { parseSSEEvents } from '../lib/sse';

/**
 * An HTTP error answered by the API: `{"error": "<sentence>", "code": "<machine code>"}`
 * with a status. `code` (`not_found`, `conflict`, `payload_too_large`, …) is absent when
 * the server did not send one (older servers, a proxy's error page).
 */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly code?: string,
    /** Seconds to wait before trying again (`Retry-After`, e.g. with 429 `too_many_attempts`). */
    public readonly retryAfter?: number,
    /** Other string fields of the answer (`host_not_allowed`: `variable`, `host`). */
    public readonly details?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `Retry-After` in whole seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

export async function errorFrom(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  let code: string | undefined;
  let details: Record<string, string> | undefined;
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string' && body.error) message = body.error;
    if (body && typeof body.code === 'string' && body.code) code = body.code;
    if (body && typeof body === 'object')
      for (const [k, v] of Object.entries(body))
        if (k !== 'error' && k !== 'code' && typeof v === 'string') (details ??= {})[k] = v;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, message, code, parseRetryAfter(res.headers?.get('Retry-After')), details);
}

/**
 * Sent with every request: a header a cross-site form cannot send, which the server takes
 * as proof (with Origin / Sec-Fetch-Site) that a cookie-authenticated change comes from here.
 */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { 'X-Requested-With': 'nexus' };

// The session ended (expired, revoked, signed out elsewhere): whoever listens (the auth
// hook) switches to the sign-in screen. Not for the routes that sign in.
type SessionListener = (err: ApiError) => void;
const sessionListeners = new Set<SessionListener>();
const SIGN_IN_ROUTES = new Set(['/api/auth/status', '/api/auth/login', '/api/auth/setup', '/api/auth/logout', '/api/auth/register']);

/** Calls `listener` whenever an API call answers 401 `unauthenticated`; returns the unsubscribe. */
export function onUnauthenticated(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => void sessionListeners.delete(listener);
}

/** Whether this error means "no (valid) session". */
export const isUnauthenticated = (err: unknown) => err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated';

async function failure(res: Response, path: string): Promise<ApiError> {
  const err = await errorFrom(res);
  if (isUnauthenticated(err) && !SIGN_IN_ROUTES.has(path.split('?')[0])) for (const l of [...sessionListeners]) l(err);
  return err;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, signal, headers: { ...CLIENT_HEADERS, Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (!res.ok) throw await failure(res, path);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export interface ConversationPatch {
  title?: string;
  model?: string;
  system_prompt_id?: string | null;
  archived?: boolean;
  /** null or `default`: the server connection. */
  connection_id?: string | null;
  /** Replaces the whole object; `{}` clears (the provider's defaults). */
  params?: ConversationParams;
}

export interface ConversationCreate {
  model?: string;
  system_prompt_id?: string | null;
  connection_id?: string | null;
  params?: ConversationParams;
}

/** `?month=YYYY-MM` when a month is asked for (else the current UTC month). */
const monthQuery = (month?: string) => (month ? `?month=${enc(month)}` : '');
const connection = (id: string) => `/api/settings/connections/${enc(id)}`;
const adminUser = (id: string) => `/api/admin/users/${enc(id)}`;
const conv = (id: string) => `/api/conversations/${enc(id)}`;
const msg = (id: string, mid: string) => `${conv(id)}/messages/${enc(mid)}`;

/** Opens an SSE response and yields its events (JSON `data`, delta offsets from `id:`). */
async function* streamEvents(path: string, init: RequestInit): AsyncGenerator<StreamEvent> {
  const res = await fetch(path, { ...init, headers: { ...CLIENT_HEADERS, ...init.headers, Accept: 'text/event-stream' } });
  if (!res.ok) throw await failure(res, path);
  if (!res.body) throw new Error(t('chat.noBody'));
  for await (const { data, id } of parseSSEEvents(res.body)) {
    let event: StreamEvent;
    try {
      event = JSON.parse(data) as StreamEvent;
    } catch {
      continue; // not ours; ignore
    }
    if (event && event.type === 'delta' && id !== undefined && /^\d+$/.test(id)) event.offset = Number(id);
    yield event;
  }
}

const postStream = (path: string, body: unknown, signal?: AbortSignal) =>
  streamEvents(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });

export const api = {
  health: () => request<{ status: string; version: string; api_key_configured: boolean }>('GET', '/api/health'),

  // Accounts. Status, setup and login are public; setup and login set the session cookie.
  authStatus: () => request<AuthStatus>('GET', '/api/auth/status'),
  /** Creates the first account (the admin); only while `setup_required`. */
  setup: async (body: { username: string; password: string }) =>
    (await request<{ user: User }>('POST', '/api/auth/setup', body)).user,
  login: async (body: { username: string; password: string }) =>
    (await request<{ user: User }>('POST', '/api/auth/login', body)).user,
  /**
   * Creates a member account and signs it in (public). `invite`: the token of a `/join/…`
   * link. 403 `registration_closed` / `invalid_invite`, 409 `username_taken`, 400 rules.
   */
  register: async (body: { username: string; password: string; invite?: string }) =>
    (await request<{ user: User }>('POST', '/api/auth/register', body)).user,
  logout: () => request<void>('POST', '/api/auth/logout', {}),
  /** The signed-in user's active sessions, newest first. */
  listSessions: async () => (await request<{ sessions: Session[] }>('GET', '/api/auth/sessions')).sessions,
  revokeSession: (id: string) => request<void>('DELETE', `/api/auth/sessions/${enc(id)}`),
  /** Signs out every other session of the user; answers how many. */
  revokeOtherSessions: async () => (await request<{ revoked: number }>('POST', '/api/auth/sessions/revoke-others', {})).revoked,
  me: async () => (await request<{ user: User }>('GET', '/api/users/me')).user,
  /** 403 `wrong_password` when `current_password` is wrong; signs out the user's other sessions. */
  changePassword: (body: { current_password: string; new_password: string }) =>
    request<void>('POST', '/api/users/me/password', body),
  /** The signed-in user's effective limits (null = no limit) and usage. */
  myLimits: () => request<MyLimits>('GET', '/api/users/me/limits'),
  /** What the signed-in user used in a month (default: the current UTC month); 400 `invalid_month`. */
  myUsage: (month?: string) => request<UsageReport>('GET', `/api/users/me/usage${monthQuery(month)}`),
  getProfile: () => request<Profile>('GET', '/api/users/me/profile'),
  updateProfile: (patch: Partial<Profile>) => request<Profile>('PATCH', '/api/users/me/profile', patch),
  /** Personal API tokens (`Authorization: Bearer nx_…`). */
  listTokens: async () => (await request<{ tokens: ApiToken[] }>('GET', '/api/users/me/tokens')).tokens,
  /** The answer carries the secret `token`, shown this once. */
  createToken: (name: string) => request<NewApiToken>('POST', '/api/users/me/tokens', { name }),
  deleteToken: (id: string) => request<void>('DELETE', `/api/users/me/tokens/${enc(id)}`),

  // Admin only (403 `admin_only` otherwise).
  listUsers: async () => (await request<{ users: AdminUser[] }>('GET', '/api/admin/users')).users,
  createUser: async (body: { username: string; password: string; role?: Role }) =>
    (await request<{ user: User }>('POST', '/api/admin/users', body)).user,
  updateUser: async (id: string, patch: AdminUserPatch) => (await request<{ user: AdminUser }>('PATCH', adminUser(id), patch)).user,
  /** Deletes the user and all their conversations. */
  deleteUser: (id: string) => request<void>('DELETE', adminUser(id)),
  /** A user's own limits (null = the default) and the defaults (null = no limit). */
  getUserLimits: (id: string) => request<UserLimits>('GET', `${adminUser(id)}/limits`),
  setUserLimits: (id: string, limits: Limits) => request<UserLimits>('PUT', `${adminUser(id)}/limits`, limits),
  /** What a user used in a month (default: the current UTC month). */
  getUserUsage: (id: string, month?: string) => request<UsageReport>('GET', `${adminUser(id)}/usage${monthQuery(month)}`),
  /** The household context: the current text and every saved version, newest first. */
  getHouseholdContext: () => request<HouseholdContext>('GET', '/api/admin/context'),
  /** Saves a new version (`''`: no household context). */
  saveHouseholdContext: async (content: string) =>
    (await request<{ version: ContextVersion }>('POST', '/api/admin/context', { content })).version,
  /** Saves a new version with an old version's content. */
  restoreHouseholdContext: async (id: string) =>
    (await request<{ version: ContextVersion }>('POST', `/api/admin/context/${enc(id)}/restore`, {})).version,
  getRegistration: async () => (await request<{ mode: RegistrationMode }>('GET', '/api/admin/registration')).mode,
  setRegistration: async (mode: RegistrationMode) =>
    (await request<{ mode: RegistrationMode }>('PUT', '/api/admin/registration', { mode })).mode,
  listInvites: async () => (await request<{ invites: Invite[] }>('GET', '/api/admin/invites')).invites,
  /** A new invite; its token (and `path`, `/join/<token>`) is shown this once. */
  createInvite: (body: { expires_in_hours?: number } = {}) => request<NewInvite>('POST', '/api/admin/invites', body),
  deleteInvite: (id: string) => request<void>('DELETE', `/api/admin/invites/${enc(id)}`),

  /** The conversations that are not archived, or (`archived`) only the archived ones. */
  listConversations: async (archived = false) =>
    (await request<{ conversations: Conversation[] }>('GET', `/api/conversations${archived ? '?archived=true' : ''}`)).conversations,
  createConversation: (body: ConversationCreate = {}) =>
    request<Conversation>('POST', '/api/conversations', body),
  getConversation: (id: string, signal?: AbortSignal, limit?: number) =>
    request<ConversationDetail>('GET', `${conv(id)}${limit ? `?limit=${limit}` : ''}`, undefined, signal),
  /** A page of the branch shown: the `limit` messages above `before` (or the newest). */
  listMessages: (id: string, page: { before?: string; limit?: number } = {}, signal?: AbortSignal) => {
    const q = new URLSearchParams();
    if (page.limit) q.set('limit', String(page.limit));
    if (page.before) q.set('before', page.before);
    const qs = q.toString();
    return request<MessagePage>('GET', `${conv(id)}/messages${qs ? `?${qs}` : ''}`, undefined, signal);
  },
  getMessage: (id: string, messageId: string, signal?: AbortSignal) =>
    request<Message>('GET', msg(id, messageId), undefined, signal),
  /** Asks the server to stop generating a reply (202; 409 when it is not streaming). */
  stopMessage: (id: string, messageId: string) =>
    request<{ message_id: string; stop_requested: boolean }>('POST', `${msg(id, messageId)}/stop`, {}),
  /** Shows the branch through a message; answers like `getConversation`. */
  activateMessage: (id: string, messageId: string) =>
    request<ConversationDetail>('POST', `${msg(id, messageId)}/activate`, {}),
  /** Deletes a message and everything below it. */
  deleteMessage: (id: string, messageId: string) => request<void>('DELETE', msg(id, messageId)),
  /** `archived`: archive (kept, not counted against the chat limit) or bring back. */
  updateConversation: (id: string, patch: ConversationPatch) =>
    request<Conversation>('PATCH', `/api/conversations/${enc(id)}`, patch),
  deleteConversation: (id: string) => request<void>('DELETE', `/api/conversations/${enc(id)}`),

  getSettings: () => request<Settings>('GET', '/api/settings'),
  updateSettings: (patch: SettingsPatch) => request<Settings>('PATCH', '/api/settings', patch),
  listModels: (refresh = false) => request<ModelList>('GET', `/api/settings/models${refresh ? '?refresh=1' : ''}`),

  // Connections (providers). The server connection (`default`) is changed with `updateSettings`.
  /** The connections the caller may see (the server connection first), the kinds and the allowed hosts. */
  listConnections: () => request<ConnectionList>('GET', '/api/settings/connections'),
  /** 400 `invalid_kind` / `invalid_base_url` / `api_key_required` / `host_not_allowed`, 403, 409 `encryption_key_missing`. */
  createConnection: (body: ConnectionCreate) => request<Connection>('POST', '/api/settings/connections', body),
  updateConnection: (id: string, patch: ConnectionPatch) => request<Connection>('PATCH', connection(id), patch),
  /** Conversations that used it go back to the server connection. */
  deleteConnection: (id: string) => request<void>('DELETE', connection(id)),
  /** Tests a saved connection (`default` too): always 200, `ok` or the error sentence. */
  testConnection: (id: string) => request<ConnectionTest>('POST', `${connection(id)}/test`, {}),
  /** Tests a draft (nothing is stored); 400 `host_not_allowed` like create. */
  testDraftConnection: (body: ConnectionCreate) => request<ConnectionTest>('POST', '/api/settings/connections/test', body),

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
   * `AbortError` when `signal` aborts. `parent_id` (edit & resend) continues
   * from that message; `null` starts a new branch at the root. `images`: ids of pictures
   * uploaded with `imagesApi.upload` (0–4; `content` may then be empty). `client_id`: a
   * UUID made when the message was typed; the same one sent again answers 409 `duplicate`
   * with the stored `message_id` (the offline outbox's exactly-once).
   */
  sendMessage(
    conversationId: string,
    body: {
      content: string;
      model?: string;
      connection_id?: string | null;
      parent_id?: string | null;
      images?: string[];
      client_id?: string;
    },
    signal?: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    return postStream(`${conv(conversationId)}/messages`, body, signal);
  },

  /** A new reply to the same user message (a sibling of `messageId` for a reply). Streams like send. */
  regenerate(
    conversationId: string,
    messageId: string,
    body: { model?: string; connection_id?: string | null } = {},
    signal?: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    return postStream(`${msg(conversationId, messageId)}/regenerate`, body, signal);
  },

  /**
   * Follows a reply from `offset` code points: `attached`, the stored text after
   * the offset, then the live text, then `done`/`error`.
   */
  followMessage(conversationId: string, messageId: string, offset: number, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    return streamEvents(`${msg(conversationId, messageId)}/stream?offset=${offset}`, { method: 'GET', signal });
  },
};

export type Api = typeof api;

// ---------------------------------------------------------------------------
// Find and keep, part A (component `library`): paged list, folders, tags, pins, search.
// ---------------------------------------------------------------------------
import type {
  BulkRequest,
  ConversationPage,
  ConversationQuery,
  Folder,
  SearchQuery,
  SearchResults,
  TagCount,
} from './types';
import { t } from '../i18n';

/** PATCH fields for folders, pins and tags. */
export interface ConversationPatch {
  /** null: no folder. */
  folder_id?: string | null;
  pinned?: boolean;
  /** Replaces the whole set. */
  tags?: string[];
}

function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const libraryApi = {
  /** One page of conversations (an older server answers them all at once, without a cursor). */
  listConversationPage: async (query: ConversationQuery = {}, signal?: AbortSignal): Promise<ConversationPage> => {
    const page = await request<ConversationPage>(
      'GET',
      `/api/conversations${queryString({
        limit: query.limit,
        cursor: query.cursor,
        folder: query.folder,
        tag: query.tag,
        archived: query.archived ? 'true' : undefined,
      })}`,
      undefined,
      signal,
    );
    return { conversations: page.conversations ?? [], next_cursor: page.next_cursor ?? null, pinned: page.pinned ?? [] };
  },
  /** One action on many conversations in one commit; answers how many changed. */
  bulkConversations: async (body: BulkRequest) => (await request<{ changed: number }>('POST', '/api/conversations/bulk', body)).changed,

  listFolders: async (signal?: AbortSignal) => (await request<{ folders: Folder[] }>('GET', '/api/folders', undefined, signal)).folders,
  /** 409 `folder_exists` for a name already used. */
  createFolder: (name: string) => request<Folder>('POST', '/api/folders', { name }),
  renameFolder: (id: string, name: string) => request<Folder>('PATCH', `/api/folders/${enc(id)}`, { name }),
  /** Its conversations stay, in no folder. */
  deleteFolder: (id: string) => request<void>('DELETE', `/api/folders/${enc(id)}`),
  listTags: async (signal?: AbortSignal) => (await request<{ tags: TagCount[] }>('GET', '/api/tags', undefined, signal)).tags,

  /** Full-text search over message texts and titles. */
  search: (query: SearchQuery, signal?: AbortSignal) =>
    request<SearchResults>(
      'GET',
      `/api/search${queryString({
        q: query.q,
        sort: query.sort,
        from: query.from,
        to: query.to,
        model: query.model,
        folder: query.folder,
        tag: query.tag,
        archived: query.archived,
        limit: query.limit,
        offset: query.offset,
      })}`,
      undefined,
      signal,
    ),
};

export type LibraryApi = typeof libraryApi;

// ---- Find and keep, part B: prompt templates, share links, export/import, backup/restore ----

/** A file the server sent as a download: its bytes and the name it suggested (if any). */
export interface Download {
  blob: Blob;
  /** From `Content-Disposition` (null when absent or unreadable). */
  filename: string | null;
}

/** The file name a `Content-Disposition` header suggests (`filename*` first), or null. */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      const name = decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
      if (name) return name;
    } catch {
      /* fall back to filename= */
    }
  }
  const plain = /filename\s*=\s*("((?:\\.|[^"\\])*)"|[^;]+)/i.exec(header);
  if (!plain) return null;
  const name = (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]).trim();
  return name || null;
}

async function download(path: string): Promise<Download> {
  const res = await fetch(path, { headers: { ...CLIENT_HEADERS } });
  if (!res.ok) throw await failure(res, path);
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('Content-Disposition')) };
}

/** POSTs a file (or text) as it is with `Content-Type: application/json`: the browser streams a File from disk. */
async function postFile<T>(path: string, body: Blob | string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { ...CLIENT_HEADERS, Accept: 'application/json', 'Content-Type': 'application/json' },
    body,
  });
  if (!res.ok) throw await failure(res, path);
  return (await res.json()) as T;
}

export const keepApi = {
  /** Household templates first, then by name. */
  listTemplates: async () => (await request<{ templates: Template[] }>('GET', '/api/templates')).templates,
  /** `scope: 'household'` by a member → 403 `admin_only`. */
  createTemplate: (body: { name: string; content: string; scope?: TemplateScope }) => request<Template>('POST', '/api/templates', body),
  updateTemplate: (id: string, patch: { name?: string; content?: string }) => request<Template>('PATCH', `/api/templates/${enc(id)}`, patch),
  deleteTemplate: (id: string) => request<void>('DELETE', `/api/templates/${enc(id)}`),

  /** A link to a snapshot of the branch shown now; `expires_in_days` 1–365 or null (never). */
  createShare: (body: { conversation_id: string; expires_in_days?: number | null }) => request<Share>('POST', '/api/shares', body),
  /** The caller's links, newest first. */
  listShares: async () => (await request<{ shares: Share[] }>('GET', '/api/shares')).shares,
  deleteShare: (id: string) => request<void>('DELETE', `/api/shares/${enc(id)}`),
  /** The public snapshot (no sign-in); 404 `not_found` for an unknown, revoked or expired token. */
  getShared: (token: string, signal?: AbortSignal) => request<SharedConversation>('GET', `/api/shared/${enc(token)}`, undefined, signal),

  /** One conversation: `markdown` (the branch shown) or `json` (its whole tree). */
  exportConversation: (id: string, format: 'markdown' | 'json') => download(`/api/export/${enc(id)}?format=${format}`),
  /** Every conversation of the caller, their folders and personal templates. */
  exportAll: () => download('/api/export'),
  /** A Nexus, ChatGPT or Open WebUI export, sent as it is; 400 `invalid_import` stores nothing. */
  importFile: (file: Blob | string) => postFile<ImportReport>('/api/import', file),
  /** Admins: the whole instance as one JSON file. */
  backup: () => download('/api/admin/backup'),
  /** No sign-in; only while there are no accounts (409 `not_empty`). */
  restore: (file: Blob | string) => postFile<RestoreReport>('/api/restore', file),
};

export type KeepApi = typeof keepApi;

// ---- Pictures in the chat (features/images) ----

/** Where a stored picture's bytes are (the caller's own). */
export const imageUrl = (id: string) => `/api/images/${enc(id)}`;
/** A picture inside a share link's snapshot (public). */
export const sharedImageUrl = (token: string, id: string) => `/api/shared/${enc(token)}/images/${enc(id)}`;

export const imagesApi = {
  /**
   * Stores a picture (the raw bytes, not JSON); attach it by sending its id with a message.
   * 413 `image_too_large`, 415 `unsupported_image`, 400 `bad_request` (empty).
   */
  upload: async (blob: Blob, signal?: AbortSignal): Promise<UploadedImage> => {
    const path = '/api/images';
    const res = await fetch(path, {
      method: 'POST',
      headers: { ...CLIENT_HEADERS, Accept: 'application/json', 'Content-Type': blob.type || 'application/octet-stream' },
      body: blob,
      signal,
    });
    if (!res.ok) throw await failure(res, path);
    return (await res.json()) as UploadedImage;
  },
  /** Deletes a picture not attached to a message (409 `image_in_use` once it is). */
  remove: (id: string) => request<void>('DELETE', imageUrl(id)),
};

export type ImagesApi = typeof imagesApi;
