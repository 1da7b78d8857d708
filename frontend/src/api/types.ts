// The API's types: names for the schemas of the contract, docs/openapi.json, which
// src/api/schema.d.ts is generated from (`npm run api:types`; `npm test` checks it is
// current, and the server's tests check real answers against the same document). Only
// what the UI adds (query objects, the delta's offset) is written here by hand.

import type { components } from './schema';

type Schemas = components['schemas'];

// Conversations.

export type Conversation = Schemas['Conversation'];
/** Per-conversation sampling parameters; an absent one is the provider's default. */
export type ConversationParams = Schemas['Params'];
/** What every reply of a conversation used (all branches). */
export type ConversationUsage = Schemas['ConversationUsage'];
export type ConversationDetail = Schemas['ConversationDetail'];
/** One page of `GET /api/conversations` (newest activity first). */
export type ConversationPage = Schemas['ConversationPage'];
export type BulkAction = Schemas['BulkAction'];
export type BulkRequest = Schemas['BulkRequest'];

/** What `GET /api/conversations` is asked for (its query parameters). */
export interface ConversationQuery {
  limit?: number;
  cursor?: string | null;
  /** A folder id, or `none`: only conversations in no folder. */
  folder?: string;
  tag?: string;
  archived?: boolean;
}

// Messages.

export type MessageRole = Schemas['MessageRole'];
export type MessageStatus = Schemas['MessageStatus'];
export type MessageMetadata = Schemas['MessageMetadata'];
/**
 * One typed part of a message: the model's reasoning (shown folded, never sent back), a
 * picture (user messages, before the text) or the text.
 */
export type MessagePart = Schemas['Part'];
/** A picture in a user message; the bytes are at `GET /api/images/{image_id}`. */
export type ImagePart = Schemas['ImagePart'];
/** What `POST /api/images` answers: a stored picture, not yet attached to a message. */
export type UploadedImage = Schemas['UploadedImage'];
export type Message = Schemas['Message'];
export type MessagePage = Schemas['MessagePage'];
/** A finished reply's usage, as the `done` event carries it. */
export type Usage = Schemas['StreamUsage'];

/**
 * One event of a reply stream (send, regenerate, follow). The client adds `offset` to a
 * delta from the SSE `id:`: how many code points of the reply it has after it.
 * `reasoning` has no `id:` (offsets count the answer's text only).
 */
export type StreamEvent =
  | Exclude<Schemas['StreamEvent'], { type: 'delta' }>
  | (Schemas['DeltaEvent'] & { offset?: number });

// Settings, models, connections, prompts.

export type Theme = Schemas['Theme'];
export type Settings = Schemas['Settings'];
export type SettingsPatch = Schemas['SettingsPatch'];
export type Model = Schemas['Model'];
/** One connection's part of the model list. */
export type ModelListConnection = Schemas['ModelListConnection'];
export type ModelList = Schemas['ModelList'];
export type ConnectionScope = Schemas['ConnectionScope'];
/** One provider account. `default` is the server connection. */
export type Connection = Schemas['Connection'];
export type ConnectionKind = Schemas['ConnectionKind'];
export type ConnectionList = Schemas['ConnectionList'];
/** `POST /api/settings/connections` (and the draft test). */
export type ConnectionCreate = Schemas['ConnectionCreate'];
export type ConnectionPatch = Schemas['ConnectionPatch'];
export type ConnectionTest = Schemas['ConnectionTest'];
export type Prompt = Schemas['Prompt'];

// Accounts.

export type Role = Schemas['Role'];
export type User = Schemas['User'];
/** Who may create an account: nobody (admins add them), people with an invite, anyone. */
export type RegistrationMode = Schemas['RegistrationMode'];
export type AuthStatus = Schemas['AuthStatus'];
/** One of the signed-in user's active sessions (newest first). */
export type Session = Schemas['Session'];
/** A user as an admin sees them. */
export type AdminUser = Schemas['AdminUser'];
export type AdminUserPatch = Schemas['AdminUserPatch'];
export type RequestWindow = Schemas['RequestWindow'];
/**
 * Per-user limits. Set by an admin (`limits`): null = the default applies. As defaults or
 * as the effective limits: null = no limit (`allowed_models` null = every model).
 */
export type Limits = Schemas['Limits'];
/** `GET/PUT /api/admin/users/{id}/limits`. */
export type UserLimits = Schemas['UserLimits'];
/** `GET /api/users/me/limits`: the effective limits and what is used of them. */
export type MyLimits = Schemas['MyLimits'];
export type LimitUsage = Schemas['LimitUsage'];
export type UsageDay = Schemas['UsageDay'];
export type UsageModel = Schemas['UsageModel'];
export type UsageReport = Schemas['UsageReport'];
export type Language = Schemas['Language'];
export type Profile = Schemas['Profile'];
export type ContextVersion = Schemas['ContextVersion'];
export type HouseholdContext = Schemas['HouseholdContext'];
export type Invite = Schemas['Invite'];
export type NewInvite = Schemas['NewInvite'];
export type ApiToken = Schemas['ApiToken'];
export type NewApiToken = Schemas['NewApiToken'];

// Find and keep (component `library`).

export type Folder = Schemas['Folder'];
export type TagCount = Schemas['TagCount'];
/** A piece of a snippet or highlighted title: plain text, `hit` when it matched. */
export type TextSegment = Schemas['TextSegment'];
export type SearchTitleHit = Schemas['SearchTitleHit'];
export type SearchMessageHit = Schemas['SearchMessageHit'];
export type SearchResults = Schemas['SearchResults'];
export type SearchSort = 'relevance' | 'newest';

/** What `GET /api/search` is asked for (its query parameters). */
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

export type TemplateScope = Schemas['TemplateScope'];
/** A saved prompt with `{{variables}}`; household ones are managed by admins. */
export type Template = Schemas['Template'];
/** A read-only link to a snapshot of a conversation's shown branch. */
export type Share = Schemas['Share'];
export type SharedMessage = Schemas['SharedMessage'];
/** What `GET /api/shared/{token}` answers (no sign-in). */
export type SharedConversation = Schemas['SharedConversation'];
export type ImportFormat = Schemas['ImportFormat'];
export type ImportReport = Schemas['ImportReport'];
/** Rows restored per table. */
export type RestoreReport = Schemas['RestoreReport'];
