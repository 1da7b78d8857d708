import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthenticated, parseRetryAfter } from '../src/api/client';

type Call = [string, RequestInit];

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  const f = vi.fn(async (..._args: unknown[]) => new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': 'application/json', ...headers } }));
  vi.stubGlobal('fetch', f);
  return f;
}

const header = (call: unknown[], name: string) => new Headers((call as Call)[1].headers).get(name);
const unauthenticated = JSON.stringify({ error: 'Sign in to go on.', code: 'unauthenticated' });

describe('the client and accounts', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends X-Requested-With: nexus on every request, streams and follows included', async () => {
    const f = answer(200, JSON.stringify({ conversations: [] }));
    await api.listConversations();
    expect(header(f.mock.calls[0], 'X-Requested-With')).toBe('nexus');
    await api.revokeOtherSessions().catch(() => {});
    expect(header(f.mock.calls[1], 'X-Requested-With')).toBe('nexus');

    const s = answer(200, 'data: {"type":"done","message_id":"m","model":"x"}\n\n', { 'Content-Type': 'text/event-stream' });
    for await (const _ of api.sendMessage('c1', { content: 'hi' })) void _;
    expect(header(s.mock.calls[0], 'X-Requested-With')).toBe('nexus');
    expect(header(s.mock.calls[0], 'Content-Type')).toBe('application/json');
    for await (const _ of api.followMessage('c1', 'm1', 3)) void _;
    expect(header(s.mock.calls[1], 'X-Requested-With')).toBe('nexus');
    expect(header(s.mock.calls[1], 'Accept')).toBe('text/event-stream');
  });

  it('calls the routes of the contract', async () => {
    const user = { id: 'u1', username: 'bob', role: 'member', created_at: 't' };
    let f = answer(201, JSON.stringify({ user }));
    expect(await api.createUser({ username: 'bob', password: 'password1', role: 'member' })).toEqual(user);
    expect(f.mock.calls[0][0]).toBe('/api/admin/users');
    expect((f.mock.calls[0][1] as RequestInit).method).toBe('POST');
    f = answer(200, JSON.stringify({ user: { ...user, disabled: true } }));
    expect((await api.updateUser('u 1', { disabled: true })).disabled).toBe(true);
    expect(f.mock.calls[0][0]).toBe('/api/admin/users/u%201');
    expect((f.mock.calls[0][1] as RequestInit).method).toBe('PATCH');
    f = answer(204, '');
    await api.revokeSession('s1');
    expect(f.mock.calls[0][0]).toBe('/api/auth/sessions/s1');
    expect((f.mock.calls[0][1] as RequestInit).method).toBe('DELETE');
    f = answer(200, JSON.stringify({ revoked: 2 }));
    expect(await api.revokeOtherSessions()).toBe(2);
    expect(f.mock.calls[0][0]).toBe('/api/auth/sessions/revoke-others');
    f = answer(200, JSON.stringify({ setup_required: true, user: null }));
    expect(await api.authStatus()).toEqual({ setup_required: true, user: null });
  });

  it('tells the app when a call answers 401 unauthenticated (requests and streams)', async () => {
    const seen = vi.fn();
    const off = onUnauthenticated(seen);
    answer(401, unauthenticated);
    await expect(api.listConversations()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(seen).toHaveBeenCalledTimes(1);
    await expect(api.sendMessage('c1', { content: 'x' }).next()).rejects.toBeInstanceOf(ApiError);
    expect(seen).toHaveBeenCalledTimes(2);
    off();
    await expect(api.listConversations()).rejects.toBeInstanceOf(ApiError);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('but not for the sign-in routes, nor for other 401s and 403s', async () => {
    const seen = vi.fn();
    const off = onUnauthenticated(seen);
    answer(401, unauthenticated);
    await expect(api.login({ username: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
    await expect(api.authStatus()).rejects.toBeInstanceOf(ApiError);
    await expect(api.setup({ username: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
    await expect(api.logout()).rejects.toBeInstanceOf(ApiError);
    answer(401, JSON.stringify({ error: 'Wrong username or password.', code: 'bad_credentials' }));
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    answer(403, JSON.stringify({ error: 'Admins only.', code: 'admin_only' }));
    await expect(api.listUsers()).rejects.toMatchObject({ status: 403, code: 'admin_only' });
    expect(seen).not.toHaveBeenCalled();
    off();
  });

  it('reads Retry-After into the error', async () => {
    answer(429, JSON.stringify({ error: 'Too many failed sign-ins.', code: 'too_many_attempts' }), { 'Retry-After': '30' });
    await expect(api.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ status: 429, code: 'too_many_attempts', retryAfter: 30 });
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:45 GMT', now)).toBe(45);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });
});
