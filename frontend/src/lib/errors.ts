// The sentence to show for a failure. The server sends an English sentence and a
// machine-readable `code`; in English the UI shows the server's sentence (the most precise),
// in another language the catalogue's sentence for the code (`errors.<code>`), with the
// server's detail kept for the generic codes whose sentence is all the detail there is.
import { ApiError } from '../api/client';
import { currentLang, hasKey, t } from '../i18n';

/** Codes whose sentence carries the specific detail (which field, which value): keep it. */
export const DETAIL_CODES = new Set(['bad_request', 'invalid_params', 'invalid_query', 'invalid_import', 'invalid_backup', 'invalid_tag', 'conflict', 'refused', 'provider_error', 'model_not_allowed', 'invalid_base_url', 'host_not_allowed', 'bad_gateway']);

/** The text for an error `code` with the server's `message` (either may be missing). */
export function errorText(code: string | null | undefined, message: string | null | undefined, details?: Readonly<Record<string, string>>): string {
  const key = code ? `errors.${code}` : '';
  if (currentLang() === 'en' && message) return message;
  if (!key || !hasKey(key)) return message || t('errors.unknown');
  const text = t(key, details);
  return message && DETAIL_CODES.has(code!) ? t('errors.withDetail', { text, detail: message }) : text;
}

/** The sentence to show for a failed call: an `ApiError`'s (translated) sentence, or the error's text. */
export const messageOf = (err: unknown) =>
  err instanceof ApiError ? errorText(err.code, err.message, err.details) : err instanceof TypeError ? t('errors.network') : err instanceof Error ? err.message : String(err);
