// Account → Usage and limits: what an admin allows me (or the defaults) and how much of
// it I have used: chats, tokens this month, requests in the current window, models; then
// what I used month by month (per day, per model, the cost).
import { lazy, Suspense } from 'react';
import { PanelSection } from '../../components/ui';
import { useUsageLoader } from '../usage/useUsage';

// The month by month view (chart, table): its own chunk, loaded when Account opens.
const UsageView = lazy(() => import('../usage/UsageView').then((m) => ({ default: m.UsageView })));
import { describeLimits, formatCount, formatTokens, formatWindow, fraction, usageOf } from './format';
import { useMyLimits } from './useMyLimits';
import { t } from '../../i18n';

export function UsageSection() {
  const { data, error, loaded } = useMyLimits();
  const loadUsage = useUsageLoader();
  return (
    <PanelSection title={t('limits.sectionTitle')} testId="usage-section" hint={t('limits.sectionHint')}>
      {!loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : error || !data ? (
        <p className="text-sm text-zinc-500" data-testid="usage-error">
          {error}
        </p>
      ) : (
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2" data-testid="usage-list">
          <Meter
            label={t('common.chats')}
            testId="usage-chats"
            value={usageOf(data.usage.active_chats, data.limits.max_chats)}
            part={fraction(data.usage.active_chats, data.limits.max_chats)}
          />
          <Meter
            label={t('limits.tokensThisMonth')}
            testId="usage-tokens"
            value={usageOf(data.usage.tokens_this_month, data.limits.monthly_token_budget, formatTokens)}
            part={fraction(data.usage.tokens_this_month, data.limits.monthly_token_budget)}
          />
          <Meter
            label={data.limits.requests_per_window ? t('limits.requestsPer', { window: formatWindow(data.limits.requests_per_window.seconds) }) : t('limits.requests')}
            testId="usage-requests"
            value={
              data.limits.requests_per_window
                ? usageOf(data.usage.requests_in_window, data.limits.requests_per_window.requests)
                : t('limits.noLimitUsage', { used: formatCount(data.usage.requests_in_window) })
            }
            part={fraction(data.usage.requests_in_window, data.limits.requests_per_window?.requests)}
          />
          <div>
            <dt className="text-xs text-zinc-500">{t('common.models')}</dt>
            <dd data-testid="usage-models" title={data.limits.allowed_models?.join(', ')}>
              {describeLimits(data.limits).models}
            </dd>
          </div>
        </dl>
      )}
      <div className="mt-4 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <Suspense fallback={<p className="text-sm text-zinc-500">{t('common.loading')}</p>}>
          <UsageView load={loadUsage} testId="my-usage" />
        </Suspense>
      </div>
    </PanelSection>
  );
}

function Meter({ label, value, part, testId }: { label: string; value: string; part: number; testId: string }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd data-testid={testId}>
        {value}
        {part > 0 && (
          <span className="mt-1 block h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
            <span
              className={`block h-full rounded-full ${part >= 1 ? 'bg-red-500' : part >= 0.8 ? 'bg-amber-500' : 'bg-indigo-500'}`}
              style={{ width: `${Math.round(part * 100)}%` }}
            />
          </span>
        )}
      </dd>
    </div>
  );
}
