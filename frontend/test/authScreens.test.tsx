import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import { AuthScreen } from '../src/features/auth/AuthScreens';
import type { Auth } from '../src/features/auth/useAuth';

function auth(over: Partial<Auth>): Auth {
  return {
    phase: 'signin',
    user: null,
    error: null,
    notice: null,
    registration: 'closed',
    invite: null,
    unconfirmed: false,
    retry: vi.fn(async () => {}),
    confirm: vi.fn(async () => {}),
    signIn: vi.fn(async () => {}),
    setUp: vi.fn(async () => {}),
    register: vi.fn(async () => {}),
    showRegister: vi.fn(),
    showSignIn: vi.fn(),
    signOut: vi.fn(async () => {}),
    signedOut: vi.fn(),
    refreshUser: vi.fn(async () => {}),
    restored: vi.fn(async () => {}),
    ...over,
  };
}

const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('sign-in screen', () => {
  it('says the server’s sentence in an alert and clears the password', async () => {
    const signIn = vi.fn(async () => {
      throw new ApiError(401, 'The username or the password is wrong.', 'bad_credentials');
    });
    render(<AuthScreen auth={auth({ signIn, notice: 'Your session has ended.' })} />);
    expect(screen.getByTestId('signin-notice').textContent).toBe('Your session has ended.');
    fill('Username', ' admin ');
    fill('Password', 'nope-nope');
    await act(async () => fireEvent.click(screen.getByTestId('signin-submit')));
    expect(signIn).toHaveBeenCalledWith('admin', 'nope-nope');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('The username or the password is wrong.');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('asks for both fields before sending', async () => {
    const signIn = vi.fn(async () => {});
    render(<AuthScreen auth={auth({ signIn })} />);
    await act(async () => fireEvent.click(screen.getByTestId('signin-submit')));
    expect(signIn).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/username/);
  });

  it('too many attempts: the button waits out Retry-After', async () => {
    vi.useFakeTimers();
    const signIn = vi.fn(async () => {
      throw new ApiError(429, 'Too many wrong passwords; try again in 3 seconds.', 'too_many_attempts', 3);
    });
    render(<AuthScreen auth={auth({ signIn })} />);
    fill('Username', 'admin');
    fill('Password', 'guess-1234');
    await act(async () => fireEvent.click(screen.getByTestId('signin-submit')));
    const button = screen.getByTestId('signin-submit');
    expect(screen.getByRole('alert').textContent).toMatch(/Too many wrong passwords/);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.textContent).toBe('Try again in 3 seconds');
    await act(async () => vi.advanceTimersByTime(1000));
    expect(button.textContent).toBe('Try again in 2 seconds');
    fill('Password', 'guess-5678');
    await act(async () => fireEvent.click(button));
    expect(signIn).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(2100));
    expect(button.textContent).toBe('Sign in');
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });
});

describe('setup screen', () => {
  it('explains the account, checks the confirmation, then creates it', async () => {
    const setUp = vi.fn(async () => {});
    render(<AuthScreen auth={auth({ phase: 'setup', setUp })} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Create the admin account');
    expect(screen.getByTestId('setup-screen').textContent).toMatch(/own the conversations already on this server/);
    fill('Username', 'admin');
    fill('Password', 'password-1');
    fill('Confirm password', 'password-2');
    await act(async () => fireEvent.click(screen.getByTestId('setup-submit')));
    expect(setUp).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/do not match/);
    fill('Confirm password', 'password-1');
    await act(async () => fireEvent.click(screen.getByTestId('setup-submit')));
    expect(setUp).toHaveBeenCalledWith('admin', 'password-1');
  });

  it('shows the server’s sentence when it refuses', async () => {
    const setUp = vi.fn(async () => {
      throw new ApiError(400, 'Choose a password of at least 8 characters.', 'bad_request');
    });
    render(<AuthScreen auth={auth({ phase: 'setup', setUp })} />);
    fill('Username', 'admin');
    fill('Password', 'password-1');
    fill('Confirm password', 'password-1');
    await act(async () => fireEvent.click(screen.getByTestId('setup-submit')));
    expect(screen.getByRole('alert').textContent).toBe('Choose a password of at least 8 characters.');
  });
});

describe('create-account and join screens', () => {
  it('sign-in offers “Create an account” only when registration is open', () => {
    const showRegister = vi.fn();
    const { unmount } = render(<AuthScreen auth={auth({ registration: 'invite' })} />);
    expect(screen.queryByTestId('show-register')).toBeNull();
    unmount();
    render(<AuthScreen auth={auth({ registration: 'open', showRegister })} />);
    fireEvent.click(screen.getByTestId('show-register'));
    expect(showRegister).toHaveBeenCalled();
  });

  it('an invite: “Join this Nexus”, checks the confirmation, then registers', async () => {
    const register = vi.fn(async () => {});
    render(<AuthScreen auth={auth({ phase: 'register', invite: 'tok', register })} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Join this Nexus');
    fill('Username', 'carol');
    fill('Password', 'password-1');
    fill('Confirm password', 'password-2');
    await act(async () => fireEvent.click(screen.getByTestId('register-submit')));
    expect(register).not.toHaveBeenCalled();
    expect(screen.getByTestId('register-error').textContent).toMatch(/do not match/);
    fill('Confirm password', 'password-1');
    await act(async () => fireEvent.click(screen.getByTestId('register-submit')));
    expect(register).toHaveBeenCalledWith('carol', 'password-1');
  });

  it('says the server’s sentence when the invite is refused, with its code', async () => {
    const register = vi.fn(async () => {
      throw new ApiError(403, 'This invite link is not valid: it was used or has expired.', 'invalid_invite');
    });
    render(<AuthScreen auth={auth({ phase: 'register', invite: 'tok', register })} />);
    fill('Username', 'carol');
    fill('Password', 'password-1');
    fill('Confirm password', 'password-1');
    await act(async () => fireEvent.click(screen.getByTestId('register-submit')));
    const error = screen.getByTestId('register-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('This invite link is not valid: it was used or has expired.');
    expect(screen.getByTestId('register-error-box').dataset.code).toBe('invalid_invite');
  });

  it('open registration: “Create an account”, and back to signing in', () => {
    const showSignIn = vi.fn();
    render(<AuthScreen auth={auth({ phase: 'register', invite: null, showSignIn })} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Create an account');
    fireEvent.click(screen.getByTestId('show-signin'));
    expect(showSignIn).toHaveBeenCalled();
  });
});
