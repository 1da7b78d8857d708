// The account rules the server enforces, checked before sending so the form can say what
// is wrong at once (the server's sentence is shown for anything else).
import { t } from '../../i18n';

export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX_BYTES = 1024;

/** What is wrong with a new username, or null. 1–32 letters, digits, `.`, `_`, `-`. */
export function usernameProblem(name: string): string | null {
  if (!name) return t('auth.enterUsernameFull');
  if (name.length > USERNAME_MAX) return t('auth.usernameTooLong', { count: USERNAME_MAX });
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return t('auth.usernameChars');
  return null;
}

/** What is wrong with a new password, or null: at least 8 characters, at most 1024 bytes. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < PASSWORD_MIN) return t('auth.passwordTooShort', { count: PASSWORD_MIN });
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return t('auth.passwordTooLong');
  return null;
}

/** The first problem with a new username/password pair (and its confirmation), or null. */
export function newAccountProblem(username: string, password: string, confirm?: string): string | null {
  return (
    usernameProblem(username) ??
    passwordProblem(password) ??
    (confirm !== undefined && confirm !== password ? t('auth.passwordMismatch') : null)
  );
}
