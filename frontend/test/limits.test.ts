import { describe, expect, it } from 'vitest';
import type { Limits } from '../src/api/types';
import {
  describeLimits,
  formFromLimits,
  formatRate,
  formatTokens,
  formatWindow,
  fraction,
  limitsFromForm,
  parseWhole,
  usageOf,
} from '../src/features/limits/format';

const none: Limits = { max_chats: null, requests_per_window: null, monthly_token_budget: null, allowed_models: null };

describe('limits in words', () => {
  it('tokens: short forms', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(9999)).toBe('9,999');
    expect(formatTokens(12_345)).toBe('12K');
    expect(formatTokens(1_500_000)).toBe('1.5M');
    expect(formatTokens(2_000_000)).toBe('2M');
    expect(formatTokens(25_000_000)).toBe('25M');
    expect(formatTokens(3_000_000_000)).toBe('3B');
  });

  it('windows and rates', () => {
    expect(formatWindow(60)).toBe('minute');
    expect(formatWindow(300)).toBe('5 minutes');
    expect(formatWindow(3600)).toBe('hour');
    expect(formatWindow(86_400)).toBe('day');
    expect(formatWindow(90)).toBe('90 seconds');
    expect(formatWindow(1)).toBe('second');
    expect(formatRate({ requests: 30, seconds: 60 })).toBe('30 requests per minute');
    expect(formatRate({ requests: 1, seconds: 7200 })).toBe('1 request per 2 hours');
  });

  it('each limit, null read as no limit', () => {
    expect(describeLimits(none)).toEqual({ chats: 'No limit', rate: 'No limit', budget: 'No limit', models: 'Every model' });
    expect(
      describeLimits({ max_chats: 200, requests_per_window: { requests: 10, seconds: 60 }, monthly_token_budget: 1_000_000, allowed_models: ['a'] }),
    ).toEqual({ chats: '200 chats', rate: '10 requests per minute', budget: '1M tokens a month', models: '1 model' });
    expect(describeLimits({ ...none, max_chats: 1, allowed_models: ['a', 'b'] })).toMatchObject({ chats: '1 chat', models: '2 models' });
  });

  it('usage against a limit', () => {
    expect(usageOf(3, 200)).toBe('3 of 200');
    expect(usageOf(1234, null)).toBe('1,234');
    expect(usageOf(1_500_000, 2_000_000, formatTokens)).toBe('1.5M of 2M');
    expect(fraction(50, 200)).toBe(0.25);
    expect(fraction(300, 200)).toBe(1);
    expect(fraction(5, null)).toBe(0);
    expect(fraction(0, 0)).toBe(1);
  });
});

describe('the admin’s limits form', () => {
  it('reads whole numbers; empty is the default', () => {
    expect(parseWhole('')).toBeNull();
    expect(parseWhole('  ')).toBeNull();
    expect(parseWhole('1,000,000')).toBe(1_000_000);
    expect(parseWhole('1 000')).toBe(1000);
    expect(parseWhole('0')).toBe(0);
    expect(parseWhole('0', 1)).toBeNaN();
    expect(parseWhole('-3')).toBeNaN();
    expect(parseWhole('2.5')).toBeNaN();
    expect(parseWhole('many')).toBeNaN();
  });

  it('round-trips limits through the form', () => {
    const l: Limits = { max_chats: 1, requests_per_window: { requests: 5, seconds: 60 }, monthly_token_budget: 100_000, allowed_models: ['openai/gpt-4o-mini'] };
    expect(limitsFromForm(formFromLimits(l))).toEqual({ limits: l, problem: null });
    expect(limitsFromForm(formFromLimits(none))).toEqual({ limits: none, problem: null });
  });

  it('says what is wrong', () => {
    const base = formFromLimits(none);
    expect(limitsFromForm({ ...base, maxChats: 'x' }).problem).toMatch(/Max chats/);
    expect(limitsFromForm({ ...base, requests: '5' }).problem).toMatch(/both/);
    expect(limitsFromForm({ ...base, seconds: '60' }).problem).toMatch(/both/);
    expect(limitsFromForm({ ...base, requests: '0', seconds: '60' }).problem).toMatch(/at least 1/);
    expect(limitsFromForm({ ...base, budget: '-1' }).problem).toMatch(/budget/);
    expect(limitsFromForm({ ...base, restrictModels: true, models: [] }).problem).toMatch(/at least one model/);
  });

  it('models: duplicates dropped; not restricted = the default (null)', () => {
    const f = { ...formFromLimits(none), restrictModels: true, models: ['a', 'b', 'a'] };
    expect(limitsFromForm(f).limits?.allowed_models).toEqual(['a', 'b']);
    expect(limitsFromForm({ ...f, restrictModels: false }).limits?.allowed_models).toBeNull();
  });
});
