// Auth concern: who is signed in, and the screens before the app (first-run setup,
// sign-in). Asks `/api/auth/status` first; afterwards any API call answered 401
// `unauthenticated` (expired, revoked, signed out elsewhere) switches to sign-in, keeping
// the place the app was at so that signing in again returns there (`returnTo.ts`).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api as defaultApi, ApiError, onUnauthenticated } from '../../api/client';
import type { User } from '../../api/types';
import { currentPlace, rememberPlace, sessionStore, takePlace } from './returnTo';

export type AuthPhase = 'loading' | 'setup' | 'signin' | 'ready' | 'error';

export interface AuthState {
  phase: AuthPhase;
  user: User | null;
  /** Why the status could not be read (phase `error`). */
  error: string | null;
  /** Said on the sign-in screen: why it is shown (the session ended). */
  notice: string | null;
}

export type AuthApi = Pick<typeof defaultApi, 'authStatus' | 'login' | 'setup' | 'logout' | 'me'>;

export const SESSION_ENDED = 'Your session has ended. Sign in again to go on.';

const messageOf = (err: unknown) =>
  err instanceof ApiError
    ? err.message
    : err instanceof TypeError
      ? 'The server cannot be reached. Check your connection and try again.'
      : err instanceof Error
        ? err.message
        : String(err);

/** Puts the address bar at `path` without a history entry (the router reads it when it mounts). */
function replacePath(path: string) {
  if (currentPlace() !== path) history.replaceState(null, '', path);
}

export function useAuth({ api = defaultApi as AuthApi } = {}) {
  const [state, setState] = useState<AuthState>({ phase: 'loading', user: null, error: null, notice: null });
  const latest = useRef(state);
  latest.current = state;

  /** To the sign-in screen, keeping the place to come back to. */
  const leave = useCallback((username: string | null, notice: string | null) => {
    rememberPlace(sessionStore(), currentPlace(), username);
    replacePath('/');
    setState({ phase: 'signin', user: null, error: null, notice });
  }, []);

  /** Into the app as `user`, back at the place kept for them. */
  const enter = useCallback((user: User) => {
    const back = takePlace(sessionStore(), user.username);
    if (back) replacePath(back);
    setState({ phase: 'ready', user, error: null, notice: null });
  }, []);

  const check = useCallback(async () => {
    setState((s) => ({ ...s, phase: 'loading', error: null }));
    try {
      const status = await api.authStatus();
      if (status.user) setState({ phase: 'ready', user: status.user, error: null, notice: null });
      else if (status.setup_required) setState({ phase: 'setup', user: null, error: null, notice: null });
      else leave(null, null);
    } catch (err) {
      setState({ phase: 'error', user: null, error: messageOf(err), notice: null });
    }
  }, [api, leave]);

  useEffect(() => {
    void check();
  }, [check]);

  // The session ended behind the app's back: to the sign-in screen (once).
  useEffect(
    () =>
      onUnauthenticated(() => {
        const s = latest.current;
        if (s.phase !== 'ready') return;
        latest.current = { ...s, phase: 'signin' };
        leave(s.user?.username ?? null, SESSION_ENDED);
      }),
    [leave],
  );

  /** Signs in; throws `ApiError` (`bad_credentials`, `account_disabled`, `too_many_attempts`). */
  const signIn = useCallback(
    async (username: string, password: string) => {
      enter(await api.login({ username, password }));
    },
    [api, enter],
  );

  /** Creates the admin account (first run); on `already_set_up` the sign-in screen takes over. */
  const setUp = useCallback(
    async (username: string, password: string) => {
      try {
        enter(await api.setup({ username, password }));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'already_set_up') {
          setState({ phase: 'signin', user: null, error: null, notice: err.message });
          return;
        }
        throw err;
      }
    },
    [api, enter],
  );

  const signOut = useCallback(async () => {
    const username = latest.current.user?.username ?? null;
    try {
      await api.logout();
    } catch {
      /* the session may be gone already; this device is signed out either way */
    }
    leave(username, null);
  }, [api, leave]);

  /** This device's session was revoked from the app (Account): to the sign-in screen. */
  const signedOut = useCallback(() => leave(latest.current.user?.username ?? null, null), [leave]);

  /** Reads the signed-in user again (after an admin changed their own role). */
  const refreshUser = useCallback(async () => {
    try {
      const user = await api.me();
      setState((s) => (s.phase === 'ready' ? { ...s, user } : s));
    } catch {
      /* a 401 has switched to sign-in already; anything else: keep what is shown */
    }
  }, [api]);

  return { ...state, retry: check, signIn, setUp, signOut, signedOut, refreshUser };
}

export type Auth = ReturnType<typeof useAuth>;
