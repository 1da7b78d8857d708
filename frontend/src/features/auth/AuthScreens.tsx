// The screens before the app: loading, the server cannot be reached, first-run setup
// (create the admin account), sign-in, and creating an account (registration open, or
// an invite link `/join/<token>`: "Join this Nexus").
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import type { User } from '../../api/types';
import { LiveError, inputClass, labelClass, linkClass, primaryClass, secondaryClass } from '../../components/ui';
import { mayFocusField } from '../../lib/focus';
import { ApiError } from '../../api/client';
import { formatWait, signInFailure, type SignInFailure } from './errors';
import type { Auth } from './useAuth';
import { PASSWORD_MIN, newAccountProblem } from './validate';
import { t } from '../../i18n';

// First-run setup → Restore from a backup: its own chunk.
const RestoreForm = lazy(() => import('../data/RestoreForm').then((m) => ({ default: m.RestoreForm })));

export function AuthScreen({ auth }: { auth: Auth }) {
  switch (auth.phase) {
    case 'setup':
      return <SetupScreen auth={auth} />;
    case 'signin':
      return <SignInScreen auth={auth} />;
    case 'register':
      return <RegisterScreen auth={auth} />;
    case 'error':
      return (
        <Shell title={t('auth.unreachableTitle')} testId="auth-error">
          <LiveError text={auth.error} className="mb-4 text-center" />
          <button type="button" className={`${primaryClass} w-full`} onClick={() => void auth.retry()}>
            {t('common.tryAgain')}
          </button>
        </Shell>
      );
    default:
      return (
        <div className="app-shell flex items-center justify-center bg-white text-sm text-zinc-500 dark:bg-zinc-950" data-testid="auth-loading">
          <span role="status">{t('common.loading')}</span>
        </div>
      );
  }
}

