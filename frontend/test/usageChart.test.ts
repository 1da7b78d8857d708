import { describe, expect, it } from 'vitest';
import type { UsageReport } from '../src/api/types';
import { budgetOf, chartData, costText, currentMonth, daysInMonth, modelRows, monthLabel, shiftMonth } from '../src/features/usage/chart';

describe('months', () => {
  it('the current UTC month', () => {
    expect(currentMonth(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11');
    expect(currentMonth(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });
  it('back and forth across years', () => {
    expect(shiftMonth('2026-11', 1)).toBe('2026-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
  });
  it('names and lengths', () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(daysInMonth('2026-11')).toBe(30);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
  });
});

const report = (patch: Partial<UsageReport> = {}): UsageReport => ({
  month: '2026-11',
  days: [
    { day: '2026-11-03', prompt_tokens: 1200, completion_tokens: 800, cost: 0.0042, cost_estimated: false, replies: 3 },
    { day: '2026-11-10', prompt_tokens: 100, completion_tokens: 50, cost: 0.0084, cost_estimated: false, replies: 1 },
  ],
  models: [],
  total: { prompt_tokens: 1300, completion_tokens: 850, tokens: 2150, cost: 0.0126, cost_estimated: false, replies: 4 },
  budget: { monthly_token_budget: null, used: 2150 },
  ...patch,
});

describe('the chart', () => {
  it('a bar per day of the month, cost when known', () => {
    const c = chartData(report());
    expect(c.metric).toBe('cost');
    expect(c.bars).toHaveLength(30);
    expect(c.bars[2]).toEqual({ day: '2026-11-03', dayOfMonth: 3, value: 0.0042, replies: 3, label: 'November 3: $0.0042 · 2,000 tokens · 3 replies' });
    expect(c.bars[3]).toMatchObject({ day: '2026-11-04', value: 0, replies: 0, label: 'November 4: nothing' });
    expect(c.bars[9].label).toBe('November 10: $0.0084 · 150 tokens · 1 reply');
    expect(c.max).toBe(0.0084);
  });
  it('tokens per day when no cost is known', () => {
    const c = chartData(
      report({
        days: [
          { day: '2026-11-03', prompt_tokens: 1200, completion_tokens: 800, cost: null, cost_estimated: false, replies: 3 },
          { day: '2026-11-04', prompt_tokens: 10, completion_tokens: 5, cost: 0, cost_estimated: false, replies: 1 },
        ],
      }),
    );
    expect(c.metric).toBe('tokens');
    expect(c.bars[2].value).toBe(2000);
    expect(c.bars[2].label).toBe('November 3: 2,000 tokens · 3 replies');
    expect(c.bars[3].value).toBe(15);
    expect(c.max).toBe(2000);
  });
  it('an empty month', () => {
    const c = chartData(report({ month: '2026-02', days: [] }));
    expect(c.bars).toHaveLength(28);
    expect(c.max).toBe(0);
    expect(c.metric).toBe('tokens');
  });
});

describe('the table and the budget', () => {
  it('costliest model first, then the most tokens', () => {
    const rows = modelRows([
      { model: 'a', prompt_tokens: 10, completion_tokens: 10, cost: null, cost_estimated: false, replies: 1 },
      { model: 'b', prompt_tokens: 10, completion_tokens: 10, cost: 0.5, cost_estimated: true, replies: 1 },
      { model: 'c', prompt_tokens: 100, completion_tokens: 10, cost: null, cost_estimated: false, replies: 1 },
    ]);
    expect(rows.map((r) => r.model)).toEqual(['b', 'c', 'a']);
  });
  it('costs: ≈ when estimated, a dash when unknown', () => {
    expect(costText(0.0342, true)).toBe('≈ $0.0342');
    expect(costText(0.0342)).toBe('$0.0342');
    expect(costText(null)).toBe('—');
  });
  it('the budget and how much of it is used', () => {
    expect(budgetOf({ monthly_token_budget: 500_000, used: 2000 })).toEqual({ text: '2,000 of 500,000 tokens used (0%)', part: 0.004 });
    expect(budgetOf({ monthly_token_budget: 1000, used: 1500 })).toEqual({ text: '1,500 of 1,000 tokens used (100%)', part: 1 });
    expect(budgetOf({ monthly_token_budget: null, used: 2000 })).toBeNull();
  });
});
