import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { formatWait, signInFailure } from '../src/features/auth/errors';
import { newAccountProblem, passwordProblem, usernameProblem } from '../src/features/auth/validate';

describe('account rules', () => {
  it('usernames: 1–32 letters, digits, . _ -', () => {
    expect(usernameProblem('bob')).toBeNull();
    expect(usernameProblem('A.b_c-9')).toBeNull();
    expect(usernameProblem('x'.repeat(32))).toBeNull();
    expect(usernameProblem('')).toMatch(/Enter/);
    expect(usernameProblem('x'.repeat(33))).toMatch(/32/);
    expect(usernameProblem('bob smith')).toMatch(/only/);
    expect(usernameProblem('bøb')).toMatch(/only/);
  });

  it('passwords: at least 8 characters, at most 1024 bytes', () => {
    expect(passwordProblem('12345678')).toBeNull();
    expect(passwordProblem('1234567')).toMatch(/8/);
    expect(passwordProblem('😀😀😀😀😀😀😀😀')).toBeNull(); // characters, not UTF-16 units
    expect(passwordProblem('x'.repeat(1024))).toBeNull();
    expect(passwordProblem('é'.repeat(513))).toMatch(/too long/); // 1026 bytes
  });

  it('a new account: first problem, confirmation included', () => {
    expect(newAccountProblem('admin', 'password1', 'password1')).toBeNull();
    expect(newAccountProblem('admin', 'password1', 'password2')).toMatch(/match/);
    expect(newAccountProblem('', 'short', 'x')).toMatch(/username/);
    expect(newAccountProblem('admin', 'password1')).toBeNull();
  });
});

describe('sign-in failures', () => {
  it('shows the server sentence', () => {
    expect(signInFailure(new ApiError(401, 'Wrong username or password.', 'bad_credentials'))).toEqual({
      text: 'Wrong username or password.',
      wait: null,
    });
    expect(signInFailure(new ApiError(403, 'This account is disabled.', 'account_disabled')).text).toBe('This account is disabled.');
  });

  it('too many attempts: the wait from Retry-After', () => {
    expect(signInFailure(new ApiError(429, 'Too many failed sign-ins.', 'too_many_attempts', 42))).toEqual({
      text: 'Too many failed sign-ins.',
      wait: 42,
    });
    expect(signInFailure(new ApiError(429, 'Too many.', 'too_many_attempts')).wait).toBeNull();
    expect(signInFailure(new ApiError(429, 'Too many sign-in requests.', 'rate_limited', 300)).wait).toBe(300);
  });

  it('a network failure reads as one', () => {
    expect(signInFailure(new TypeError('Failed to fetch')).text).toMatch(/cannot be reached/);
  });

  it('formats waits', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(42)).toBe('42 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(125)).toBe('2 minutes 5 seconds');
    expect(formatWait(0)).toBe('0 seconds');
  });
});
