// What replies cost (pure; unit-tested): the conversation's total for the header and the
// least the next message will cost once a conversation is long.
import type { ConversationUsage, Message } from '../api/types';
import { formatSpend } from './format';
import { t } from '../i18n';

/** From this many tokens of context on, the composer says what the next message costs at least. */
export const LONG_CONTEXT_TOKENS = 2000;


/** The header's line for a conversation: "≈ $0.0342 · 12,345 tokens"; null before any reply. */
export function formatConversationUsage(usage: ConversationUsage | null | undefined): string | null {
  if (!usage || !usage.replies) return null;
  const tokens = (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
  const parts: string[] = [];
  if (typeof usage.cost === 'number') parts.push(`${usage.cost_estimated ? '≈ ' : ''}${formatSpend(usage.cost)}`);
  if (tokens > 0) parts.push(t('usage.tokens', { count: tokens }));
  return parts.length ? parts.join(' · ') : null;
}

type Shown = Pick<Message, 'role' | 'status' | 'content' | 'metadata'>;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * How many tokens the model reads before the next message: the last finished reply's
 * input + output when the provider said, else the shown messages' characters / 4.
 */
export function contextTokens(messages: readonly Shown[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant' || (m.status !== 'completed' && m.status !== 'stopped')) continue;
    const input = num(m.metadata?.prompt_tokens);
    const output = num(m.metadata?.completion_tokens);
    if (input !== undefined && output !== undefined) return input + output;
    break;
  }
  let chars = 0;
  for (const m of messages) chars += m.content.length;
  return Math.round(chars / 4);
}

/**
 * The least the next message costs: the context tokens × the model's input price per
 * million; null while the conversation is short or the price is unknown (or free).
 */
export function nextMessageCost(
  messages: readonly Shown[],
  promptPricePerMtok: number | null | undefined,
  threshold = LONG_CONTEXT_TOKENS,
): { tokens: number; cost: number } | null {
  if (promptPricePerMtok == null || !Number.isFinite(promptPricePerMtok) || promptPricePerMtok <= 0) return null;
  const tokens = contextTokens(messages);
  if (tokens < threshold) return null;
  return { tokens, cost: (tokens * promptPricePerMtok) / 1e6 };
}
