// Invite links: `/join/<token>` (the server answers the path; the page reads the token),
// the full link an admin copies, and an invite's state in words. Pure.
import type { Invite } from '../../api/types';
import { t } from '../../i18n';

/** The invite token of a `/join/<token>` path, or null. */
export function joinTokenOf(pathname: string): string | null {
  const m = /^\/join\/([^/?#]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    const token = decodeURIComponent(m[1]);
    return token.trim() ? token : null;
  } catch {
    return null;
  }
}

/** The link to give: this page's origin and the server's `/join/<token>` path. */
export function inviteLink(origin: string, path: string): string {
  const base = origin.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

export type InviteState = 'active' | 'used' | 'expired';

export function inviteState(invite: Invite, now = Date.now()): InviteState {
  if (invite.used_at) return 'used';
  const t = Date.parse(invite.expires_at);
  return !Number.isNaN(t) && t <= now ? 'expired' : 'active';
}

/** "in 3 days", "in 5 hours", "in 12 min", "in under a minute". */
export function timeUntil(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const s = Math.max(0, Math.round((time - now) / 1000));
  if (s < 60) return t('time.inUnderMinute');
  const m = Math.round(s / 60);
  if (m < 60) return t('time.inMin', { count: m });
  const h = Math.round(m / 60);
  if (h < 48) return t('time.inHours', { count: h });
  const d = Math.round(h / 24);
  return t('time.inDays', { count: d });
}

/** "Used by bob", "Expired", "Expires in 3 days". */
export function describeInvite(invite: Invite, now = Date.now()): string {
  switch (inviteState(invite, now)) {
    case 'used':
      return invite.used_by ? t('signup.usedBy', { name: invite.used_by }) : t('signup.usedState');
    case 'expired':
      return t('share.expired');
    default:
      return t('signup.expiresIn', { when: timeUntil(invite.expires_at, now) });
  }
}

/** Choices for a new invite's lifetime, in hours (the server's default is 72, its maximum 720). */
export const INVITE_EXPIRY: { hours: number; label: string }[] = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];
