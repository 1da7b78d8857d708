import { describe, expect, it } from 'vitest';
import type { Model, ModelListConnection } from '../src/api/types';
import { connectionForApi, connectionOf, findModel, groupModels, matchModels, modelKey } from '../src/lib/models';

const model = (id: string, connection_id: string | undefined, provider = id.split('/')[0], extra: Partial<Model> = {}): Model => ({
  id,
  name: id.toUpperCase(),
  provider,
  context_length: 128_000,
  prompt_price_per_mtok: 0.15,
  completion_price_per_mtok: 0.6,
  images: false,
  // undefined: a model from a server before connections (the UI still groups it).
  connection_id: connection_id as string,
  connection_name: (connection_id === 'default' ? 'OpenRouter' : connection_id === 'c-claude' ? 'Claude' : connection_id) as string,
  connection_kind: connection_id === 'c-claude' ? 'anthropic' : 'openrouter',
  ...extra,
});

const conn = (id: string, name: string, extra: Partial<ModelListConnection> = {}): ModelListConnection => ({
  id,
  name,
  kind: 'openai',
  count: 1,
  fetched_at: 0,
  cached: true,
  ...extra,
});

describe('connections of models', () => {
  it('null, absent and "default" are the server connection', () => {
    expect(connectionOf(null)).toBe('default');
    expect(connectionOf(undefined)).toBe('default');
    expect(connectionOf('c1')).toBe('c1');
    expect(connectionForApi('default')).toBeNull();
    expect(connectionForApi(null)).toBeNull();
    expect(connectionForApi('c1')).toBe('c1');
  });

  it('the same model id of two connections are two choices', () => {
    const models = [model('openai/gpt-4o', 'default'), model('openai/gpt-4o', 'c-openai')];
    expect(findModel(models, null, 'openai/gpt-4o')).toBe(models[0]);
    expect(findModel(models, 'c-openai', 'openai/gpt-4o')).toBe(models[1]);
    expect(findModel(models, 'c-other', 'openai/gpt-4o')).toBeUndefined();
    expect(modelKey(null, 'x')).toBe(modelKey('default', 'x'));
    expect(modelKey('c1', 'x')).not.toBe(modelKey('default', 'x'));
  });

  it('a model without a connection (older servers) is the server connection’s', () => {
    const old = model('openai/gpt-4o', undefined);
    expect(findModel([old], null, 'openai/gpt-4o')).toBe(old);
  });
});

describe('searching models', () => {
  const models = [model('openai/gpt-4o-mini', 'default'), model('claude-sonnet-4-5', 'c-claude', 'anthropic'), model('meta/llama-3', 'default')];
  it('matches every word against id, name, provider and connection name', () => {
    expect(matchModels(models, '').length).toBe(3);
    expect(matchModels(models, 'gpt mini').map((m) => m.id)).toEqual(['openai/gpt-4o-mini']);
    expect(matchModels(models, 'ANTHROPIC').map((m) => m.id)).toEqual(['claude-sonnet-4-5']);
    expect(matchModels(models, 'claude').map((m) => m.id)).toEqual(['claude-sonnet-4-5']);
    expect(matchModels(models, 'openrouter llama').map((m) => m.id)).toEqual(['meta/llama-3']);
    expect(matchModels(models, 'nothing-like-this')).toEqual([]);
  });
});

describe('grouping models', () => {
  const connections = [conn('default', 'OpenRouter'), conn('c-claude', 'Claude'), conn('c-local', 'Ollama', { count: 0, warning: 'Ollama could not be reached.' })];
  const models = [
    model('claude-sonnet-4-5', 'c-claude', 'anthropic'),
    model('openai/gpt-4o', 'default'),
    model('meta/llama-3', 'default'),
    model('openai/gpt-4o-mini', 'default'),
  ];

  it('by connection in the server’s order, then by provider; the keyboard order follows', () => {
    const { groups, flat, more } = groupModels(models, connections);
    expect(groups.map((g) => g.name)).toEqual(['OpenRouter', 'Claude']);
    expect(groups[0].providers.map((p) => [p.provider, p.models.map((m) => m.id)])).toEqual([
      ['openai', ['openai/gpt-4o', 'openai/gpt-4o-mini']],
      ['meta', ['meta/llama-3']],
    ]);
    expect(flat.map((m) => m.id)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'meta/llama-3', 'claude-sonnet-4-5']);
    expect(more).toBe(0);
  });

  it('shows a connection that has only a warning when asked (no search)', () => {
    const { groups } = groupModels(models, connections, { showEmpty: true });
    expect(groups.map((g) => [g.name, g.warning ?? null, g.providers.length])).toEqual([
      ['OpenRouter', null, 2],
      ['Claude', null, 1],
      ['Ollama', 'Ollama could not be reached.', 0],
    ]);
  });

  it('keeps each connection’s warning beside its models', () => {
    const warned = [conn('default', 'OpenRouter', { warning: 'The list is an hour old.' })];
    expect(groupModels([model('openai/gpt-4o', 'default')], warned).groups[0].warning).toBe('The list is an hour old.');
  });

  it('shows at most `limit` models and says how many more', () => {
    const { flat, more } = groupModels(models, connections, { limit: 2 });
    expect(flat.map((m) => m.id)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(more).toBe(2);
  });

  it('places connections the list does not name after the others, by the name on their models', () => {
    const { groups } = groupModels([model('x/a', 'c-new'), ...models], [conn('default', 'OpenRouter')]);
    expect(groups.map((g) => g.connectionId)).toEqual(['default', 'c-new', 'c-claude']);
    expect(groups[1].name).toBe('c-new');
    expect(groups[2].name).toBe('Claude');
  });

  it('works without connections (older servers): one group', () => {
    const { groups } = groupModels([model('openai/gpt-4o', undefined)]);
    expect(groups).toHaveLength(1);
    expect(groups[0].connectionId).toBe('default');
  });
});
