import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../src/components/Composer';
import { AuthScreen } from '../src/features/auth/AuthScreens';
import type { Auth } from '../src/features/auth/useAuth';
import { resetTemplates } from '../src/features/templates/useTemplates';

const templates = [
  { id: 'h1', name: 'Summarize', content: 'Summarize in {{ length }}: {{text}} ({{length}})', scope: 'household', variables: ['length', 'text'], editable: false, updated_at: '' },
  { id: 'p1', name: 'Polite', content: 'Please be polite.', scope: 'personal', variables: [], editable: true, updated_at: '' },
];

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  resetTemplates();
  // jsdom: run the caret move at once.
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => (f(0), 0));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function composer() {
  const onSend = vi.fn(() => true);
  render(<Composer status="idle" onSend={onSend} onStop={() => {}} />);
  return { input: screen.getByTestId('composer-input') as HTMLTextAreaElement, onSend };
}

describe('the composer’s / menu', () => {
  it('lists matching templates, moves with ↑/↓, Escape closes it', async () => {
    const fetch = vi.fn(async () => json({ templates }));
    vi.stubGlobal('fetch', fetch);
    const { input } = composer();
    fireEvent.change(input, { target: { value: '/' } });
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.dataset.name)).toEqual(['Summarize', 'Polite']);
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0].id);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1].id);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0].id);
    fireEvent.change(input, { target: { value: '/pol' } });
    expect(screen.getAllByRole('option').map((o) => o.dataset.name)).toEqual(['Polite']);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.value).toBe('/pol');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a template without variables goes in at once; Enter chooses and does not send', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ templates })));
    const { input, onSend } = composer();
    fireEvent.change(input, { target: { value: '/pol' } });
    await screen.findByRole('listbox');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('Please be polite.');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('a template with variables asks for each once, then fills every occurrence', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ templates })));
    const { input, onSend } = composer();
    fireEvent.change(input, { target: { value: '/sum' } });
    fireEvent.click(await screen.findByRole('option', { name: /Summarize/ }));
    const dialog = await screen.findByTestId('template-fill');
    const fields = screen.getAllByTestId('template-variable');
    expect(fields.map((f) => f.dataset.name)).toEqual(['length', 'text']);
    expect(screen.getByLabelText('length')).toBe(fields[0]);
    fireEvent.change(fields[0], { target: { value: 'two lines' } });
    fireEvent.change(fields[1], { target: { value: 'the news' } });
    await act(async () => fireEvent.click(screen.getByTestId('template-insert')));
    expect(dialog.isConnected).toBe(false);
    expect(input.value).toBe('Summarize in two lines: the news (two lines)');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('shows nothing when the list cannot be loaded or nothing matches', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ error: 'Not built yet.', code: 'not_found' }, 404)));
    const { input } = composer();
    fireEvent.change(input, { target: { value: '/x' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
  });
});

function auth(over: Partial<Auth>): Auth {
  const noop = vi.fn(async () => {});
  return {
    phase: 'setup', user: null, error: null, notice: null, registration: 'closed', invite: null,
    retry: noop, signIn: noop, setUp: noop, register: noop, showRegister: vi.fn(), showSignIn: vi.fn(), signOut: noop,
    signedOut: vi.fn(), refreshUser: noop, restored: vi.fn(async () => {}),
    ...over,
  } as Auth;
}

describe('restore from a backup (first-run setup)', () => {
  it('sends the file as it is, then goes to sign-in saying what came back', async () => {
    const fetch = vi.fn(async (_path: string, _init: RequestInit) => json({ restored: { users: 2, conversations: 3, messages: 9 } }));
    vi.stubGlobal('fetch', fetch);
    const a = auth({});
    render(<AuthScreen auth={a} />);
    fireEvent.click(screen.getByTestId('restore-open'));
    const input = (await screen.findByTestId('restore-file')) as HTMLInputElement;
    const file = new File(['{"backup":true}'], 'nexus-backup.json', { type: 'application/json' });
    await act(async () => fireEvent.change(input, { target: { files: [file] } }));
    await waitFor(() => expect(a.restored).toHaveBeenCalled());
    const [path, init] = fetch.mock.calls[0];
    expect(path).toBe('/api/restore');
    expect(init.method).toBe('POST');
    // The File itself (streamed by the browser), never read into a string first.
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(vi.mocked(a.restored).mock.calls[0][0]).toBe('Restored 2 users, 3 conversations and 9 messages (3 tables, 14 rows). Sign in with an account from the backup.');
  });

  it('says the server’s sentence when it refuses', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ error: 'This instance has accounts already.', code: 'not_empty' }, 409)));
    const a = auth({});
    render(<AuthScreen auth={a} />);
    fireEvent.click(screen.getByTestId('restore-open'));
    const input = (await screen.findByTestId('restore-file')) as HTMLInputElement;
    await act(async () => fireEvent.change(input, { target: { files: [new File(['{}'], 'b.json')] } }));
    await waitFor(() => expect(screen.getByTestId('restore-error').textContent).toBe('This instance has accounts already.'));
    expect(a.restored).not.toHaveBeenCalled();
  });
});
