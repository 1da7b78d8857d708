import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { Connection, ConnectionKind, ConnectionList, Settings } from '../src/api/types';
import { ProvidersSection } from '../src/features/providers/ProvidersSection';
import type { ModelsState } from '../src/hooks/useModels';
import type { SettingsState } from '../src/hooks/useSettings';

const kinds: ConnectionKind[] = [
  { kind: 'openrouter', label: 'OpenRouter', base_url: 'https://openrouter.ai/api/v1', protocol: 'openai', needs_key: true },
  { kind: 'anthropic', label: 'Anthropic', base_url: 'https://api.anthropic.com/v1', protocol: 'anthropic', needs_key: true },
  { kind: 'compatible', label: 'OpenAI-compatible (Ollama, LM Studio, llama.cpp, vLLM)', base_url: null, protocol: 'openai', needs_key: false },
];

const connection = (patch: Partial<Connection>): Connection => ({
  id: 'c1',
  kind: 'anthropic',
  name: 'Claude',
  base_url: 'https://api.anthropic.com/v1',
  scope: 'household',
  enabled: true,
  key: { configured: true, hint: '…a1b2' },
  editable: true,
  created_at: '2026-11-27T18:00:00.000Z',
  ...patch,
});

const server = connection({ id: 'default', kind: 'openrouter', name: 'OpenRouter', base_url: 'https://openrouter.ai/api/v1', scope: 'server' });

const list = (patch: Partial<ConnectionList> = {}): ConnectionList => ({
  connections: [server, connection({})],
  allow_member_connections: false,
  can_add: true,
  kinds,
  allowed_hosts: ['https://openrouter.ai', 'http://localhost:11434'],
  ...patch,
});

const settings: Settings = {
  default_model: 'openai/gpt-4o-mini',
  title_model: '',
  theme: 'dark',
  openrouter_base_url: 'https://openrouter.ai/api/v1',
  openrouter_base_url_source: 'default',
  api_key: { configured: true, source: 'settings', hint: '…0000' },
  allow_member_connections: false,
  provider_protocol: 'openai',
  moderation: false,
};

function setup({ admin = true, answer = list() }: { admin?: boolean; answer?: ConnectionList } = {}) {
  vi.spyOn(api, 'listConnections').mockResolvedValue(answer);
  const load = vi.fn(async () => {});
  const models = { models: [], connections: [], status: 'ready', error: null, warning: null, load, invalidate: vi.fn() } as unknown as ModelsState;
  const update = vi.fn(async () => settings);
  const state = { settings, prompts: [], error: null, refresh: vi.fn(), update } as unknown as SettingsState;
  const ui = render(<ProvidersSection settings={state} models={models} isAdmin={admin} />);
  return { ui, load, update };
}

const rows = () => screen.getAllByTestId('connection-item');

