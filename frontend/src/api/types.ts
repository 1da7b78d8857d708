// Types mirroring docs/api.md.

export interface Conversation {
  id: string;
  title: string;
  model: string;
  system_prompt_id: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
  /** The last message of the branch the conversation shows. */
  active_leaf_id?: string | null;
  preview?: string;
  /** When it was archived; null (or absent on older servers) when it is not. */
  archived_at?: string | null;
  /** The connection it uses; null (or absent on older servers): the server connection. */
  connection_id?: string | null;
  /** Sampling parameters; `{}` (or absent): the provider's defaults. */
  params?: ConversationParams;
}

/** Per-conversation sampling parameters; an absent one is the provider's default. */
export interface ConversationParams {
  /** 0–2 (sent as at most 1 to Anthropic). */
  temperature?: number;
  /** Whole number, 1–1,000,000. */
  max_tokens?: number;
  /** 0–1. */
  top_p?: number;
}

/** What every reply of a conversation used (all branches). */
export interface ConversationUsage {
  prompt_tokens: number;
  completion_tokens: number;
  /** USD; null/absent when no reply's cost is known. */
  cost?: number | null;
  /** Part of the cost was computed from price lists. */
  cost_estimated?: boolean;
  replies: number;
}

export type MessageRole = 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'completed' | 'stopped' | 'error' | 'interrupted';

export interface MessageMetadata {
  model?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  cost?: number;
  /** `cost` was computed from the model's price list, not reported by the provider. */
  cost_estimated?: boolean;
  /** The connection the reply came from (`default`: the server connection). */
  connection_id?: string;
  /** The connection's kind (`openrouter`, `anthropic`, …). */
  provider?: string;
  time_to_first_token_ms?: number;
  duration_ms?: number;
  finish_reason?: string;
  error?: string;
  /** The error event's code (`too_long`, `timeout`, `connection_lost`, …). */
  error_code?: string;
  [key: string]: unknown;
}

/**
 * One typed part of a message: the model's reasoning (shown folded, never sent back to the
 * model) and the text (the same text as `content`). Other kinds may come from newer servers.
 */
export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | ImagePart
  | { type: string; text?: string; [key: string]: unknown };

/** A picture in a user message (before its text); the bytes are at `GET /api/images/{image_id}`. */
export interface ImagePart {
  type: 'image';
  image_id: string;
  content_type: string;
  width: number;
  height: number;
}

/** What `POST /api/images` answers: a stored picture, not yet attached to a message. */
export interface UploadedImage {
  id: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  created_at: string;
}

export interface Message {
  id: string;
  conversation_id: string;
  /** null for the first message of a branch. */
  parent_id: string | null;
  /** Every message with the same parent, oldest first, this one included. */
  sibling_ids: string[];
  role: MessageRole;
  content: string;
  model: string | null;
  status: MessageStatus;
  metadata: MessageMetadata;
  created_at: string;
  updated_at: string;
  /**
   * The message as typed parts: reasoning (when the model streamed any), then the text
   * (equal to `content`; user messages have just that). Absent on older servers. While a
   * reply streams here, its reasoning so far is its `reasoning` part.
   */
  parts?: MessagePart[];
}

export interface ConversationDetail {
  conversation: Conversation;
  /** The newest page of the branch shown, oldest first. */
  messages: Message[];
  /** Older messages exist above the first one (page with `before`). */
  has_more: boolean;
  /** Absent on older servers. */
  usage?: ConversationUsage;
}

export interface MessagePage {
  messages: Message[];
  has_more: boolean;
}

export type Theme = 'dark' | 'light' | 'system';

export interface Settings {
  default_model: string;
  title_model: string;
  theme: Theme;
  openrouter_base_url: string;
  openrouter_base_url_source: 'settings' | 'variable' | 'default';
  api_key: { configured: boolean; source?: 'settings' | 'variable' | null; hint?: string | null; problem?: string | null };
  /** Members may add personal connections (absent on older servers = no). */
  allow_member_connections?: boolean;
}

export interface SettingsPatch {
  default_model?: string;
  title_model?: string;
  theme?: Theme;
  openrouter_base_url?: string;
  openrouter_api_key?: string | null;
  /** Admins: members may add personal connections. */
  allow_member_connections?: boolean;
}

export interface Model {
  id: string;
  name: string;
  provider: string;
  context_length: number | null;
  prompt_price_per_mtok: number | null;
  completion_price_per_mtok: number | null;
  /** The connection that serves it (`default`: the server connection); absent on older servers. */
  connection_id?: string;
  connection_name?: string;
  connection_kind?: string;
  /** The model can see images (absent on older servers: unknown). */
  images?: boolean;
}

/** One connection's part of the model list. */
export interface ModelListConnection {
  id: string;
  name: string;
  kind: string;
  count: number;
  fetched_at: number;
  cached: boolean;
  /** Why the list could not be refreshed or fetched. */
  warning?: string;
}

