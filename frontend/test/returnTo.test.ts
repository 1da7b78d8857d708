import { beforeEach, describe, expect, it } from 'vitest';
import { currentPlace, isAppPath, rememberPlace, RETURN_KEY, takePlace } from '../src/features/auth/returnTo';

function memory() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('return to where the user was after signing in', () => {
  let store: ReturnType<typeof memory>;
  beforeEach(() => {
    store = memory();
  });

  it('reads the path, query and hash the app is at', () => {
    expect(currentPlace({ pathname: '/c/abc', search: '?x=1', hash: '#m2' })).toBe('/c/abc?x=1#m2');
  });

  it('gives the place back once, to the same user (any case)', () => {
    rememberPlace(store, '/c/abc', 'Alice');
    expect(takePlace(store, 'alice')).toBe('/c/abc');
    expect(takePlace(store, 'alice')).toBeNull();
  });

  it('does not take another user to the place (their chats differ), and forgets it', () => {
    rememberPlace(store, '/c/abc', 'alice');
    expect(takePlace(store, 'bob')).toBeNull();
    expect(store.m.has(RETURN_KEY)).toBe(false);
  });

  it('takes anyone to a place where nobody was signed in (a link opened while signed out)', () => {
    rememberPlace(store, '/c/xyz', null);
    expect(takePlace(store, 'bob')).toBe('/c/xyz');
  });

  it('a bare / does not replace a place already kept (reloading the sign-in screen)', () => {
    rememberPlace(store, '/c/abc', 'alice');
    rememberPlace(store, '/', 'alice');
    expect(takePlace(store, 'alice')).toBe('/c/abc');
    rememberPlace(store, '/', 'alice');
    expect(takePlace(store, 'alice')).toBe('/');
  });

  it('a newer place replaces an older one', () => {
    rememberPlace(store, '/c/a', 'alice');
    rememberPlace(store, '/c/b', 'alice');
    expect(takePlace(store, 'alice')).toBe('/c/b');
  });

  it('keeps only paths of this app on this origin', () => {
    expect(isAppPath('/')).toBe(true);
    expect(isAppPath('/c/1?x#y')).toBe(true);
    expect(isAppPath('//evil.example/')).toBe(false);
    expect(isAppPath('/\\evil.example')).toBe(false);
    expect(isAppPath('https://evil.example/')).toBe(false);
    expect(isAppPath('/api/auth/logout')).toBe(false);
    expect(isAppPath('/api')).toBe(false);
    expect(isAppPath('/apiary')).toBe(true);
    expect(isAppPath(42)).toBe(false);
    rememberPlace(store, '//evil.example/', null);
    expect(takePlace(store, 'a')).toBeNull();
  });

  it('ignores a tampered or unreadable entry', () => {
    store.setItem(RETURN_KEY, '{not json');
    expect(takePlace(store, 'a')).toBeNull();
    store.setItem(RETURN_KEY, JSON.stringify({ path: 'javascript:alert(1)', username: null }));
    expect(takePlace(store, 'a')).toBeNull();
  });
});
