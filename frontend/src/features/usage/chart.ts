// Usage in a month (pure; unit-tested): months to and from "YYYY-MM", the bars of the
// per-day chart (cost, or tokens when no cost is known), the table by model, the budget.
import type { UsageModel, UsageReport } from '../../api/types';
import { formatSpend } from '../../lib/format';
import { formatNumber, locale, t } from '../../i18n';

const count = (n: number) => formatNumber(n);

/** The current UTC month, "2026-11". */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

function parts(month: string): [number, number] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`Not a month: ${month}`); // i18n-ignore: a programmer's error, never shown
  return [Number(m[1]), Number(m[2])];
}

/** "2026-11" ± n months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = parts(month);
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** "2026-11" → "November 2026". */
export function monthLabel(month: string): string {
  const [y, m] = parts(month);
  const text = new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function daysInMonth(month: string): number {
  const [y, m] = parts(month);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export type ChartMetric = 'cost' | 'tokens';

export interface ChartBar {
  /** "2026-11-03". */
  day: string;
  dayOfMonth: number;
  /** USD or tokens (see the metric); 0 on a day without replies. */
  value: number;
  replies: number;
  /** The bar in words (its <title>): "November 3: $0.0042 · 2,000 tokens · 3 replies". */
  label: string;
}

export interface ChartData {
  metric: ChartMetric;
  /** One per day of the month. */
  bars: ChartBar[];
  /** The largest value (0 when nothing was used). */
  max: number;
}

/** The chart of a month: cost per day, or tokens per day when no day's cost is known. */
export function chartData(report: Pick<UsageReport, 'month' | 'days'>): ChartData {
  const metric: ChartMetric = report.days.some((d) => typeof d.cost === 'number' && d.cost > 0) ? 'cost' : 'tokens';
  const byDay = new Map(report.days.map((d) => [d.day, d]));
  const [y, m] = parts(report.month);
  const dayName = new Intl.DateTimeFormat(locale(), { month: 'long', day: 'numeric', timeZone: 'UTC' });
  const bars: ChartBar[] = [];
  for (let i = 1; i <= daysInMonth(report.month); i++) {
    const day = `${report.month}-${String(i).padStart(2, '0')}`;
    const d = byDay.get(day);
    const tokens = d ? d.prompt_tokens + d.completion_tokens : 0;
    const value = !d ? 0 : metric === 'cost' ? (d.cost ?? 0) : tokens;
    const label = d
      ? [`${dayName.format(Date.UTC(y, m - 1, i))}:`, typeof d.cost === 'number' ? `${formatSpend(d.cost)} ·` : '', `${t('usage.tokens', { count: tokens })} · ${t('usage.replyCount', { count: d.replies })}`]
          .filter(Boolean)
          .join(' ')
      : t('usage.dayNothing', { day: dayName.format(Date.UTC(y, m - 1, i)) });
    bars.push({ day, dayOfMonth: i, value, replies: d?.replies ?? 0, label });
  }
  return { metric, bars, max: bars.reduce((m, b) => Math.max(m, b.value), 0) };
}

/** A cost for the table: "≈ $0.0342" when estimated, "—" when unknown. */
export function costText(cost: number | null | undefined, estimated = false): string {
  if (typeof cost !== 'number') return '—';
  return `${estimated ? '≈ ' : ''}${formatSpend(cost)}`;
}

/** The table's rows: the costliest first (then the most tokens). */
export function modelRows(models: readonly UsageModel[]): UsageModel[] {
  return [...models].sort(
    (a, b) => (b.cost ?? 0) - (a.cost ?? 0) || b.prompt_tokens + b.completion_tokens - (a.prompt_tokens + a.completion_tokens) || a.model.localeCompare(b.model),
  );
}

/** The month's budget in words and how much of it is used (0–1); null without a budget. */
export function budgetOf(budget: UsageReport['budget'] | null | undefined): { text: string; part: number } | null {
  if (!budget || budget.monthly_token_budget == null) return null;
  const limit = budget.monthly_token_budget;
  const part = limit <= 0 ? 1 : Math.min(1, Math.max(0, budget.used / limit));
  return { text: t('usage.budgetUsed', { used: count(budget.used), count: limit, percent: Math.round(part * 100) }), part };
}
