// Providers → add a connection: the kind, a name, the base URL (required for an
// OpenAI-compatible server; under "Advanced" for the others), the key (optional when the
// kind needs none), for admins who may use it; Test (nothing is stored) and Save.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConnectionList } from '../../api/types';
import { LiveError, inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { mayFocusField } from '../../lib/focus';
import { describeTest, draftBody, draftFields, draftProblem, emptyDraft, kindInfo, withKind, type ConnectionDraft, type DraftScope } from './draft';
import { TestLine, type TestOutcome } from './parts';
import type { ConnectionsState } from './useConnections';
import { t } from '../../i18n';

interface Props {
  list: ConnectionList;
  isAdmin: boolean;
  state: ConnectionsState;
  /** Saved (the new connection's name) or cancelled (null). */
  onDone: (name: string | null) => void;
}

export function AddConnectionForm({ list, isAdmin, state, onDone }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<ConnectionDraft>(() => emptyDraft(list.kinds, isAdmin));
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<TestOutcome>(null);
  const first = useRef<HTMLSelectElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const kind = kindInfo(list.kinds, draft.kind);
  const fields = draftFields(kind, isAdmin);

  useEffect(() => {
    formRef.current?.scrollIntoView?.({ block: 'nearest' });
    if (mayFocusField(document.activeElement)) first.current?.focus();
  }, []);

  const set = (patch: Partial<ConnectionDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setOutcome(null);
  };

  /** The draft's first problem (shown), or null when it may go to the server. */
  const check = () => {
    const p = draftProblem(draft, list.kinds);
    setProblem(p);
    return p === null;
  };

  const test = async () => {
    if (busy || !check()) return;
    setBusy('test');
    setOutcome(null);
    try {
      setOutcome(describeTest(await state.testDraft(draftBody(draft, list.kinds, isAdmin))));
    } catch (err) {
      setProblem(messageOf(err)); // refused before testing (host_not_allowed: which variable to set)
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check()) return;
    setBusy('save');
    setOutcome(null);
    try {
      const c = await state.create(draftBody(draft, list.kinds, isAdmin));
      onDone(c.name);
    } catch (err) {
      // The server's sentence in full (host_not_allowed names the variable to set).
      setProblem(messageOf(err));
      setBusy(null);
    }
  };

  const baseUrlField = (
    <div>
      <label htmlFor={`${id}-url`} className={labelClass}>
        {t('providers.baseUrl')}
      </label>
      <input
        id={`${id}-url`}
        type="url"
        inputMode="url"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        className={`${inputClass} font-mono`}
        value={draft.baseUrl}
        placeholder={fields.baseUrlRequired ? 'http://localhost:11434/v1' : (kind?.base_url ?? '')}
        aria-required={fields.baseUrlRequired}
        aria-describedby={fields.baseUrlRequired && list.allowed_hosts.length ? `${id}-hosts` : undefined}
        onChange={(e) => set({ baseUrl: e.target.value })}
        data-testid="connection-form-base-url"
      />
      {fields.baseUrlRequired && list.allowed_hosts.length > 0 && (
        <p id={`${id}-hosts`} className="mt-1 break-words text-xs text-zinc-500">
          {t('providers.mayReach')} <span className="font-mono">{list.allowed_hosts.join(', ')}</span>
          {t('providers.otherAddress')}
        </p>
      )}
    </div>
  );

  return (
    <form
      ref={formRef}
      className="space-y-3 rounded-lg border border-indigo-200 bg-indigo-50/50 p-3 dark:border-indigo-900 dark:bg-indigo-950/20"
      onSubmit={submit}
      noValidate
      aria-label={t('providers.add')}
      data-testid="connection-form"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onDone(null);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-kind`} className={labelClass}>
            {t('providers.provider')}
          </label>
          <select
            id={`${id}-kind`}
            ref={first}
            className={inputClass}
            value={draft.kind}
            onChange={(e) => {
              setDraft((d) => withKind(d, list.kinds, e.target.value));
              setOutcome(null);
              setProblem(null);
            }}
            data-testid="connection-form-kind"
          >
            {list.kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-name`} className={labelClass}>
            {t('common.name')} <span className="font-normal text-zinc-500">{t('common.optional')}</span>
          </label>
          <input
            id={`${id}-name`}
            className={inputClass}
            value={draft.name}
            maxLength={100}
            autoComplete="off"
            placeholder={kind?.label ?? ''}
            onChange={(e) => set({ name: e.target.value })}
            data-testid="connection-form-name"
          />
        </div>
      </div>
      {fields.baseUrlRequired && baseUrlField}
      <div>
        <label htmlFor={`${id}-key`} className={labelClass}>
          {t('providers.apiKey')} {!fields.keyRequired && <span className="font-normal text-zinc-500">{t('common.optional')}</span>}
        </label>
        <input
          id={`${id}-key`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          value={draft.apiKey}
          aria-required={fields.keyRequired}
          aria-describedby={`${id}-key-hint`}
          onChange={(e) => set({ apiKey: e.target.value })}
          data-testid="connection-form-key"
        />
        <p id={`${id}-key-hint`} className="mt-1 text-xs text-zinc-500">
          {t('providers.keyStored')}
        </p>
      </div>
      {fields.scopeChoice && (
        <div>
          <label htmlFor={`${id}-scope`} className={labelClass}>
            {t('providers.whoMayUse')}
          </label>
          <select
            id={`${id}-scope`}
            className={inputClass}
            value={draft.scope}
            onChange={(e) => set({ scope: e.target.value as DraftScope })}
            data-testid="connection-form-scope"
          >
            <option value="household">{t('providers.scopeHousehold')}</option>
            <option value="personal">{t('providers.scopeMe')}</option>
          </select>
        </div>
      )}
      {fields.baseUrlAdvanced && (
        <details className="text-sm">
          <summary className="cursor-pointer text-xs text-zinc-500">{t('common.advanced')}</summary>
          <div className="mt-2">{baseUrlField}</div>
        </details>
      )}
      <LiveError text={problem} testId="connection-form-error" className="break-words" />
      <TestLine outcome={outcome} testId="connection-form-test-result" className="block" />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={primaryClass} aria-disabled={!!busy} data-testid="connection-form-save">
          {busy === 'save' ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className={secondaryClass} aria-disabled={!!busy} onClick={() => void test()} data-testid="connection-form-test">
          {busy === 'test' ? t('providers.testing') : t('providers.test')}
        </button>
        <button type="button" className={secondaryClass} onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
