// Auth concern: who is signed in, and the screens before the app (first-run setup,
// sign-in). Asks `/api/auth/status` first; afterwards any API call answered 401
// `unauthenticated` (expired, revoked, signed out elsewhere) switches to sign-in, keeping
// the place the app was at so that signing in again returns there (`returnTo.ts`).
// A `/join/<token>` link opened signed out shows the form that registers with that
// invite; with registration open the sign-in screen offers to create an account.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api as defaultApi, ApiError, onUnauthenticated } from '../../api/client';
import type { RegistrationMode, User } from '../../api/types';
import { joinTokenOf } from './invite';
import { currentPlace, rememberPlace, sessionStore, takePlace } from './returnTo';
import { t } from '../../i18n';
import { messageOf } from '../../lib/errors';

// Offline use (offline/session.ts, its own chunk): remember who signed in; forget on leaving.
const offline = () => import('../../offline/session');
const signedInAs = (user: User) => offline().then((m) => m.signedInAs(user), () => {});
const forgetEveryone = () => offline().then((m) => m.forgetEveryone(), () => {});
const rememberedUser = () => offline().then((m) => m.rememberedUser(), () => null);

export type AuthPhase = 'loading' | 'setup' | 'signin' | 'register' | 'ready' | 'error';

export interface AuthState {
  phase: AuthPhase;
  user: User | null;
  /** Why the status could not be read (phase `error`). */
  error: string | null;
  /** Said on the sign-in screen: why it is shown (the session ended). */
  notice: string | null;
  /** Who may create an account (from the status; `closed` until known). */
  registration: RegistrationMode;
  /** Phase `register`: the invite token of the `/join/…` link, or null (open registration). */
  invite: string | null;
  /**
   * Phase `ready` without the server: the server could not be reached, so the app opened
   * as the user last signed in on this device (read-only, from what was saved). The status
   * is asked again when the network returns.
   */
  unconfirmed: boolean;
}

export type AuthApi = Pick<typeof defaultApi, 'authStatus' | 'login' | 'setup' | 'logout' | 'me' | 'register'>;

/** The notice after a session ends (the catalogue's sentence for `unauthenticated`). */
export const sessionEnded = () => t('errors.unauthenticated');


/** Puts the address bar at `path` without a history entry (the router reads it when it mounts). */
function replacePath(path: string) {
  if (currentPlace() !== path) history.replaceState(null, '', path);
}

export function useAuth({ api = defaultApi as AuthApi } = {}) {
  const [state, setState] = useState<AuthState>({
    phase: 'loading',
    user: null,
    error: null,
    notice: null,
    registration: 'closed',
    invite: null,
    unconfirmed: false,
  });
  const latest = useRef(state);
  latest.current = state;

  /** To the sign-in screen, keeping the place to come back to. */
  const leave = useCallback((username: string | null, notice: string | null) => {
    rememberPlace(sessionStore(), currentPlace(), username);
    replacePath('/');
    void forgetEveryone(); // nothing saved for offline use outlives the session
    setState((s) => ({ ...s, phase: 'signin', user: null, error: null, notice, invite: null, unconfirmed: false }));
  }, []);

  /** Into the app as `user`, back at the place kept for them. */
  const enter = useCallback((user: User) => {
    const back = takePlace(sessionStore(), user.username);
    if (back) replacePath(back);
    void signedInAs(user);
    setState((s) => ({ ...s, phase: 'ready', user, error: null, notice: null, invite: null, unconfirmed: false }));
  }, []);

  /** Reads the status; `quiet`: without the loading screen (the network came back). */
  const check = useCallback(
    async (quiet = false) => {
      if (!quiet) setState((s) => ({ ...s, phase: 'loading', error: null }));
      try {
        const status = await api.authStatus();
        const registration = status.registration ?? 'closed';
        const base = { user: null, error: null, notice: null, registration, invite: null, unconfirmed: false };
        const invite = joinTokenOf(location.pathname);
        if (status.user) {
          void signedInAs(status.user);
          setState({ ...base, phase: 'ready', user: status.user });
        } else if (status.setup_required) {
          void forgetEveryone();
          setState({ ...base, phase: 'setup' });
        } else if (invite) {
          void forgetEveryone();
          setState({ ...base, phase: 'register', invite });
        } else {
          setState((s) => ({ ...s, registration }));
          leave(latest.current.user?.username ?? null, latest.current.unconfirmed ? sessionEnded() : null);
        }
      } catch (err) {
        // No network: the user last signed in here reads what was saved (read-only).
        const saved = err instanceof TypeError ? await rememberedUser() : null;
        if (quiet) return;
        if (saved) setState((s) => ({ ...s, phase: 'ready', user: saved, error: null, notice: null, unconfirmed: true }));
        else setState((s) => ({ ...s, phase: 'error', user: null, error: messageOf(err), notice: null }));
      }
    },
    [api, leave],
  );

  /** Opened without the server (`unconfirmed`): asks the status again, without the loading screen. */
  const confirm = useCallback(() => check(true), [check]);

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
        leave(s.user?.username ?? null, sessionEnded());
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
          setState((s) => ({ ...s, phase: 'signin', user: null, error: null, notice: messageOf(err) }));
          return;
        }
        throw err;
      }
    },
    [api, enter],
  );

  /**
   * Creates an account (a member) and signs it in: with the invite of the `/join/…` link,
   * or without one when registration is open. Throws `ApiError` (`invalid_invite`,
   * `registration_closed`, `username_taken`, rules). The new user starts at `/`.
   */
  const register = useCallback(
    async (username: string, password: string) => {
      const invite = latest.current.invite;
      const user = await api.register(invite ? { username, password, invite } : { username, password });
      takePlace(sessionStore(), user.username); // a place kept before was not theirs
      replacePath('/');
      void signedInAs(user);
      setState((s) => ({ ...s, phase: 'ready', user, error: null, notice: null, invite: null, unconfirmed: false }));
    },
    [api],
  );

  /** From the sign-in screen to the form that creates an account (registration open). */
  const showRegister = useCallback(() => {
    setState((s) => (s.phase === 'signin' ? { ...s, phase: 'register', invite: null, notice: null } : s));
  }, []);

  /** From the create-account or join form back to signing in. */
  const showSignIn = useCallback(() => {
    replacePath('/');
    setState((s) => ({ ...s, phase: 'signin', invite: null, notice: null }));
  }, []);

  const signOut = useCallback(async () => {
    const username = latest.current.user?.username ?? null;
    try {
      await api.logout();
    } catch {
      /* the session may be gone already; this device is signed out either way */
    }
    await forgetEveryone();
    // Signed out to use an invite link: its form.
    const invite = joinTokenOf(location.pathname);
    if (invite) {
      setState((s) => ({ ...s, phase: 'register', user: null, error: null, notice: null, invite, unconfirmed: false }));
      return;
    }
    leave(username, null);
  }, [api, leave]);

  /** The instance was restored from a backup (first-run setup): read the status again, then sign in, saying `notice`. */
  const restored = useCallback(
    async (notice: string) => {
      await check();
      setState((s) => (s.phase === 'signin' ? { ...s, notice } : s));
    },
    [check],
  );

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

  return { ...state, retry: () => check(), confirm, signIn, setUp, register, showRegister, showSignIn, signOut, signedOut, refreshUser, restored };
}

export type Auth = ReturnType<typeof useAuth>;
