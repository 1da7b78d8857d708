import { describe, expect, it } from 'vitest';
import type { ConnectionKind } from '../src/api/types';
import {
  describeTest,
  draftBody,
  draftFields,
  draftProblem,
  emptyDraft,
  keyText,
  kindLabel,
  scopeLabel,
  withKind,
  type ConnectionDraft,
} from '../src/features/providers/draft';

const kinds: ConnectionKind[] = [
  { kind: 'openrouter', label: 'OpenRouter', base_url: 'https://openrouter.ai/api/v1', protocol: 'openai', needs_key: true },
  { kind: 'openai', label: 'OpenAI', base_url: 'https://api.openai.com/v1', protocol: 'openai', needs_key: true },
  { kind: 'anthropic', label: 'Anthropic', base_url: 'https://api.anthropic.com/v1', protocol: 'anthropic', needs_key: true },
  { kind: 'compatible', label: 'OpenAI-compatible (Ollama, LM Studio, llama.cpp, vLLM)', base_url: null, protocol: 'openai', needs_key: false },
];
const kind = (k: string) => kinds.find((x) => x.kind === k);
const draft = (patch: Partial<ConnectionDraft> = {}): ConnectionDraft => ({ ...emptyDraft(kinds, true), ...patch });

describe('which fields a kind shows', () => {
  it('a hosted provider: base URL under Advanced, key required', () => {
    expect(draftFields(kind('openai'), false)).toEqual({ baseUrlRequired: false, baseUrlAdvanced: true, keyRequired: true, scopeChoice: false });
  });
  it('an OpenAI-compatible server: base URL required and shown, key optional', () => {
    expect(draftFields(kind('compatible'), false)).toEqual({ baseUrlRequired: true, baseUrlAdvanced: false, keyRequired: false, scopeChoice: false });
  });
  it('the scope choice is for admins', () => {
    expect(draftFields(kind('openai'), true).scopeChoice).toBe(true);
  });
  it('a kind with an empty default base URL needs one too', () => {
    expect(draftFields({ ...kind('openai')!, base_url: '' }, false).baseUrlRequired).toBe(true);
  });
});

describe('the draft', () => {
  it('starts with the first kind and its base URL; household for an admin, personal for a member', () => {
    expect(emptyDraft(kinds, true)).toEqual({ kind: 'openrouter', name: '', baseUrl: 'https://openrouter.ai/api/v1', apiKey: '', scope: 'household' });
    expect(emptyDraft(kinds, false).scope).toBe('personal');
  });

  it('follows the kind’s base URL unless it was changed by hand', () => {
    const d = withKind(draft(), kinds, 'anthropic');
    expect(d.baseUrl).toBe('https://api.anthropic.com/v1');
    expect(withKind(d, kinds, 'compatible').baseUrl).toBe('');
    const typed = withKind(draft({ kind: 'compatible', baseUrl: 'http://localhost:11434/v1' }), kinds, 'openai');
    expect(typed.baseUrl).toBe('http://localhost:11434/v1');
    const edited = withKind(draft({ baseUrl: 'https://proxy.example/v1' }), kinds, 'openai');
    expect(edited.baseUrl).toBe('https://proxy.example/v1');
  });

  it('says what is missing', () => {
    expect(draftProblem(draft({ kind: 'nope' }), kinds)).toMatch(/kind/);
    expect(draftProblem(draft({ kind: 'openai', baseUrl: 'https://api.openai.com/v1' }), kinds)).toBe('Enter the API key: OpenAI needs one.');
    expect(draftProblem(draft({ kind: 'compatible', baseUrl: '' }), kinds)).toMatch(/base URL/);
    expect(draftProblem(draft({ kind: 'compatible', baseUrl: 'localhost:11434' }), kinds)).toMatch(/http:\/\/ or https:\/\//);
    expect(draftProblem(draft({ kind: 'compatible', baseUrl: 'ftp://host/v1' }), kinds)).toMatch(/http/);
    expect(draftProblem(draft({ kind: 'openai', apiKey: 'sk', name: 'x'.repeat(101) }), kinds)).toMatch(/100/);
  });

  it('is fine with a key (hosted) or a base URL alone (compatible)', () => {
    expect(draftProblem(draft({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-1' }), kinds)).toBeNull();
    expect(draftProblem(draft({ kind: 'compatible', baseUrl: 'http://localhost:11434/v1' }), kinds)).toBeNull();
  });

  it('sends only what differs from the defaults; the scope only for an admin', () => {
    const hosted = draft({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: ' sk-1 ', name: '  ' });
    expect(draftBody(hosted, kinds, true)).toEqual({ kind: 'openai', api_key: 'sk-1', scope: 'household' });
    expect(draftBody({ ...hosted, scope: 'personal', name: 'Work' }, kinds, true)).toEqual({ kind: 'openai', name: 'Work', api_key: 'sk-1', scope: 'personal' });
    expect(draftBody(hosted, kinds, false)).toEqual({ kind: 'openai', api_key: 'sk-1' });
    expect(draftBody({ ...hosted, baseUrl: 'https://proxy.example/v1' }, kinds, false)).toEqual({
      kind: 'openai',
      base_url: 'https://proxy.example/v1',
      api_key: 'sk-1',
    });
    expect(draftBody(draft({ kind: 'compatible', baseUrl: ' http://localhost:11434/v1 ' }), kinds, false)).toEqual({
      kind: 'compatible',
      base_url: 'http://localhost:11434/v1',
    });
  });
});

describe('connections in words', () => {
  it('a test: the number of models, or the provider’s sentence', () => {
    expect(describeTest({ ok: true, models: 312, sample: [] })).toEqual({ ok: true, text: 'Connected: 312 models' });
    expect(describeTest({ ok: true, models: 1, sample: ['m'] })).toEqual({ ok: true, text: 'Connected: 1 model' });
    expect(describeTest({ ok: false, error: 'The model provider rejected the API key (401).' })).toEqual({
      ok: false,
      text: 'The model provider rejected the API key (401).',
    });
  });
  it('kinds, scopes and keys', () => {
    expect(kindLabel(kinds, 'anthropic')).toBe('Anthropic');
    expect(kindLabel(kinds, 'unknown')).toBe('unknown');
    expect(scopeLabel('server')).toBe('Server');
    expect(scopeLabel('household')).toBe('Household');
    expect(scopeLabel('personal')).toBe('Just me');
    expect(keyText({ key: { configured: true, hint: '…a1b2' } })).toBe('key …a1b2');
    expect(keyText({ key: { configured: true } })).toBe('key set');
    expect(keyText({ key: { configured: false } })).toBe('no key');
  });
});