export interface ModelList {
  models: Model[];
  /** Absent on older servers (one list, the server connection's). */
  connections?: ModelListConnection[];
  fetched_at: number;
  cached: boolean;
  warning?: string;
}

// Connections (providers).

export type ConnectionScope = 'server' | 'household' | 'personal';

/** One provider account. `default` is the server connection. */
export interface Connection {
  id: string;
  kind: string;
  name: string;
  base_url: string;
  scope: ConnectionScope;
  enabled: boolean;
  /** `hint` only for whoever may edit it; `problem` when a stored key cannot be decrypted. */
  key: { configured: boolean; hint?: string | null; problem?: string | null };
  /** The caller may PATCH/DELETE/test it (the server connection: through PATCH /api/settings). */
  editable: boolean;
  created_at: string;
}

export interface ConnectionKind {
  kind: string;
  label: string;
  /** null/empty for `compatible`: the base URL must be given. */
  base_url: string | null;
  protocol: string;
  needs_key: boolean;
}

export interface ConnectionList {
  /** The server connection first, then by name. */
  connections: Connection[];
  allow_member_connections: boolean;
  /** The caller may add connections (an admin, or a member when allowed). */
  can_add: boolean;
  kinds: ConnectionKind[];
  allowed_hosts: string[];
}

/** `POST /api/settings/connections` (and the draft test). */
export interface ConnectionCreate {
  kind: string;
  name?: string;
  base_url?: string;
  api_key?: string;
  scope?: 'household' | 'personal';
  enabled?: boolean;
}

export interface ConnectionPatch {
  name?: string;
  base_url?: string;
  /** null: forget the key. */
  api_key?: string | null;
  enabled?: boolean;
}

export type ConnectionTest = { ok: true; models: number; sample?: string[] } | { ok: false; error: string };

export interface Prompt {
  id: string;
  name: string;
  content: string;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  cost?: number;
  cost_estimated?: boolean;
}

/**
 * One event of a reply stream (send, regenerate, follow). `offset` on a delta is the
 * SSE `id:`: how many code points of the reply the client has after it. `reasoning` is a
 * piece of the model's thinking before the answer: it has no `id:`/offset (offsets count
 * the answer's text only), and a followed (resumed) stream does not repeat it.
 */
export type StreamEvent =
  | { type: 'start'; user_message_id: string; message_id: string; conversation_id: string }
  | { type: 'attached'; message_id: string; conversation_id: string; offset: number }
  | { type: 'delta'; content: string; offset?: number }
  | { type: 'reasoning'; content: string }
  | { type: 'done'; message_id: string; model: string; status?: 'completed' | 'stopped'; usage?: Usage }
  | { type: 'error'; message_id?: string; code?: string; message: string }
  | { type: 'title'; conversation_id: string; title: string };

// Accounts (docs/api.md, "Accounts").

export type Role = 'admin' | 'member';

export interface User {
  id: string;
  username: string;
  role: Role;
  created_at: string;
}

/** Who may create an account: nobody (admins add them), people with an invite, anyone. */
export type RegistrationMode = 'closed' | 'invite' | 'open';

export interface AuthStatus {
  /** No account exists yet (first start): the admin account is to be created. */
  setup_required: boolean;
  user: User | null;
  /** Absent on older servers (= closed). */
  registration?: RegistrationMode;
}

