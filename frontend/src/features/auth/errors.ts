// What the sign-in and setup screens say when the server refuses.
import { ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { t } from '../../i18n';

export interface SignInFailure {
  /** The sentence to show (the server's, for a person). */
  text: string;
  /** `too_many_attempts`: seconds until the next try is allowed (from Retry-After). */
  wait: number | null;
}

/** "30 seconds", "1 minute", "2 minutes 5 seconds". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  const mins = m ? t('time.minutes', { count: m }) : '';
  const secs = r || !m ? t('time.seconds', { count: r }) : '';
  return [mins, secs].filter(Boolean).join(' ');
}

export function signInFailure(err: unknown): SignInFailure {
  if (err instanceof ApiError) {
    // Too many wrong passwords (`too_many_attempts`), or sign-in requests from this device
    // (`rate_limited`): the sentence says how long; the form waits that long.
    if (err.status === 429) {
      const wait = err.retryAfter ?? null;
      return { text: errorText(err.code, err.message) || t('auth.tooManyAttempts'), wait: wait && wait > 0 ? wait : null };
    }
    return { text: errorText(err.code || 'bad_request', err.message), wait: null };
  }
  if (err instanceof TypeError) return { text: t('errors.network'), wait: null };
  return { text: err instanceof Error ? err.message : String(err), wait: null };
}
