import { describe, expect, it } from 'vitest';
import type { Message } from '../src/api/types';
import { contextTokens, formatConversationUsage, LONG_CONTEXT_TOKENS, nextMessageCost } from '../src/lib/cost';
import { formatSpend, formatUsage } from '../src/lib/format';

type Shown = Pick<Message, 'role' | 'status' | 'content' | 'metadata'>;
const user = (content: string): Shown => ({ role: 'user', status: 'completed', content, metadata: {} });
const reply = (content: string, metadata: Message['metadata'] = {}, status: Message['status'] = 'completed'): Shown => ({
  role: 'assistant',
  status,
  content,
  metadata,
});

describe('formatSpend', () => {
  it('four decimals under a dollar, two above, two significant digits when tiny', () => {
    expect(formatSpend(0.0342)).toBe('$0.0342');
    expect(formatSpend(0.0061)).toBe('$0.0061');
    expect(formatSpend(0.05)).toBe('$0.05');
    expect(formatSpend(0.1)).toBe('$0.10');
    expect(formatSpend(12.3456)).toBe('$12.35');
    expect(formatSpend(0.000042)).toBe('$0.000042');
    expect(formatSpend(0)).toBe('$0');
  });
});

describe('the cost of a reply (formatUsage)', () => {
  it('marks an estimated cost with ≈', () => {
    expect(formatUsage({ prompt_tokens: 1000, completion_tokens: 200, cost: 0.0012, cost_estimated: true })).toBe('1,000 → 200 tokens · ≈ $0.0012');
    expect(formatUsage({ prompt_tokens: 1000, completion_tokens: 200, cost: 0.0012, cost_estimated: false })).toBe('1,000 → 200 tokens · $0.0012');
  });
});

describe('the conversation’s total', () => {
  it('cost (≈ when estimated) and tokens', () => {
    expect(formatConversationUsage({ prompt_tokens: 12_000, completion_tokens: 345, cost: 0.0342, cost_estimated: true, replies: 4 })).toBe(
      '≈ $0.0342 · 12,345 tokens',
    );
    expect(formatConversationUsage({ prompt_tokens: 10, completion_tokens: 5, cost: 0.5, cost_estimated: false, replies: 1 })).toBe('$0.50 · 15 tokens');
  });
  it('tokens alone when no cost is known; nothing before a reply', () => {
    expect(formatConversationUsage({ prompt_tokens: 10, completion_tokens: 5, cost: null, cost_estimated: false, replies: 1 })).toBe('15 tokens');
    expect(formatConversationUsage({ prompt_tokens: 0, completion_tokens: 0, cost: 0, cost_estimated: false, replies: 0 })).toBeNull();
    expect(formatConversationUsage(null)).toBeNull();
  });
});

describe('context tokens', () => {
  it('the last finished reply’s input + output when known', () => {
    const shown = [user('hi'), reply('hello', { prompt_tokens: 1500, completion_tokens: 700 }), user('x'.repeat(40))];
    expect(contextTokens(shown)).toBe(2200);
  });
  it('a stopped reply counts as finished; a failed one is skipped', () => {
    expect(contextTokens([user('a'), reply('b', { prompt_tokens: 10, completion_tokens: 5 }, 'stopped')])).toBe(15);
    expect(contextTokens([user('a'), reply('b', { prompt_tokens: 10, completion_tokens: 5 }), user('c'), reply('', {}, 'error')])).toBe(15);
  });
  it('else the characters of the shown messages / 4', () => {
    expect(contextTokens([user('x'.repeat(400)), reply('y'.repeat(400))])).toBe(200);
    // The last finished reply has no figures: characters, not an older reply's figures.
    expect(contextTokens([user('a'), reply('b', { prompt_tokens: 9000, completion_tokens: 9000 }), user('c'.repeat(6)), reply('d'.repeat(6))])).toBe(4);
    expect(contextTokens([])).toBe(0);
  });
});

describe('the next message’s least cost', () => {
  const long = [user('hi'), reply('hello', { prompt_tokens: 20_000, completion_tokens: 400 })];
  it('context tokens × input price per million', () => {
    expect(nextMessageCost(long, 0.3)).toEqual({ tokens: 20_400, cost: (20_400 * 0.3) / 1e6 });
    expect(formatSpend(nextMessageCost(long, 0.3)!.cost)).toBe('$0.0061');
  });
  it('nothing while the conversation is short', () => {
    expect(nextMessageCost([user('hi'), reply('hello', { prompt_tokens: 100, completion_tokens: 50 })], 3)).toBeNull();
    expect(nextMessageCost([user('x'.repeat(LONG_CONTEXT_TOKENS * 4))], 3)).not.toBeNull();
    expect(nextMessageCost([user('x'.repeat(LONG_CONTEXT_TOKENS * 4 - 4))], 3)).toBeNull();
  });
  it('nothing when the price is unknown (or free)', () => {
    expect(nextMessageCost(long, null)).toBeNull();
    expect(nextMessageCost(long, undefined)).toBeNull();
    expect(nextMessageCost(long, 0)).toBeNull();
  });
});