/** One of the signed-in user's active sessions (newest first). */
export interface Session {
  id: string;
  /** This browser's session. */
  current: boolean;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** A user as an admin sees them. */
export interface AdminUser {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  last_active_at: string | null;
  conversations: number;
  messages_this_month: number;
  /** Absent on older servers. */
  tokens_this_month?: number;
}

export interface AdminUserPatch {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

// Limits (docs/api.md, "Limits").

export interface RequestWindow {
  requests: number;
  seconds: number;
}

/**
 * Per-user limits. Set by an admin (`limits`): null = the default applies. As defaults or
 * as the effective limits: null = no limit (`allowed_models` null = every model).
 */
export interface Limits {
  max_chats: number | null;
  requests_per_window: RequestWindow | null;
  monthly_token_budget: number | null;
  allowed_models: string[] | null;
}

/** `GET/PUT /api/admin/users/{id}/limits`. */
export interface UserLimits {
  limits: Limits;
  defaults: Limits;
}

/** `GET /api/users/me/limits`: the effective limits and what is used of them. */
export interface MyLimits {
  limits: Limits;
  usage: LimitUsage;
}

export interface LimitUsage {
  active_chats: number;
  tokens_this_month: number;
  requests_in_window: number;
}

// Usage reports (`GET /api/users/me/usage`, `GET /api/admin/users/{id}/usage`).

export interface UsageDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost: number | null;
  replies: number;
}

export interface UsageModel {
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost: number | null;
  cost_estimated: boolean;
  replies: number;
}

export interface UsageReport {
  /** `YYYY-MM`. */
  month: string;
  /** Days with no replies are absent. */
  days: UsageDay[];
  models: UsageModel[];
  total: { prompt_tokens: number; completion_tokens: number; tokens: number; cost: number | null; replies: number };
  budget: { monthly_token_budget: number | null; used: number };
}

// Profile.

export type Language = '' | 'en' | 'ru';

export interface Profile {
  /** Personal context sent to the model in all of the user's conversations (≤ 5,000 characters). */
  about_me: string;
  /** '' = the browser's language. */
  language: Language;
}

// Household context (admin).

export interface ContextVersion {
  id: string;
  content: string;
  /** Username of whoever saved it; null when that account is gone. */
  created_by: string | null;
  created_at: string;
}

export interface HouseholdContext {
  current: ContextVersion | null;
  /** Newest first. */
  versions: ContextVersion[];
}

// Invites (admin).

export interface Invite {
  id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  created_by: string | null;
}

export interface NewInvite {
  invite: Invite;
  /** Shown once. */
  token: string;
  /** `/join/<token>`. */
  path: string;
}

// Personal API tokens.

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface NewApiToken extends ApiToken {
  /** `nx_…`, shown once. */
  token: string;
}

// ---------------------------------------------------------------------------
// Find and keep, part A (component `library`): paged list, folders, tags, pins, search.
// ---------------------------------------------------------------------------

/** Fields a conversation carries since folders, pins and tags (absent on older servers). */
export interface Conversation {
  /** The folder it is in; null (or absent): none. */
  folder_id?: string | null;
  /** When it was pinned; null (or absent): not pinned. */
  pinned_at?: string | null;
  /** Its tags, sorted. */
  tags?: string[];
}

/** One page of `GET /api/conversations` (newest activity first). */
export interface ConversationPage {
  conversations: Conversation[];
  /** Fetches the next page; null on the last. Absent on older (unpaged) servers. */
  next_cursor?: string | null;
  /** The first page only: every pinned conversation of the list asked for, newest pin first. */
  pinned?: Conversation[];
}

/** What `GET /api/conversations` is asked for. */
export interface ConversationQuery {
  limit?: number;
  cursor?: string | null;
  /** A folder id, or `none`: only conversations in no folder. */
  folder?: string;
  tag?: string;
  archived?: boolean;
}

export interface Folder {
  id: string;
  name: string;
  created_at: string;
  conversation_count: number;
}

export interface TagCount {
  name: string;
  count: number;
}

export type BulkAction = 'move' | 'tag' | 'untag' | 'pin' | 'unpin' | 'archive' | 'unarchive' | 'delete';

export interface BulkRequest {
  ids: string[];
  action: BulkAction;
  folder_id?: string | null;
  tag?: string;
}

/** A piece of a snippet or highlighted title: plain text, `hit` when it matched. */
export interface TextSegment {
  text: string;
  hit: boolean;
}

export interface SearchTitleHit {
  conversation_id: string;
  title: string;
  highlight: TextSegment[];
  updated_at: string;
  archived: boolean;
}

export interface SearchMessageHit {
  message_id: string;
  conversation_id: string;
  conversation_title: string;
  role: MessageRole;
  created_at: string;
  model: string | null;
  archived: boolean;
  snippet: TextSegment[];
}

export interface SearchResults {
  titles: SearchTitleHit[];
  messages: SearchMessageHit[];
  has_more: boolean;
}

export type SearchSort = 'relevance' | 'newest';

export interface SearchQuery {
  q: string;
  sort?: SearchSort;
  /** YYYY-MM-DD (UTC day, inclusive). */
  from?: string;
  to?: string;
  model?: string;
  folder?: string;
  tag?: string;
  /** Archived conversations are left out unless `include` or `only`. */
  archived?: 'include' | 'only';
  limit?: number;
  offset?: number;
}

// ---- Find and keep, part B: prompt templates, share links, export/import, backup/restore ----

export type TemplateScope = 'personal' | 'household';

/** A saved prompt with `{{variables}}`; household ones are managed by admins. */
export interface Template {
  id: string;
  name: string;
  content: string;
  scope: TemplateScope;
  /** The variable names, in order of first use. */
  variables: string[];
  /** Whether the caller may change it (their own; household ones: admins). */
  editable: boolean;
  updated_at: string;
}

/** A read-only link to a snapshot of a conversation's shown branch. */
export interface Share {
  id: string;
  token: string;
  /** `/s/<token>`. */
  url: string;
  conversation_id: string;
  title: string;
  created_at: string;
  expires_at: string | null;
}

export interface SharedMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
  parts?: MessagePart[] | null;
  model?: string | null;
  created_at: string;
}

/** What `GET /api/shared/{token}` answers (no sign-in). */
export interface SharedConversation {
  title: string;
  model: string | null;
  created_at: string;
  expires_at: string | null;
  messages: SharedMessage[];
}

export type ImportFormat = 'nexus' | 'chatgpt' | 'openwebui';

export interface ImportReport {
  format: ImportFormat;
  imported: number;
  skipped: { title: string; reason: string }[];
  duplicates: number;
}

/** Rows restored per table. */
export interface RestoreReport {
  restored: Record<string, number>;
}
