// Providers → the add-connection form (pure; unit-tested): which fields a kind shows and
// needs, what is wrong with a draft, the body sent for it, and connections in words.
import type { Connection, ConnectionCreate, ConnectionKind, ConnectionScope, ConnectionTest } from '../../api/types';
import { t } from '../../i18n';

/** The kind without a default base URL: any OpenAI-compatible server (Ollama, LM Studio, …). */
export const COMPATIBLE = 'compatible';

export type DraftScope = 'household' | 'personal';

export interface ConnectionDraft {
  kind: string;
  /** Empty: the kind's label. */
  name: string;
  baseUrl: string;
  apiKey: string;
  /** Admins choose; a member's connection is always personal. */
  scope: DraftScope;
}

export function kindInfo(kinds: readonly ConnectionKind[], kind: string): ConnectionKind | undefined {
  return kinds.find((k) => k.kind === kind);
}

/** "OpenAI"; the kind's id when the server does not know it (any more). */
export function kindLabel(kinds: readonly ConnectionKind[], kind: string): string {
  return kindInfo(kinds, kind)?.label ?? kind;
}

/** The kind's default base URL ('' when it has none: `compatible`). */
export const defaultBaseUrl = (k: ConnectionKind | undefined) => k?.base_url ?? '';

export interface DraftFields {
  /** The base URL must be given (no default): shown with the other fields. */
  baseUrlRequired: boolean;
  /** The base URL has a default: editable under "Advanced". */
  baseUrlAdvanced: boolean;
  /** The kind needs an API key (else the field is optional). */
  keyRequired: boolean;
  /** Household or just me (admins only). */
  scopeChoice: boolean;
}

export function draftFields(kind: ConnectionKind | undefined, isAdmin: boolean): DraftFields {
  const required = !defaultBaseUrl(kind) || kind?.kind === COMPATIBLE;
  return {
    baseUrlRequired: required,
    baseUrlAdvanced: !required,
    keyRequired: kind ? kind.needs_key : true,
    scopeChoice: isAdmin,
  };
}

/** A fresh draft: the first kind, its base URL; an admin's is for the household. */
export function emptyDraft(kinds: readonly ConnectionKind[], isAdmin: boolean): ConnectionDraft {
  const k = kinds[0];
  return { kind: k?.kind ?? '', name: '', baseUrl: defaultBaseUrl(k), apiKey: '', scope: isAdmin ? 'household' : 'personal' };
}

/** Another kind: the base URL follows unless it was changed by hand. */
export function withKind(draft: ConnectionDraft, kinds: readonly ConnectionKind[], kind: string): ConnectionDraft {
  const before = defaultBaseUrl(kindInfo(kinds, draft.kind));
  const untouched = !draft.baseUrl.trim() || draft.baseUrl.trim() === before;
  return { ...draft, kind, baseUrl: untouched ? defaultBaseUrl(kindInfo(kinds, kind)) : draft.baseUrl };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.host;
  } catch {
    return false;
  }
}

/** What must change before the draft can be tested or saved; null when nothing. */
export function draftProblem(draft: ConnectionDraft, kinds: readonly ConnectionKind[]): string | null {
  const k = kindInfo(kinds, draft.kind);
  if (!k) return t('providers.chooseKind');
  const f = draftFields(k, false);
  const url = draft.baseUrl.trim();
  if (!url && f.baseUrlRequired) return t('providers.enterBaseUrl');
  if (url && !isHttpUrl(url)) return t('providers.badBaseUrl');
  if (f.keyRequired && !draft.apiKey.trim()) return t('providers.enterKey', { name: k.label });
  if (draft.name.trim().length > 100) return t('providers.nameTooLong', { max: 100 });
  return null;
}

/** The body for create and for the draft test: only what differs from the defaults. */
export function draftBody(draft: ConnectionDraft, kinds: readonly ConnectionKind[], isAdmin: boolean): ConnectionCreate {
  const k = kindInfo(kinds, draft.kind);
  // The draft's kind is the picker's value (a kind the server listed); the server refuses others (400 invalid_kind).
  const body: ConnectionCreate = { kind: draft.kind as ConnectionCreate['kind'] };
  const name = draft.name.trim();
  if (name) body.name = name;
  const url = draft.baseUrl.trim();
  if (url && (url !== defaultBaseUrl(k) || draftFields(k, isAdmin).baseUrlRequired)) body.base_url = url;
  const key = draft.apiKey.trim();
  if (key) body.api_key = key;
  if (isAdmin) body.scope = draft.scope;
  return body;
}

/** "Connected: 312 models", or the provider's error sentence. */
export function describeTest(result: ConnectionTest): { ok: boolean; text: string } {
  if (result.ok) return { ok: true, text: t('providers.connected', { count: result.models }) };
  return { ok: false, text: result.error || t('providers.unreachable') };
}

export function scopeLabel(scope: ConnectionScope): string {
  return scope === 'server' ? t('providers.scopeServer') : scope === 'household' ? t('providers.scopeHouseholdShort') : t('providers.scopeMe');
}

/** "…a1b2", "key set", or "no key". */
export function keyText(c: Pick<Connection, 'key'>): string {
  if (!c.key.configured) return t('providers.noKey');
  return c.key.hint ? t('providers.keyHint', { hint: c.key.hint }) : t('providers.keySetShort');
}
