import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { AuthStatus, User } from '../src/api/types';
import { sessionEnded, useAuth, type AuthApi } from '../src/features/auth/useAuth';

const alice: User = { id: 'u1', username: 'alice', role: 'admin', created_at: '2025-01-01T00:00:00Z' };
const bob: User = { id: 'u2', username: 'bob', role: 'member', created_at: '2025-01-01T00:00:00Z' };

type FakeApi = { [K in keyof AuthApi]: Mock<AuthApi[K]> };

function fakeApi(status: Omit<AuthStatus, 'registration'> & Partial<AuthStatus>): FakeApi {
  return {
    authStatus: vi.fn<AuthApi['authStatus']>(async () => ({ registration: 'closed', ...status })),
    login: vi.fn<AuthApi['login']>(async ({ username }) => (username === 'bob' ? bob : alice)),
    setup: vi.fn<AuthApi['setup']>(async () => alice),
    logout: vi.fn<AuthApi['logout']>(async () => undefined),
    me: vi.fn<AuthApi['me']>(async () => ({ ...alice, role: 'member' as const })),
    register: vi.fn<AuthApi['register']>(async ({ username }) => ({ ...bob, username })),
  };
}

const at = (path: string) => history.replaceState(null, '', path);
const here = () => `${location.pathname}${location.search}${location.hash}`;

