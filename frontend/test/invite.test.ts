import { describe, expect, it } from 'vitest';
import type { Invite } from '../src/api/types';
import { describeInvite, inviteLink, inviteState, joinTokenOf, timeUntil } from '../src/features/auth/invite';

const now = Date.parse('2025-03-10T12:00:00Z');
const invite = (over: Partial<Invite> = {}): Invite => ({
  id: 'i1',
  created_at: '2025-03-10T11:00:00Z',
  expires_at: '2025-03-13T12:00:00Z',
  used_at: null,
  used_by: null,
  created_by: 'admin',
  ...over,
});

describe('invite links', () => {
  it('builds the full link from the origin and the server’s path', () => {
    expect(inviteLink('http://nexus.lan:3000', '/join/abc123')).toBe('http://nexus.lan:3000/join/abc123');
    expect(inviteLink('https://chat.example/', '/join/abc')).toBe('https://chat.example/join/abc');
    expect(inviteLink('https://chat.example', 'join/abc')).toBe('https://chat.example/join/abc');
  });

  it('reads the token of a /join path', () => {
    expect(joinTokenOf('/join/abc123')).toBe('abc123');
    expect(joinTokenOf('/join/abc123/')).toBe('abc123');
    expect(joinTokenOf('/join/a%2Bb')).toBe('a+b');
    expect(joinTokenOf('/join/')).toBeNull();
    expect(joinTokenOf('/join')).toBeNull();
    expect(joinTokenOf('/join/a/b')).toBeNull();
    expect(joinTokenOf('/c/abc')).toBeNull();
    expect(joinTokenOf('/join/%E0%A4%A')).toBeNull(); // not decodable
  });

  it('an invite’s state and how it reads', () => {
    expect(inviteState(invite(), now)).toBe('active');
    expect(describeInvite(invite(), now)).toBe('Expires in 3 days');
    expect(describeInvite(invite({ expires_at: '2025-03-10T17:00:00Z' }), now)).toBe('Expires in 5 hours');
    expect(inviteState(invite({ expires_at: '2025-03-10T11:59:00Z' }), now)).toBe('expired');
    expect(describeInvite(invite({ expires_at: '2025-03-10T11:59:00Z' }), now)).toBe('Expired');
    const used = invite({ used_at: '2025-03-10T11:30:00Z', used_by: 'carol' });
    expect(inviteState(used, now)).toBe('used');
    expect(describeInvite(used, now)).toBe('Used by carol');
    expect(describeInvite({ ...used, used_by: null }, now)).toBe('Used');
  });

  it('time until', () => {
    expect(timeUntil('2025-03-10T12:00:30Z', now)).toBe('in under a minute');
    expect(timeUntil('2025-03-10T12:12:00Z', now)).toBe('in 12 min');
    expect(timeUntil('2025-03-10T13:00:00Z', now)).toBe('in 1 hour');
    expect(timeUntil('2025-04-09T12:00:00Z', now)).toBe('in 30 days');
  });
});
