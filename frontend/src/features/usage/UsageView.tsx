// One month of usage (mine in Account, any user's for an admin): a bar per day (cost, or
// tokens when no cost is known), a table by model with the totals, and the token budget.
import { useId } from 'react';
import type { UsageReport } from '../../api/types';
import { ChevronLeftIcon, ChevronRightIcon } from '../../components/icons';
import { formatSpend } from '../../lib/format';
import { formatCount, formatTokens } from '../limits/format';
import { budgetOf, chartData, costText, modelRows, monthLabel, type ChartData } from './chart';
import { useUsage } from './useUsage';
import { t } from '../../i18n';

interface Props {
  /** One month's report (`YYYY-MM`). */
  load: (month: string) => Promise<UsageReport>;
  /** Whose usage, for the labels ("your", or a username). */
  who?: string;
  testId?: string;
}

export function UsageView({ load, who, testId = 'usage-view' }: Props) {
  const id = useId();
  const state = useUsage(load);
  const { report } = state;
  const label = monthLabel(state.month);
  return (
    <div className="space-y-3" data-testid={testId} data-month={state.month}>
      <div className="flex items-center gap-2">
        <button
          type="button"
          className="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          aria-label={t('usage.prevMonth')}
          onClick={state.previous}
          data-testid="usage-prev"
        >
          <ChevronLeftIcon width={18} height={18} />
        </button>
        <h4 id={`${id}-month`} className="min-w-0 flex-1 text-center text-sm font-medium" aria-live="polite" data-testid="usage-month">
          {label}
        </h4>
        <button
          type="button"
          className="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 disabled:opacity-30 dark:hover:bg-zinc-800"
          aria-label={t('usage.nextMonth')}
          disabled={!state.canNext}
          onClick={state.next}
          data-testid="usage-next"
        >
          <ChevronRightIcon width={18} height={18} />
        </button>
      </div>
      {state.error ? (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert" data-testid="usage-view-error">
          {state.error}
        </p>
      ) : !report ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : (
        <>
          <Budget report={report} />
          {report.total.replies === 0 ? (
            <p className="text-sm text-zinc-500" data-testid="usage-empty">
              {t('usage.noReplies', { month: label })}
            </p>
          ) : (
            <>
              <Chart data={chartData(report)} title={`${who ? `${who}: ` : ''}${label}`} />
              <ModelTable report={report} caption={t('usage.byModel', { month: label })} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function Chart({ data, title }: { data: ChartData; title: string }) {
  const id = useId();
  const W = 8; // per day
  const H = 64;
  const n = data.bars.length;
  const what = data.metric === 'cost' ? t('usage.costPerDay') : t('usage.tokensPerDay');
  const top = data.metric === 'cost' ? formatSpend(data.max) : formatTokens(data.max);
  return (
    <figure className="m-0" data-testid="usage-chart" data-metric={data.metric}>
      <figcaption className="mb-1 flex justify-between text-xs text-zinc-500">
        <span id={`${id}-t`}>{what}</span>
        <span aria-hidden="true">{t('usage.max')} {top}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${n * W} ${H}`}
        preserveAspectRatio="none"
        className="h-20 w-full text-indigo-500"
        role="group"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
      >
        <desc id={`${id}-d`}>{t('usage.chartDesc', { what, title, top })}</desc>
        <line x1="0" y1={H - 0.5} x2={n * W} y2={H - 0.5} stroke="currentColor" strokeOpacity="0.25" strokeWidth="1" vectorEffect="non-scaling-stroke" />
        {data.bars.map((b, i) => {
          if (!b.replies) return null;
          const h = data.max > 0 ? Math.max(1.5, (b.value / data.max) * (H - 2)) : 1.5;
          return (
            <rect key={b.day} x={i * W + 1} y={H - h} width={W - 2} height={h} rx="1" fill="currentColor" role="img" aria-label={b.label} data-day={b.day}>
              <title>{b.label}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-0.5 flex justify-between text-[10px] text-zinc-500" aria-hidden="true">
        <span>1</span>
        <span>{Math.ceil(n / 2)}</span>
        <span>{n}</span>
      </div>
    </figure>
  );
}

function ModelTable({ report, caption }: { report: UsageReport; caption: string }) {
  const rows = modelRows(report.models);
  const estimated = report.models.some((m) => m.cost_estimated);
  const th = 'px-1 py-1 font-medium';
  const td = 'px-1 py-1 tabular-nums';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="usage-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className={th}>
              {t('common.model')}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t('usage.replies')}
            </th>
            <th scope="col" className={`${th} text-right`}>
              <abbr title={t('usage.inTitle')} className="no-underline">{t('usage.in')}</abbr>
            </th>
            <th scope="col" className={`${th} text-right`}>
              <abbr title={t('usage.outTitle')} className="no-underline">{t('usage.out')}</abbr>
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t('usage.cost')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.model} className="border-b border-zinc-100 dark:border-zinc-900" data-testid="usage-model-row" data-model={m.model}>
              <th scope="row" className={`${td} max-w-[6.5rem] truncate font-mono font-normal sm:max-w-[12rem]`} title={m.model}>
                {m.model}
              </th>
              <td className={`${td} text-right`}>{formatCount(m.replies)}</td>
              <td className={`${td} text-right`} title={formatCount(m.prompt_tokens)}>
                {formatTokens(m.prompt_tokens)}
              </td>
              <td className={`${td} text-right`} title={formatCount(m.completion_tokens)}>
                {formatTokens(m.completion_tokens)}
              </td>
              <td className={`${td} whitespace-nowrap text-right`} title={m.cost_estimated ? t('usage.estimated') : undefined}>
                {costText(m.cost, m.cost_estimated)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="font-medium">
          <tr data-testid="usage-total-row">
            <th scope="row" className={`${td} font-medium`}>
              {t('usage.total')}
            </th>
            <td className={`${td} text-right`}>{formatCount(report.total.replies)}</td>
            <td className={`${td} text-right`} title={formatCount(report.total.prompt_tokens)}>
              {formatTokens(report.total.prompt_tokens)}
            </td>
            <td className={`${td} text-right`} title={formatCount(report.total.completion_tokens)}>
              {formatTokens(report.total.completion_tokens)}
            </td>
            <td className={`${td} whitespace-nowrap text-right`} data-testid="usage-total-cost">
              {costText(report.total.cost, estimated)}
            </td>
          </tr>
        </tfoot>
      </table>
      {estimated && <p className="mt-1 text-[11px] text-zinc-500">{t('usage.estimatedNote')}</p>}
    </div>
  );
}

function Budget({ report }: { report: UsageReport }) {
  const b = budgetOf(report.budget);
  if (!b) return null;
  return (
    <div className="text-sm" data-testid="usage-budget">
      <p>
        <span className="text-xs text-zinc-500">{t('usage.monthlyBudget')} </span>
        {b.text}
      </p>
      <span className="mt-1 block h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
        <span
          className={`block h-full rounded-full ${b.part >= 1 ? 'bg-red-500' : b.part >= 0.8 ? 'bg-amber-500' : 'bg-indigo-500'}`}
          style={{ width: `${Math.round(b.part * 100)}%` }}
        />
      </span>
    </div>
  );
}
