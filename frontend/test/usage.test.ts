import { describe, expect, it } from 'vitest';
import { formatCost, formatUsage } from '../src/lib/format';

describe('formatUsage', () => {
  it('shows input → output tokens and the reported cost', () => {
    expect(formatUsage({ prompt_tokens: 25, completion_tokens: 1234, total_tokens: 1259, cost: 0.000042 })).toBe(
      '25 → 1,234 tokens · $0.000042',
    );
  });
  it('falls back to the total, and says nothing without figures', () => {
    expect(formatUsage({ total_tokens: 40 })).toBe('40 tokens');
    expect(formatUsage({})).toBeNull();
    expect(formatUsage(undefined)).toBeNull();
    expect(formatUsage({ error: 'x' })).toBeNull();
  });
});

describe('formatCost', () => {
  it('keeps small costs readable', () => {
    expect(formatCost(0.000042)).toBe('$0.000042');
    expect(formatCost(0.0031)).toBe('$0.0031');
    expect(formatCost(0.01)).toBe('$0.01');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(0)).toBe('$0');
  });
});
