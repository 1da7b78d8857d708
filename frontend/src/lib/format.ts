import { currentLang, formatDate, formatNumber, locale, t } from '../i18n';

export function relativeTime(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 45) return t('time.justNow');
  const m = Math.round(s / 60);
  if (m < 60) return t('time.minAgo', { count: m });
  const h = Math.round(m / 60);
  if (h < 24) return t('time.hAgo', { count: h });
  const d = Math.round(h / 24);
  if (d === 1) return t('time.yesterday');
  if (d < 7) return t('time.daysAgo', { count: d });
  return formatDate(time, { month: 'short', day: 'numeric', year: d > 300 ? 'numeric' : undefined });
}

export function formatContext(n: number | null | undefined): string {
  if (!n) return '';
  if (n >= 1_000_000) return t('models.ctx', { size: `${formatNumber(+(n / 1_000_000).toFixed(1))}M` });
  if (n >= 1000) return t('models.ctx', { size: `${Math.round(n / 1000)}K` });
  return t('models.ctx', { size: `${n}` });
}

function price(p: number): string {
  if (p === 0) return '0';
  if (p < 0.01) return p.toFixed(4);
  if (p < 1) return p.toFixed(2);
  return p.toFixed(p < 10 ? 2 : 0);
}

export function formatPrice(prompt: number | null | undefined, completion: number | null | undefined): string {
  if (prompt == null && completion == null) return '';
  if (!prompt && !completion) return t('models.free');
  return t('models.pricePerM', { prompt: dollars(price(prompt ?? 0)), completion: dollars(price(completion ?? 0)) });
}

export function shortModel(id: string | null | undefined): string {
  if (!id) return '';
  const slash = id.indexOf('/');
  return slash === -1 ? id : id.slice(slash + 1);
}

/**
 * Dollars written for the interface language from a number already rounded as wanted
 * ("0.0342"): "$0.0342" in English, "0,0342 $" in Russian (Intl's currency format).
 */
function dollars(text: string): string {
  if (currentLang() === 'en') return `$${text}`;
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  return Number(text).toLocaleString(locale(), { style: 'currency', currency: 'USD', minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A cost in USD: cents and up with 2 decimals, less with 2 significant digits ("$0.000042"). */
export function formatCost(usd: number): string {
  if (usd === 0) return dollars('0');
  if (usd >= 0.01) return dollars(usd.toFixed(2));
  return dollars(Number(usd.toPrecision(2)).toFixed(Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(usd))))));
}

/**
 * A cost in USD a little more precise than `formatCost`: "$12.35", "$0.0342", "$0.05";
 * below a hundredth of a cent, two significant digits ("$0.000042").
 */
export function formatSpend(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return dollars('0');
  if (usd >= 1) return dollars(usd.toFixed(2));
  if (usd < 0.0001) return formatCost(usd);
  const fixed = usd.toFixed(4).replace(/0+$/, '');
  const decimals = fixed.length - fixed.indexOf('.') - 1;
  return dollars(decimals < 2 ? usd.toFixed(2) : fixed);
}

/**
 * What a reply used, from its metadata: "25 → 40 tokens · $0.000042" (input → output, and
 * the cost when known: "≈ $0.0012" when Nexus estimated it from the model's price list);
 * null when the provider reported nothing.
 */
export function formatUsage(meta: Record<string, unknown> | null | undefined): string | null {
  const num = (k: string) => (typeof meta?.[k] === 'number' ? (meta[k] as number) : undefined);
  const input = num('prompt_tokens');
  const output = num('completion_tokens');
  const total = num('total_tokens');
  const cost = num('cost');
  const n = (x: number) => formatNumber(x);
  let tokens: string | null = null;
  if (input !== undefined && output !== undefined) tokens = t('usage.inOutTokens', { count: output, input: n(input) });
  else if (total !== undefined) tokens = t('usage.tokens', { count: total });
  const estimated = meta?.cost_estimated === true ? '≈ ' : '';
  const parts = [tokens, cost !== undefined ? `${estimated}${formatSpend(cost)}` : null].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}