describe('useAuth', () => {
  beforeEach(() => {
    sessionStorage.clear();
    at('/');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('first run: the setup screen, then the app as the new admin', async () => {
    const fake = fakeApi({ setup_required: true, user: null });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('setup'));
    await act(() => result.current.setUp('alice', 'password1'));
    expect(fake.setup).toHaveBeenCalledWith({ username: 'alice', password: 'password1' });
    expect(result.current.phase).toBe('ready');
    expect(result.current.user).toEqual(alice);
  });

  it('setup already done elsewhere: the sign-in screen says so', async () => {
    const fake = fakeApi({ setup_required: true, user: null });
    fake.setup.mockRejectedValueOnce(new ApiError(409, 'Nexus is already set up; sign in.', 'already_set_up'));
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('setup'));
    await act(() => result.current.setUp('alice', 'password1'));
    expect(result.current.phase).toBe('signin');
    expect(result.current.notice).toBe('Nexus is already set up; sign in.');
  });

  it('signed in already: straight into the app', async () => {
    const fake = fakeApi({ setup_required: false, user: alice });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    expect(result.current.user).toEqual(alice);
  });

  it('a link opened signed out: sign in at /, then back at the link', async () => {
    at('/c/abc#m1');
    const fake = fakeApi({ setup_required: false, user: null });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('signin'));
    expect(here()).toBe('/');
    await act(() => result.current.signIn('alice', 'password1'));
    expect(result.current.phase).toBe('ready');
    expect(here()).toBe('/c/abc#m1');
  });

  it('a failed sign-in throws the server error and stays on the screen', async () => {
    const fake = fakeApi({ setup_required: false, user: null });
    fake.login.mockRejectedValueOnce(new ApiError(401, 'Wrong username or password.', 'bad_credentials'));
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('signin'));
    await expect(act(() => result.current.signIn('alice', 'nope'))).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(result.current.phase).toBe('signin');
  });

  it('a 401 from any call ends the session: sign-in screen, and back to the same place afterwards', async () => {
    at('/c/abc');
    const fake = fakeApi({ setup_required: false, user: alice });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'Sign in.', code: 'unauthenticated' }), { status: 401 })));
    await act(async () => {
      await Promise.allSettled([api.listConversations(), api.getSettings()]);
    });
    expect(result.current.phase).toBe('signin');
    expect(result.current.notice).toBe(sessionEnded());
    expect(here()).toBe('/');
    await act(() => result.current.signIn('alice', 'password1'));
    expect(here()).toBe('/c/abc');
  });

  it('someone else signing in starts at /', async () => {
    at('/c/abc');
    const fake = fakeApi({ setup_required: false, user: alice });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    await act(() => result.current.signOut());
    expect(fake.logout).toHaveBeenCalled();
    expect(result.current.phase).toBe('signin');
    expect(result.current.notice).toBeNull();
    await act(() => result.current.signIn('bob', 'password1'));
    expect(result.current.user).toEqual(bob);
    expect(here()).toBe('/');
  });

  it('signs out locally even when the server cannot be reached', async () => {
    const fake = fakeApi({ setup_required: false, user: alice });
    fake.logout.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    await act(() => result.current.signOut());
    expect(result.current.phase).toBe('signin');
  });

  it('the status cannot be read: an error with a retry', async () => {
    const fake = fakeApi({ setup_required: false, user: alice });
    fake.authStatus.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('error'));
    expect(result.current.error).toMatch(/cannot be reached/);
    await act(() => result.current.retry());
    expect(result.current.phase).toBe('ready');
  });

  it('reads the user again after a change of their own role', async () => {
    const fake = fakeApi({ setup_required: false, user: alice });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    await act(() => result.current.refreshUser());
    expect(result.current.user?.role).toBe('member');
  });

  it('an invite link opened signed out: the join form with its token, then the app at / as the new member', async () => {
    at('/join/tok-123');
    const fake = fakeApi({ setup_required: false, user: null, registration: 'invite' });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('register'));
    expect(result.current.invite).toBe('tok-123');
    expect(here()).toBe('/join/tok-123'); // not replaced, not kept as a place to return to
    await act(() => result.current.register('carol', 'password1'));
    expect(fake.register).toHaveBeenCalledWith({ username: 'carol', password: 'password1', invite: 'tok-123' });
    expect(result.current.phase).toBe('ready');
    expect(result.current.user?.username).toBe('carol');
    expect(here()).toBe('/');
  });

  it('a refused invite stays on the form with the server’s error', async () => {
    at('/join/used');
    const fake = fakeApi({ setup_required: false, user: null, registration: 'invite' });
    fake.register.mockRejectedValueOnce(new ApiError(403, 'This invite is not valid any more.', 'invalid_invite'));
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('register'));
    await expect(act(() => result.current.register('carol', 'password1'))).rejects.toMatchObject({ code: 'invalid_invite' });
    expect(result.current.phase).toBe('register');
    // "Sign in instead": the sign-in screen at /.
    act(() => result.current.showSignIn());
    expect(result.current.phase).toBe('signin');
    expect(here()).toBe('/');
  });

  it('open registration: the sign-in screen knows, and registers without an invite', async () => {
    const fake = fakeApi({ setup_required: false, user: null, registration: 'open' });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('signin'));
    expect(result.current.registration).toBe('open');
    act(() => result.current.showRegister());
    expect(result.current.phase).toBe('register');
    expect(result.current.invite).toBeNull();
    await act(() => result.current.register('dave', 'password1'));
    expect(fake.register).toHaveBeenCalledWith({ username: 'dave', password: 'password1' });
    expect(result.current.phase).toBe('ready');
  });

  it('an older server without `registration`: closed', async () => {
    const fake = fakeApi({ setup_required: false, user: null });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('signin'));
    expect(result.current.registration).toBe('closed');
  });

  it('signing out at an invite link shows its join form', async () => {
    at('/join/tok-9');
    const fake = fakeApi({ setup_required: false, user: alice });
    const { result } = renderHook(() => useAuth({ api: fake }));
    await waitFor(() => expect(result.current.phase).toBe('ready'));
    await act(() => result.current.signOut());
    expect(result.current.phase).toBe('register');
    expect(result.current.invite).toBe('tok-9');
  });

  describe('offline (installed app)', () => {
    afterEach(() => localStorage.clear());
    const unreachable = () => new TypeError('Failed to fetch');

    it('without a network opens read-only as the user last signed in here, then confirms the session', async () => {
      const fake = fakeApi({ setup_required: false, user: alice });
      const first = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(first.result.current.phase).toBe('ready'));
      first.unmount();
      expect(JSON.parse(localStorage.getItem('nexus.offline.user')!)).toMatchObject({ id: 'u1', username: 'alice' });

      fake.authStatus.mockRejectedValueOnce(unreachable());
      const { result } = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(result.current.phase).toBe('ready'));
      expect(result.current.unconfirmed).toBe(true);
      expect(result.current.user?.id).toBe('u1');
      // The server answers again: the same user, confirmed.
      await act(() => result.current.confirm());
      expect(result.current.unconfirmed).toBe(false);
    });

    it('the session ended while offline: back online, the sign-in screen, and nothing remembered', async () => {
      localStorage.setItem('nexus.offline.user', JSON.stringify(alice));
      localStorage.setItem('nexus.outbox.u1', JSON.stringify([{ client_id: 'x', conversation_id: 'c', content: 'hi', created_at: '' }]));
      const fake = fakeApi({ setup_required: false, user: null });
      fake.authStatus.mockRejectedValueOnce(unreachable());
      const { result } = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(result.current.unconfirmed).toBe(true));
      await act(() => result.current.confirm());
      expect(result.current.phase).toBe('signin');
      expect(result.current.notice).toBe(sessionEnded());
      await waitFor(() => expect(localStorage.getItem('nexus.offline.user')).toBeNull());
      expect(localStorage.getItem('nexus.outbox.u1')).toBeNull();
    });

    it('nobody remembered (signed out), or an error answer: no app without the server', async () => {
      const fake = fakeApi({ setup_required: false, user: alice });
      fake.authStatus.mockRejectedValueOnce(unreachable());
      const { result } = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(result.current.phase).toBe('error'));
      localStorage.setItem('nexus.offline.user', JSON.stringify(alice));
      fake.authStatus.mockRejectedValueOnce(new ApiError(500, 'Internal error.'));
      const again = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(again.result.current.phase).toBe('error'));
    });

    it('signing in as someone else deletes the previous user’s outbox; signing out deletes everything', async () => {
      localStorage.setItem('nexus.offline.user', JSON.stringify(alice));
      localStorage.setItem('nexus.outbox.u1', '[]x');
      const fake = fakeApi({ setup_required: false, user: null });
      const { result } = renderHook(() => useAuth({ api: fake }));
      await waitFor(() => expect(result.current.phase).toBe('signin'));
      localStorage.setItem('nexus.outbox.u1', JSON.stringify([]));
      localStorage.setItem('nexus.outbox.u2', JSON.stringify([]));
      await act(() => result.current.signIn('bob', 'pw'));
      await waitFor(() => expect(localStorage.getItem('nexus.outbox.u1')).toBeNull());
      expect(localStorage.getItem('nexus.outbox.u2')).not.toBeNull();
      expect(JSON.parse(localStorage.getItem('nexus.offline.user')!).id).toBe('u2');
      await act(() => result.current.signOut());
      expect(localStorage.getItem('nexus.outbox.u2')).toBeNull();
      expect(localStorage.getItem('nexus.offline.user')).toBeNull();
    });
  });
});
