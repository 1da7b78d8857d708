// Share links: `/s/<token>` (the page that shows a shared conversation), the full link to
// copy, a link's expiry in words, and the form's "expires after N days". Pure.
import type { Share } from '../../api/types';
import { formatDate, t } from '../../i18n';

/** The token of a `/s/<token>` path, or null. */
export function shareTokenOf(pathname: string): string | null {
  const m = /^\/s\/([^/?#]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    const token = decodeURIComponent(m[1]).trim();
    return token || null;
  } catch {
    return null;
  }
}

/** The link to give: this page's origin and the server's `/s/<token>` path. */
export function shareLink(origin: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${origin.replace(/\/+$/, '')}${url.startsWith('/') ? url : `/${url}`}`;
}

/** Whether the link has expired by `now`. */
export function shareExpired(share: Pick<Share, 'expires_at'>, now = Date.now()): boolean {
  if (!share.expires_at) return false;
  const t = Date.parse(share.expires_at);
  return !Number.isNaN(t) && t <= now;
}

/** "Never expires", "Expired", "Expires on 3 Apr 2025". */
export function describeExpiry(share: Pick<Share, 'expires_at'>, now = Date.now()): string {
  if (!share.expires_at) return t('share.neverExpires');
  if (shareExpired(share, now)) return t('share.expired');
  const d = new Date(share.expires_at);
  if (Number.isNaN(d.getTime())) return '';
  return t('share.expiresOn', { date: formatDate(d, { day: 'numeric', month: 'short', year: 'numeric' }) });
}

/** The form's "expires after" field: '' = never; else a whole number of days, 1–365. */
export function parseExpiryDays(input: string): { days: number | null; problem: string | null } {
  const v = input.trim();
  if (!v) return { days: null, problem: null };
  if (!/^\d+$/.test(v)) return { days: null, problem: t('share.expiryNotNumber') };
  const n = Number(v);
  if (n < 1 || n > 365) return { days: null, problem: t('share.expiryRange') };
  return { days: n, problem: null };
}
