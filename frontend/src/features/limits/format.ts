// Limits in words, and the admin's limits form to and from `Limits` (pure; unit-tested).
import type { Limits, RequestWindow } from '../../api/types';
import { formatNumber, t } from '../../i18n';

/** 1234567 → "1,234,567" (for the interface language). */
export const formatCount = (n: number) => formatNumber(n);

/** 1500 → "1.5K", 2_000_000 → "2M", 950 → "950". */
export function formatTokens(n: number): string {
  const abs = Math.abs(n);
  const short = (v: number, unit: string) => `${formatNumber(+v.toFixed(v < 10 ? 1 : 0))}${t(`limits.short.${unit}`)}`;
  if (abs >= 1_000_000_000) return short(n / 1_000_000_000, 'B');
  if (abs >= 1_000_000) return short(n / 1_000_000, 'M');
  if (abs >= 10_000) return short(n / 1000, 'K');
  return formatCount(n);
}


/** 60 → "minute", 300 → "5 minutes", 3600 → "hour", 90 → "90 seconds". */
export function formatWindow(seconds: number): string {
  const units: [number, 'day' | 'hour' | 'minute'][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? t(`limits.unitOne.${name}`) : t(`limits.unit.${name}`, { count: n });
    }
  }
  return seconds === 1 ? t('limits.unitOne.second') : t('limits.unit.second', { count: seconds });
}

/** "30 requests per minute". */
export function formatRate(w: RequestWindow): string {
  return t('limits.rate', { count: w.requests, window: formatWindow(w.seconds) });
}

/** Each limit in words, null read as "no limit" (effective limits, defaults). */
export function describeLimits(l: Limits) {
  return {
    chats: l.max_chats == null ? t('limits.noLimit') : t('folders.chatCount', { count: l.max_chats }),
    rate: l.requests_per_window == null ? t('limits.noLimit') : formatRate(l.requests_per_window),
    budget: l.monthly_token_budget == null ? t('limits.noLimit') : t('limits.budgetPerMonth', { tokens: formatTokens(l.monthly_token_budget) }),
    models: l.allowed_models == null ? t('limits.everyModel') : l.allowed_models.length === 0 ? t('limits.noModels') : t('limits.modelCount', { count: l.allowed_models.length }),
  };
}

/** "3 of 200", or just "3" without a limit. */
export function usageOf(used: number, limit: number | null | undefined, format: (n: number) => string = formatCount): string {
  return limit == null ? format(used) : t('limits.usedOf', { used: format(used), limit: format(limit) });
}

/** How much of a limit is used, 0–1 (0 without a limit). */
export function fraction(used: number, limit: number | null | undefined): number {
  if (limit == null) return 0;
  if (limit <= 0) return 1;
  return Math.min(1, Math.max(0, used / limit));
}

// The admin's form: text fields (empty = the default applies) and the model choice.

export interface LimitsForm {
  maxChats: string;
  requests: string;
  seconds: string;
  budget: string;
  /** false: the default (every model unless the default says otherwise). */
  restrictModels: boolean;
  models: string[];
}

export function formFromLimits(l: Limits): LimitsForm {
  return {
    maxChats: l.max_chats == null ? '' : String(l.max_chats),
    requests: l.requests_per_window == null ? '' : String(l.requests_per_window.requests),
    seconds: l.requests_per_window == null ? '' : String(l.requests_per_window.seconds),
    budget: l.monthly_token_budget == null ? '' : String(l.monthly_token_budget),
    restrictModels: l.allowed_models != null,
    models: l.allowed_models ?? [],
  };
}

/** A whole number ≥ min from a field (spaces, commas and "_" ignored); null when empty; NaN when not one. */
export function parseWhole(text: string, min = 0): number | null {
  const t = text.trim().replace(/[\s,_]/g, '');
  if (!t) return null;
  if (!/^\d+$/.test(t)) return NaN;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min ? n : NaN;
}

/** The form as `Limits`, or the first problem with it. */
export function limitsFromForm(f: LimitsForm): { limits: Limits; problem: null } | { limits: null; problem: string } {
  const fail = (problem: string) => ({ limits: null, problem }) as const;
  const maxChats = parseWhole(f.maxChats);
  if (Number.isNaN(maxChats)) return fail(t('limits.problem.maxChats'));
  const requests = parseWhole(f.requests, 1);
  const seconds = parseWhole(f.seconds, 1);
  if (Number.isNaN(requests)) return fail(t('limits.problem.requests'));
  if (Number.isNaN(seconds)) return fail(t('limits.problem.window'));
  if ((requests == null) !== (seconds == null)) return fail(t('limits.problem.both'));
  const budget = parseWhole(f.budget);
  if (Number.isNaN(budget)) return fail(t('limits.problem.budget'));
  if (f.restrictModels && f.models.length === 0) return fail(t('limits.problem.models'));
  return {
    problem: null,
    limits: {
      max_chats: maxChats,
      requests_per_window: requests != null && seconds != null ? { requests, seconds } : null,
      monthly_token_budget: budget,
      allowed_models: f.restrictModels ? [...new Set(f.models)] : null,
    },
  };
}
