import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UsageReport } from '../src/api/types';
import { currentMonth, shiftMonth } from '../src/features/usage/chart';
import { UsageView } from '../src/features/usage/UsageView';

const report = (month: string, patch: Partial<UsageReport> = {}): UsageReport => ({
  month,
  days: [{ day: `${month}-03`, prompt_tokens: 1200, completion_tokens: 800, cost: 0.0042, cost_estimated: false, replies: 3 }],
  models: [
    { model: 'openai/gpt-4o-mini', prompt_tokens: 1000, completion_tokens: 700, cost: 0.003, cost_estimated: false, replies: 2 },
    { model: 'claude-sonnet-4-5', prompt_tokens: 200, completion_tokens: 100, cost: 0.0012, cost_estimated: true, replies: 1 },
  ],
  total: { prompt_tokens: 1200, completion_tokens: 800, tokens: 2000, cost: 0.0042, cost_estimated: false, replies: 3 },
  budget: { monthly_token_budget: 500_000, used: 2000 },
  ...patch,
});

afterEach(cleanup);

describe('UsageView', () => {
  it('shows the month: a bar per day with its title, the table by model, totals and the budget', async () => {
    const load = vi.fn(async (m: string) => report(m));
    render(<UsageView load={load} />);
    const now = currentMonth();
    expect(load).toHaveBeenCalledWith(now);
    const chart = await screen.findByTestId('usage-chart');
    expect(chart.dataset.metric).toBe('cost');
    const bar = chart.querySelector('rect[role=img]')!;
    expect(bar.querySelector('title')?.textContent).toMatch(/: \$0\.0042 · 2,000 tokens · 3 replies$/);
    const rows = screen.getAllByTestId('usage-model-row');
    expect(rows.map((r) => r.dataset.model)).toEqual(['openai/gpt-4o-mini', 'claude-sonnet-4-5']);
    expect(within(rows[1]).getByText('≈ $0.0012')).toBeTruthy();
    expect(screen.getByTestId('usage-total-cost').textContent).toBe('≈ $0.0042');
    expect(screen.getByTestId('usage-budget').textContent).toMatch(/2,000 of 500,000 tokens used/);
    // Not past the current month.
    expect((screen.getByRole('button', { name: 'Next month' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('previous and next month', async () => {
    const load = vi.fn(async (m: string) => report(m, { days: [], models: [], total: { prompt_tokens: 0, completion_tokens: 0, tokens: 0, cost: 0, cost_estimated: false, replies: 0 }, budget: { monthly_token_budget: null, used: 0 } }));
    render(<UsageView load={load} />);
    await screen.findByTestId('usage-empty');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Previous month' })));
    const before = shiftMonth(currentMonth(), -1);
    expect(load).toHaveBeenLastCalledWith(before);
    expect(screen.getByTestId('usage-view').dataset.month).toBe(before);
    expect(screen.queryByTestId('usage-budget')).toBeNull();
    const next = screen.getByRole('button', { name: 'Next month' }) as HTMLButtonElement;
    expect(next.disabled).toBe(false);
    await act(async () => fireEvent.click(next));
    expect(load).toHaveBeenLastCalledWith(currentMonth());
  });

  it('says why it could not load', async () => {
    render(<UsageView load={async () => Promise.reject(new Error('The month must look like 2026-11.'))} />);
    expect((await screen.findByTestId('usage-view-error')).textContent).toBe('The month must look like 2026-11.');
  });
});
