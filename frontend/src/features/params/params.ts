// Conversation → Parameters (pure; unit-tested): the form's text fields to and from the
// conversation's `params`. An empty field is the provider's default (the key is left out).
import type { ConversationParams } from '../../api/types';
import { formatNumber, t } from '../../i18n';

export interface ParamsForm {
  temperature: string;
  maxTokens: string;
  topP: string;
}

export const TEMPERATURE_MAX = 2;
export const MAX_TOKENS_MAX = 1_000_000;

export function formFromParams(p: ConversationParams | null | undefined): ParamsForm {
  const text = (n: number | undefined) => (typeof n === 'number' ? String(n) : '');
  return { temperature: text(p?.temperature), maxTokens: text(p?.max_tokens), topP: text(p?.top_p) };
}

/** A decimal number from a field ("0,7" too); null when empty; NaN when not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!t) return null;
  if (!/^\d*\.?\d+$|^\d+\.$/.test(t)) return NaN;
  return Number(t);
}

/** The form as `params` (only the fields filled in), or the first problem with it. */
export function paramsFromForm(f: ParamsForm): { params: ConversationParams; problem: null } | { params: null; problem: string } {
  const fail = (problem: string) => ({ params: null, problem }) as const;
  const params: ConversationParams = {};
  const temperature = parseDecimal(f.temperature);
  if (temperature !== null) {
    if (Number.isNaN(temperature) || temperature < 0 || temperature > TEMPERATURE_MAX)
      return fail(t('params.temperatureProblem'));
    params.temperature = temperature;
  }
  const max = f.maxTokens.trim().replace(/[\s,_]/g, '');
  if (max) {
    const n = /^\d+$/.test(max) ? Number(max) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TOKENS_MAX)
      return fail(t('params.maxTokensProblem', { max: MAX_TOKENS_MAX }));
    params.max_tokens = n;
  }
  const topP = parseDecimal(f.topP);
  if (topP !== null) {
    if (Number.isNaN(topP) || topP < 0 || topP > 1) return fail(t('params.topPProblem'));
    params.top_p = topP;
  }
  return { params, problem: null };
}

/** Whether any parameter differs from the provider's defaults. */
export const hasParams = (p: ConversationParams | null | undefined) =>
  !!p && (p.temperature != null || p.max_tokens != null || p.top_p != null);

/** "temperature 0.7 · at most 1,000 tokens · top P 0.9", or "provider defaults". */
export function describeParams(p: ConversationParams | null | undefined): string {
  if (!hasParams(p)) return t('params.providerDefaults');
  const parts: string[] = [];
  if (p!.temperature != null) parts.push(t('params.describeTemperature', { value: formatNumber(p!.temperature) }));
  if (p!.max_tokens != null) parts.push(t('params.describeMaxTokens', { count: p!.max_tokens }));
  if (p!.top_p != null) parts.push(t('params.describeTopP', { value: formatNumber(p!.top_p) }));
  return parts.join(' · ');
}
