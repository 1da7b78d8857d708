// Small pieces shared by the provider rows: the scope badge and a "Test" button that says
// what the test found ("Connected: 312 models", or the provider's error sentence).
import { useState } from 'react';
import type { ConnectionScope, ConnectionTest } from '../../api/types';
import { linkClass } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { describeTest, scopeLabel } from './draft';
import { t } from '../../i18n';

export function ScopeBadge({ scope }: { scope: ConnectionScope }) {
  const tone =
    scope === 'server'
      ? 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
      : scope === 'household'
        ? 'bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300'
        : 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300';
  return (
    <span className={`shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium ${tone}`} data-testid="connection-scope">
      {scopeLabel(scope)}
    </span>
  );
}

export type TestOutcome = { ok: boolean; text: string } | null;

/** Runs a test; the outcome (or the refusal's sentence) as `{ok, text}`. */
export async function runTest(test: () => Promise<ConnectionTest>): Promise<{ ok: boolean; text: string }> {
  try {
    return describeTest(await test());
  } catch (err) {
    return { ok: false, text: messageOf(err) };
  }
}

/** A "Test" link-button and, beside it, a polite line with the outcome. */
export function TestControl({ test, label, testId = 'connection-test' }: { test: () => Promise<ConnectionTest>; label: string; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome>(null);
  return (
    <>
      <button
        type="button"
        className={linkClass}
        aria-disabled={busy}
        aria-label={label}
        data-testid={testId}
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          setOutcome(null);
          setOutcome(await runTest(test));
          setBusy(false);
        }}
      >
        {busy ? t('providers.testing') : t('providers.test')}
      </button>
      <TestLine outcome={outcome} testId={`${testId}-result`} />
    </>
  );
}

/** The outcome of a test, read out politely (an error too: it answers what was asked). */
export function TestLine({ outcome, testId, className = '' }: { outcome: TestOutcome; testId: string; className?: string }) {
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid={testId}
      data-ok={outcome ? outcome.ok : undefined}
      className={
        outcome
          ? `basis-full text-xs ${outcome.ok ? 'text-emerald-600 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'} ${className}`
          : 'sr-only'
      }
    >
      {outcome?.text ?? ''}
    </span>
  );
}