beforeEach(() => {
  vi.spyOn(api, 'testConnection').mockResolvedValue({ ok: true, models: 312, sample: [] });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Providers', () => {
  it('lists the server connection first (its key fields for an admin), then the others with their scope and key hint', async () => {
    setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [first, second] = rows();
    expect(first.dataset.id).toBe('default');
    expect(within(first).getByText(/Server connection/)).toBeTruthy();
    expect(within(first).getByTestId('api-key-input').getAttribute('type')).toBe('password');
    expect(within(first).getByTestId('connection-scope').textContent).toBe('Server');
    expect(within(second).getByTestId('connection-name').textContent).toBe('Claude');
    expect(within(second).getByTestId('connection-scope').textContent).toBe('Household');
    expect(within(second).getByTestId('connection-key').textContent).toBe('key …a1b2');
    expect(within(second).getByText(/Anthropic/)).toBeTruthy();
  });

  it('has controls only on rows the user may edit', async () => {
    setup({ answer: list({ connections: [server, connection({ editable: false, key: { configured: true } })] }) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[1]).queryByTestId('connection-enabled')).toBeNull();
    expect(within(rows()[1]).queryByTestId('connection-delete')).toBeNull();
    expect(within(rows()[1]).getByTestId('connection-key').textContent).toBe('key set');
  });

  it('a member who may not add sees the list and who manages it', async () => {
    setup({ admin: false, answer: list({ can_add: false, connections: [{ ...server, editable: false }] }) });
    await screen.findByTestId('providers-admin-managed');
    expect(screen.queryByTestId('connection-add')).toBeNull();
    expect(screen.queryByTestId('allow-member-connections')).toBeNull();
    expect(screen.getByTestId('api-key-admin-only')).toBeTruthy();
  });

  it('admins let members add their own', async () => {
    const { update } = setup();
    const box = (await screen.findByTestId('allow-member-connections')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await act(async () => fireEvent.click(box));
    expect(update).toHaveBeenCalledWith({ allow_member_connections: true });
    expect(((await screen.findByTestId('allow-member-connections')) as HTMLInputElement).checked).toBe(true);
  });

  it('switching a connection off saves it and refreshes the model lists', async () => {
    const patch = vi.spyOn(api, 'updateConnection').mockResolvedValue(connection({ enabled: false }));
    const { load } = setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await act(async () => fireEvent.click(within(rows()[1]).getByTestId('connection-enabled')));
    expect(patch).toHaveBeenCalledWith('c1', { enabled: false });
    expect(load).toHaveBeenCalledWith(true);
    expect(rows()[1].dataset.enabled).toBe('false');
  });

  it('a saved connection’s Test says how many models it found', async () => {
    setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await act(async () => fireEvent.click(within(rows()[1]).getByTestId('connection-test')));
    expect(api.testConnection).toHaveBeenCalledWith('c1');
    expect(within(rows()[1]).getByTestId('connection-test-result').textContent).toBe('Connected: 312 models');
  });

  it('a new key is write-only and PATCHed', async () => {
    const patch = vi.spyOn(api, 'updateConnection').mockResolvedValue(connection({ key: { configured: true, hint: '…9999' } }));
    setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(within(rows()[1]).getByTestId('connection-change-key'));
    const field = within(rows()[1]).getByTestId('connection-key-input') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: 'sk-ant-new' } });
    await act(async () => fireEvent.click(within(rows()[1]).getByTestId('connection-key-save')));
    expect(patch).toHaveBeenCalledWith('c1', { api_key: 'sk-ant-new' });
    expect(within(rows()[1]).queryByTestId('connection-key-input')).toBeNull();
    expect(within(rows()[1]).getByTestId('connection-key').textContent).toBe('key …9999');
  });

  it('delete asks first, then removes the row and refreshes the model lists', async () => {
    const del = vi.spyOn(api, 'deleteConnection').mockResolvedValue(undefined);
    const { load } = setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(within(rows()[1]).getByTestId('connection-delete'));
    expect(del).not.toHaveBeenCalled();
    const confirm = within(rows()[1]).getByTestId('connection-delete-confirm');
    await act(async () => fireEvent.click(within(confirm).getByText('Yes, delete')));
    expect(del).toHaveBeenCalledWith('c1');
    expect(rows()).toHaveLength(1);
    expect(load).toHaveBeenCalledWith(true);
  });

  describe('adding a connection', () => {
    const open = async () => {
      fireEvent.click(await screen.findByTestId('connection-add'));
      return screen.getByTestId('connection-form');
    };

    it('a hosted kind: base URL prefilled under Advanced, key required; a compatible server: base URL shown, key optional', async () => {
      setup();
      const form = await open();
      const kind = within(form).getByTestId('connection-form-kind') as HTMLSelectElement;
      expect([...kind.options].map((o) => o.textContent)).toEqual(kinds.map((k) => k.label));
      const url = within(form).getByTestId('connection-form-base-url') as HTMLInputElement;
      expect(url.value).toBe('https://openrouter.ai/api/v1');
      expect(url.closest('details')).not.toBeNull();
      expect(within(form).getByLabelText('API key').getAttribute('aria-required')).toBe('true');
      expect(within(form).getByTestId('connection-form-scope')).toBeTruthy();

      fireEvent.change(kind, { target: { value: 'compatible' } });
      const url2 = within(form).getByTestId('connection-form-base-url') as HTMLInputElement;
      expect(url2.value).toBe('');
      expect(url2.closest('details')).toBeNull();
      expect(url2.getAttribute('aria-required')).toBe('true');
      const key = within(form).getByTestId('connection-form-key');
      expect(key.getAttribute('aria-required')).toBe('false');
      expect(within(form).getByText(/API key/, { selector: 'label' }).textContent).toMatch(/optional/);
      expect(within(form).getByText(/http:\/\/localhost:11434/)).toBeTruthy();
    });

    it('members do not choose a scope', async () => {
      setup({ admin: false, answer: list({ can_add: true }) });
      const form = await open();
      expect(within(form).queryByTestId('connection-form-scope')).toBeNull();
    });

    it('says what is missing before asking the server', async () => {
      const create = vi.spyOn(api, 'createConnection');
      setup();
      const form = await open();
      await act(async () => fireEvent.click(within(form).getByTestId('connection-form-save')));
      expect(create).not.toHaveBeenCalled();
      expect(screen.getByTestId('connection-form-error').textContent).toBe('Enter the API key: OpenRouter needs one.');
    });

    it('Test sends the draft and says what it found', async () => {
      const test = vi.spyOn(api, 'testDraftConnection').mockResolvedValue({ ok: false, error: 'The model provider rejected the API key (401).' });
      setup();
      const form = await open();
      fireEvent.change(within(form).getByTestId('connection-form-kind'), { target: { value: 'anthropic' } });
      fireEvent.change(within(form).getByTestId('connection-form-key'), { target: { value: 'sk-ant' } });
      await act(async () => fireEvent.click(within(form).getByTestId('connection-form-test')));
      expect(test).toHaveBeenCalledWith({ kind: 'anthropic', api_key: 'sk-ant', scope: 'household' });
      expect(screen.getByTestId('connection-form-test-result').textContent).toBe('The model provider rejected the API key (401).');
    });

    it('shows the server’s sentence in full when it refuses (host not allowed)', async () => {
      const sentence = 'Set SPIN_VARIABLE_LOCAL_ALLOWED_HOST=http://192.168.1.20:11434 in .env and restart Nexus.';
      vi.spyOn(api, 'createConnection').mockRejectedValue(new ApiError(400, sentence, 'host_not_allowed', undefined, { variable: 'local_allowed_host', host: 'http://192.168.1.20:11434' }));
      setup();
      const form = await open();
      fireEvent.change(within(form).getByTestId('connection-form-kind'), { target: { value: 'compatible' } });
      fireEvent.change(within(form).getByTestId('connection-form-base-url'), { target: { value: 'http://192.168.1.20:11434/v1' } });
      await act(async () => fireEvent.click(within(form).getByTestId('connection-form-save')));
      expect(screen.getByTestId('connection-form-error').textContent).toBe(sentence);
      expect(screen.getByTestId('connection-form')).toBeTruthy();
    });

    it('saves, closes the form, lists the connection and refreshes the model lists', async () => {
      const added = connection({ id: 'c2', kind: 'compatible', name: 'Ollama', base_url: 'http://localhost:11434/v1', scope: 'personal', key: { configured: false } });
      const create = vi.spyOn(api, 'createConnection').mockResolvedValue(added);
      const { load } = setup();
      const form = await open();
      fireEvent.change(within(form).getByTestId('connection-form-kind'), { target: { value: 'compatible' } });
      fireEvent.change(within(form).getByTestId('connection-form-name'), { target: { value: 'Ollama' } });
      fireEvent.change(within(form).getByTestId('connection-form-base-url'), { target: { value: 'http://localhost:11434/v1' } });
      fireEvent.change(within(form).getByTestId('connection-form-scope'), { target: { value: 'personal' } });
      vi.mocked(api.listConnections).mockResolvedValue(list({ connections: [server, connection({}), added] }));
      await act(async () => fireEvent.click(within(form).getByTestId('connection-form-save')));
      expect(create).toHaveBeenCalledWith({ kind: 'compatible', name: 'Ollama', base_url: 'http://localhost:11434/v1', scope: 'personal' });
      expect(screen.queryByTestId('connection-form')).toBeNull();
      expect(screen.getByTestId('providers-status').textContent).toMatch(/Added Ollama/);
      await waitFor(() => expect(rows()).toHaveLength(3));
      expect(within(rows()[2]).getByTestId('connection-key').textContent).toBe('no key');
      expect(within(rows()[2]).getByTestId('connection-scope').textContent).toBe('Just me');
      expect(load).toHaveBeenCalledWith(true);
    });
  });
});
