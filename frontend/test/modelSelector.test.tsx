import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Model } from '../src/api/types';
import { ModelSelector } from '../src/components/ModelSelector';
import type { ModelsState } from '../src/hooks/useModels';

const model = (id: string, connection_id: string, connection_name: string, extra: Partial<Model> = {}): Model => ({
  id,
  name: id,
  provider: id.includes('/') ? id.split('/')[0] : 'anthropic',
  context_length: 128_000,
  prompt_price_per_mtok: 0.15,
  completion_price_per_mtok: 0.6,
  images: false,
  connection_id,
  connection_name,
  connection_kind: connection_id === 'default' ? 'openrouter' : 'anthropic',
  ...extra,
});

const models = (extra: Partial<ModelsState> = {}) =>
  ({
    models: [
      model('openai/gpt-4o-mini', 'default', 'OpenRouter'),
      model('claude-sonnet-4-5', 'c-claude', 'Claude', { context_length: 200_000, prompt_price_per_mtok: 3, completion_price_per_mtok: 15 }),
      model('openai/gpt-4o-mini', 'c-openai', 'OpenAI'),
    ],
    connections: [
      { id: 'default', name: 'OpenRouter', kind: 'openrouter', count: 1, fetched_at: 0, cached: true },
      { id: 'c-claude', name: 'Claude', kind: 'anthropic', count: 1, fetched_at: 0, cached: true },
      { id: 'c-openai', name: 'OpenAI', kind: 'openai', count: 1, fetched_at: 0, cached: true, warning: 'The list is an hour old.' },
    ],
    status: 'ready',
    error: null,
    warning: null,
    load: vi.fn(async () => {}),
    invalidate: vi.fn(),
    ...extra,
  }) as unknown as ModelsState;

afterEach(cleanup);

describe('ModelSelector', () => {
  it('groups every connection’s models by connection, with context, prices and warnings', () => {
    render(<ModelSelector value="openai/gpt-4o-mini" connectionId={null} models={models()} onChange={() => {}} />);
    fireEvent.click(screen.getByTestId('model-selector-button'));
    const groups = screen.getAllByTestId('model-connection-group');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['OpenRouter', 'Claude', 'OpenAI']);
    const claude = within(groups[1]).getByRole('option');
    expect(claude.textContent).toMatch(/200K ctx/);
    expect(claude.textContent).toMatch(/\$3\.00 \/ \$15 per M/);
    expect(within(groups[2]).getByTestId('model-connection-warning').textContent).toBe('The list is an hour old.');
  });

  it('the selection is the connection and the model together', () => {
    render(<ModelSelector value="openai/gpt-4o-mini" connectionId="c-openai" models={models()} onChange={() => {}} />);
    fireEvent.click(screen.getByTestId('model-selector-button'));
    const selected = screen.getAllByRole('option', { selected: true });
    expect(selected).toHaveLength(1);
    expect(selected[0].dataset.connectionId).toBe('c-openai');
  });

  it('choosing says which connection (default for the server connection)', () => {
    const onChange = vi.fn();
    render(<ModelSelector value="openai/gpt-4o-mini" connectionId={null} models={models()} onChange={onChange} />);
    fireEvent.click(screen.getByTestId('model-selector-button'));
    fireEvent.click(screen.getByText('claude-sonnet-4-5', { selector: '.truncate.text-sm' }));
    expect(onChange).toHaveBeenCalledWith('claude-sonnet-4-5', 'c-claude');
    fireEvent.click(screen.getByTestId('model-selector-button'));
    const openai = screen.getAllByRole('option').find((o) => o.dataset.connectionId === 'c-openai')!;
    fireEvent.click(openai);
    expect(onChange).toHaveBeenLastCalledWith('openai/gpt-4o-mini', 'c-openai');
  });

  it('search narrows by name or id; Enter takes the first in the order shown', () => {
    const onChange = vi.fn();
    render(<ModelSelector value="openai/gpt-4o-mini" models={models()} onChange={onChange} />);
    fireEvent.click(screen.getByTestId('model-selector-button'));
    const search = screen.getByRole('searchbox', { name: 'Search models' });
    fireEvent.change(search, { target: { value: 'sonnet' } });
    expect(screen.getAllByRole('option').map((o) => o.dataset.modelId)).toEqual(['claude-sonnet-4-5']);
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith('claude-sonnet-4-5', 'c-claude');
  });

  it('`only` keeps one connection’s models (the default model), without connection headings', () => {
    render(<ModelSelector value="openai/gpt-4o-mini" models={models()} onChange={() => {}} only="default" variant="field" testId="default-model" />);
    fireEvent.click(screen.getByTestId('default-model-button'));
    expect(screen.getAllByRole('option').map((o) => o.dataset.connectionId)).toEqual(['default']);
    expect(screen.getByTestId('model-connection-group').getAttribute('aria-label')).toBeNull();
  });
});
