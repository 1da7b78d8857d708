import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';

function capture(status = 200, body: unknown = {}) {
  const calls: Array<{ url: string; method: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body as string) : undefined });
      return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('connections, usage and conversation settings in the client', () => {
  it('connections: list, create, patch, delete, test saved and draft', async () => {
    const calls = capture();
    await api.listConnections();
    await api.createConnection({ kind: 'anthropic', api_key: 'sk' });
    await api.updateConnection('c 1', { enabled: false });
    await api.testConnection('default');
    await api.testDraftConnection({ kind: 'compatible', base_url: 'http://localhost:11434/v1' });
    expect(calls).toEqual([
      { url: '/api/settings/connections', method: 'GET', body: undefined },
      { url: '/api/settings/connections', method: 'POST', body: { kind: 'anthropic', api_key: 'sk' } },
      { url: '/api/settings/connections/c%201', method: 'PATCH', body: { enabled: false } },
      { url: '/api/settings/connections/default/test', method: 'POST', body: {} },
      { url: '/api/settings/connections/test', method: 'POST', body: { kind: 'compatible', base_url: 'http://localhost:11434/v1' } },
    ]);
    const del = capture(204);
    await api.deleteConnection('c1');
    expect(del[0]).toMatchObject({ url: '/api/settings/connections/c1', method: 'DELETE' });
  });

  it('usage: mine and a user’s, for a month or the current one', async () => {
    const calls = capture();
    await api.myUsage();
    await api.myUsage('2026-11');
    await api.getUserUsage('u1', '2026-10');
    expect(calls.map((c) => c.url)).toEqual(['/api/users/me/usage', '/api/users/me/usage?month=2026-11', '/api/admin/users/u1/usage?month=2026-10']);
  });

  it('conversations take a connection and parameters', async () => {
    const calls = capture();
    await api.createConversation({ model: 'claude-sonnet-4-5', connection_id: 'c1', params: { temperature: 0.5 } });
    await api.updateConversation('k1', { model: 'openai/gpt-4o', connection_id: null });
    await api.updateConversation('k1', { params: {} });
    expect(calls.map((c) => c.body)).toEqual([
      { model: 'claude-sonnet-4-5', connection_id: 'c1', params: { temperature: 0.5 } },
      { model: 'openai/gpt-4o', connection_id: null },
      { params: {} },
    ]);
  });

  it('a refusal keeps its other fields (host_not_allowed: the variable and the host)', async () => {
    capture(400, {
      error: 'Set SPIN_VARIABLE_LOCAL_ALLOWED_HOST=http://192.168.1.20:11434 in .env and restart Nexus.',
      code: 'host_not_allowed',
      variable: 'local_allowed_host',
      host: 'http://192.168.1.20:11434',
    });
    const err = await api.createConnection({ kind: 'compatible', base_url: 'http://192.168.1.20:11434/v1' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'host_not_allowed', details: { variable: 'local_allowed_host', host: 'http://192.168.1.20:11434' } });
    expect(err.message).toMatch(/SPIN_VARIABLE_LOCAL_ALLOWED_HOST/);
  });
});