function Shell({ title, testId, intro, children }: { title: string; testId: string; intro?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Nexus`;
  }, [title]);
  return (
    <div className="app-shell overflow-y-auto bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <main className="safe-x safe-top safe-bottom flex min-h-full items-center justify-center py-8">
        <div data-testid={testId} className="w-full max-w-sm">
          <p className="text-center text-sm font-semibold tracking-wide text-indigo-600 dark:text-indigo-400">Nexus</p>
          <h1 className="mt-1 text-center text-xl font-semibold">{title}</h1>
          {intro && <div className="mt-3 text-center text-sm text-zinc-600 dark:text-zinc-400">{intro}</div>}
          <div className="mt-6">{children}</div>
        </div>
      </main>
    </div>
  );
}

/** A labelled text field. */
function Field({
  label,
  inputRef,
  hint,
  ...props
}: { label: string; inputRef?: Ref<HTMLInputElement>; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className={inputClass}
        aria-describedby={hint ? `${id}-hint` : undefined}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        {...props}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      )}
    </div>
  );
}

/** Seconds left of a `too_many_attempts` wait, counting down. */
function useCountdown(failure: SignInFailure | null): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const wait = failure?.wait ?? 0;
    setLeft(wait);
    if (!wait) return;
    const end = Date.now() + wait * 1000;
    const t = setInterval(() => {
      const l = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setLeft(l);
      if (!l) clearInterval(t);
    }, 1000);
    return () => clearInterval(t);
  }, [failure]);
  return left;
}

function SignInScreen({ auth }: { auth: Auth }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SignInFailure | null>(null);
  const left = useCountdown(failure);
  const userInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (mayFocusField()) userInput.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || left > 0) return;
    if (!username.trim()) {
      setFailure({ text: t('auth.enterUsername'), wait: null });
      userInput.current?.focus();
      return;
    }
    if (!password) {
      setFailure({ text: t('auth.enterPassword'), wait: null });
      passwordInput.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await auth.signIn(username.trim(), password);
      // Signed in: this screen goes away.
    } catch (err) {
      setFailure(signInFailure(err));
      setPassword('');
      setBusy(false);
      if (mayFocusField()) passwordInput.current?.focus();
    }
  };

  const error = failure?.text ?? null;

  return (
    <Shell title={t('auth.signIn')} testId="signin-screen">
      {auth.notice && (
        <p role="status" data-testid="signin-notice" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {auth.notice}
        </p>
      )}
      <form className="space-y-4" onSubmit={submit} noValidate aria-label={t('auth.signIn')}>
        <Field
          label={t('auth.username')}
          name="username"
          autoComplete="username"
          inputRef={userInput}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="signin-username"
        />
        <Field
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          inputRef={passwordInput}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="signin-password"
        />
        <LiveError text={error} testId="signin-error" />
        <button type="submit" className={`${primaryClass} w-full`} aria-disabled={busy || left > 0} data-testid="signin-submit">
          {left > 0 ? t('auth.tryAgainIn', { wait: formatWait(left) }) : busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      {auth.registration === 'open' && (
        <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          {t('auth.newHere')}{' '}
          <button type="button" className={linkClass} onClick={auth.showRegister} data-testid="show-register">
            {t('auth.createAccount')}
          </button>
        </p>
      )}
    </Shell>
  );
}

/**
 * Creates a member account: with the invite of a `/join/<token>` link ("Join this
 * Nexus"), or without one while registration is open. Signed in afterwards.
 */
function RegisterScreen({ auth }: { auth: Auth }) {
  const joining = !!auth.invite;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code: string | null } | null>(null);
  const userInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (mayFocusField()) userInput.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const name = username.trim();
    const problem = newAccountProblem(name, password, confirm);
    if (problem) {
      setError({ text: problem, code: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await auth.register(name, password);
      // Signed in: this screen goes away.
    } catch (err) {
      setError({ text: signInFailure(err).text, code: err instanceof ApiError ? (err.code ?? null) : null });
      setBusy(false);
    }
  };

  const title = joining ? t('auth.joinTitle') : t('auth.createAccount');
  return (
    <Shell
      title={title}
      testId="register-screen"
      intro={
        joining ? (
          <p>{t('auth.invitedHint')}</p>
        ) : (
          <p>{t('auth.signupHint')}</p>
        )
      }
    >
      <form className="space-y-4" onSubmit={submit} noValidate aria-label={title} data-invite={joining}>
        <Field
          label={t('auth.username')}
          name="username"
          autoComplete="username"
          inputRef={userInput}
          value={username}
          maxLength={64}
          hint={t('auth.usernameHint')}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="register-username"
        />
        <Field
          label={t('auth.password')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          hint={t('auth.passwordHint', { count: PASSWORD_MIN })}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="register-password"
        />
        <Field
          label={t('auth.confirmPassword')}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          data-testid="register-confirm"
        />
        <div data-code={error?.code ?? undefined} data-testid="register-error-box">
          <LiveError text={error?.text} testId="register-error" />
        </div>
        <button type="submit" className={`${primaryClass} w-full`} aria-disabled={busy} data-testid="register-submit">
          {busy ? t('common.creating') : t('auth.createAccountButton')}
        </button>
      </form>
      <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {t('auth.haveAccount')}{' '}
        <button type="button" className={linkClass} onClick={auth.showSignIn} data-testid="show-signin">
          {t('auth.signIn')}
        </button>
      </p>
    </Shell>
  );
}

/** An invite link opened while signed in: sign out to use it, or go on to the chats. */
export function JoinSignedInScreen({ user, onSignOut, onContinue }: { user: User; onSignOut: () => void; onContinue: () => void }) {
  return (
    <Shell
      title={t('auth.joinTitle')}
      testId="join-signed-in"
      intro={
        <p>
          {t('auth.youAreSignedInAs')} <span className="font-medium">{user.username}</span>{t('auth.joinSignedInHint')}
        </p>
      }
    >
      <div className="flex flex-col gap-3">
        <button type="button" className={`${primaryClass} w-full`} onClick={onContinue} data-testid="join-continue">
          {t('auth.continueAs')} {user.username}
        </button>
        <button type="button" className={`${secondaryClass} w-full`} onClick={onSignOut} data-testid="join-sign-out">
          {t('auth.signOut')}
        </button>
      </div>
    </Shell>
  );
}

function SetupScreen({ auth }: { auth: Auth }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (mayFocusField()) userInput.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const name = username.trim();
    const problem = newAccountProblem(name, password, confirm);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await auth.setUp(name, password);
    } catch (err) {
      setError(signInFailure(err).text);
      setBusy(false);
    }
  };

  return (
    <Shell
      title={t('auth.setupTitle')}
      testId="setup-screen"
      intro={
        <>
          <p>{t('auth.setupWelcome')}</p>
          <p className="mt-1">{t('auth.setupHint')}</p>
        </>
      }
    >
      <form className="space-y-4" onSubmit={submit} noValidate aria-label={t('auth.setupTitle')}>
        <Field
          label={t('auth.username')}
          name="username"
          autoComplete="username"
          inputRef={userInput}
          value={username}
          maxLength={64}
          hint={t('auth.usernameHint')}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="setup-username"
        />
        <Field
          label={t('auth.password')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          hint={t('auth.passwordHint', { count: PASSWORD_MIN })}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="setup-password"
        />
        <Field
          label={t('auth.confirmPassword')}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          data-testid="setup-confirm"
        />
        <LiveError text={error} testId="setup-error" />
        <button type="submit" className={`${primaryClass} w-full`} aria-disabled={busy} data-testid="setup-submit">
          {busy ? t('common.creating') : t('auth.createAdmin')}
        </button>
      </form>
      <RestoreFromBackup auth={auth} />
    </Shell>
  );
}

/** Setup's other way in: restore the instance from a backup, then sign in with one of its accounts. */
function RestoreFromBackup({ auth }: { auth: Auth }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-6 border-t border-zinc-200 pt-4 text-center text-sm dark:border-zinc-800">
      {open ? (
        <Suspense fallback={<p className="text-zinc-500">{t('common.loading')}</p>}>
          <div className="text-left">
            <RestoreForm onRestored={(notice) => void auth.restored(notice)} />
          </div>
        </Suspense>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">
          {t('auth.haveBackup')}{' '}
          <button type="button" className={linkClass} onClick={() => setOpen(true)} aria-expanded={open} data-testid="restore-open">
            {t('auth.restore')}
          </button>
        </p>
      )}
    </div>
  );
}
