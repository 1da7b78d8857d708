// Users → Limits (admins): one user's limits. An empty field means the default applies
// (shown beside it); models: the default, or only the ones ticked.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AdminUser, Limits, Model } from '../../api/types';
import { LiveError, inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { mayFocusField } from '../../lib/focus';
import { describeLimits, formFromLimits, limitsFromForm, type LimitsForm } from './format';
import { useUserLimits } from './useUserLimits';
import { messageOf } from '../../lib/errors';
import { t } from '../../i18n';

interface Props {
  user: AdminUser;
  onCancel: () => void;
  onSaved: (limits: Limits) => void;
}

export function LimitsEditor({ user, onCancel, onSaved }: Props) {
  const id = useId();
  const state = useUserLimits(user.id);
  const [form, setForm] = useState<LimitsForm | null>(null);
  const [models, setModels] = useState<Model[] | null>(null);
  const [extra, setExtra] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Opened below a row (on a phone, far below the button): bring it into view, again
  // once its fields have loaded.
  const hasForm = form !== null;
  useEffect(() => {
    formRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [hasForm]);
  const opener = useRef(typeof document !== 'undefined' ? document.activeElement : null);

  useEffect(() => {
    if (state.data && !form) setForm(formFromLimits(state.data.limits));
  }, [state.data, form]);

  // Opened by a button press: the keyboard user goes straight to the first field.
  const ready = !!form;
  useEffect(() => {
    if (ready && mayFocusField(opener.current)) first.current?.focus();
  }, [ready]);

  useEffect(() => {
    let live = true;
    api.listModels().then(
      (list) => live && setModels(list.models),
      () => live && setModels([]),
    );
    return () => {
      live = false;
    };
  }, []);

  // Every model the admin can see (once: an id may come from two connections, and the
  // limit applies to every connection), plus any allowed already that the list does not have.
  const choices = useMemo(() => {
    const seen = new Map<string, { id: string; name: string }>();
    for (const m of models ?? []) if (!seen.has(m.id)) seen.set(m.id, { id: m.id, name: m.name });
    const more = (form?.models ?? []).filter((m) => !seen.has(m)).map((m) => ({ id: m, name: m }));
    return [...seen.values(), ...more];
  }, [models, form?.models]);

  const defaults = state.data ? describeLimits(state.data.defaults) : null;
  const set = (patch: Partial<LimitsForm>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const toggleModel = (m: string, on: boolean) =>
    setForm((f) => (f ? { ...f, models: on ? [...f.models.filter((x) => x !== m), m] : f.models.filter((x) => x !== m) } : f));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !form) return;
    const parsed = limitsFromForm(form);
    if (parsed.problem !== null) {
      setProblem(parsed.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const saved = await state.save(parsed.limits);
      onSaved(saved.limits);
    } catch (err) {
      setProblem(messageOf(err));
      setBusy(false);
    }
  };

  const field = (key: 'maxChats' | 'budget' | 'requests' | 'seconds', label: string, hint: string | null, ref?: typeof first) => (
    <div>
      <label htmlFor={`${id}-${key}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        ref={ref}
        className={inputClass}
        inputMode="numeric"
        autoComplete="off"
        value={form?.[key] ?? ''}
        placeholder={t('common.default')}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
        onChange={(e) => set({ [key]: e.target.value })}
        data-testid={`limits-${key}`}
      />
      {hint && (
        <p id={`${id}-${key}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form
      ref={formRef}
      className="space-y-4 rounded-lg border border-indigo-200 bg-indigo-50/50 p-3 text-left dark:border-indigo-900 dark:bg-indigo-950/20"
      onSubmit={submit}
      noValidate
      aria-label={t('admin.limitsFor', { name: user.username })}
      data-testid="limits-form"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <p className="text-sm font-medium">
        {t('limits.limitsFor')} {user.username} <span className="font-normal text-zinc-500">{t('limits.emptyDefault')}</span>
      </p>
      {!state.loaded || !form ? (
        state.error ? (
          <LiveError text={state.error} testId="limits-load-error" />
        ) : (
          <p className="text-sm text-zinc-500">{t('common.loading')}</p>
        )
      ) : (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            {field('maxChats', t('limits.maxChats'), defaults && t('limits.maxChatsHint', { value: defaults.chats.toLowerCase() }), first)}
            {field('budget', t('limits.budget'), defaults && t('limits.defaultIs', { value: defaults.budget.toLowerCase() }))}
            {field('requests', t('limits.requests'), defaults && t('limits.defaultIs', { value: defaults.rate.toLowerCase() }))}
            {field('seconds', t('limits.seconds'), t('limits.secondsHint'))}
          </div>
          <fieldset>
            <legend className={labelClass}>{t('common.models')}</legend>
            <div className="space-y-1 text-sm">
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`${id}-models`}
                  checked={!form.restrictModels}
                  onChange={() => set({ restrictModels: false })}
                  data-testid="limits-models-default"
                />
                {t('limits.defaultModels', { models: defaults?.models.toLowerCase() })}
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`${id}-models`}
                  checked={form.restrictModels}
                  onChange={() => set({ restrictModels: true })}
                  data-testid="limits-models-only"
                />
                {t('limits.onlyThese')}
              </label>
            </div>
            {form.restrictModels && (
              <div className="mt-2 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
                {models === null ? (
                  <p className="text-xs text-zinc-500">{t('models.loading')}</p>
                ) : (
                  <ul className="max-h-56 space-y-1 overflow-y-auto text-sm" data-testid="limits-model-list">
                    {choices.map((m) => (
                      <li key={m.id}>
                        <label className="flex min-w-0 items-center gap-2">
                          <input
                            type="checkbox"
                            checked={form.models.includes(m.id)}
                            onChange={(e) => toggleModel(m.id, e.target.checked)}
                            data-model-id={m.id}
                          />
                          <span className="min-w-0 truncate">
                            {m.name} <span className="font-mono text-xs text-zinc-500">{m.id}</span>
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="mt-2 flex gap-2">
                  <label htmlFor={`${id}-extra`} className="sr-only">
                    {t('limits.anotherId')}
                  </label>
                  <input
                    id={`${id}-extra`}
                    className={`${inputClass} !py-1 font-mono !text-xs`}
                    placeholder={t('limits.anotherIdPlaceholder')}
                    value={extra}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(e) => setExtra(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        if (extra.trim()) toggleModel(extra.trim(), true);
                        setExtra('');
                      }
                    }}
                  />
                  <button
                    type="button"
                    className={`${secondaryClass} !py-1 text-xs`}
                    onClick={() => {
                      if (extra.trim()) toggleModel(extra.trim(), true);
                      setExtra('');
                    }}
                  >
                    {t('common.add')}
                  </button>
                </div>
              </div>
            )}
          </fieldset>
        </>
      )}
      <LiveError text={problem} testId="limits-error" />
      <div className="flex gap-2">
        <button type="submit" className={primaryClass} aria-disabled={busy || !form} data-testid="limits-save">
          {t('limits.save')}
        </button>
        <button type="button" className={secondaryClass} onClick={onCancel} data-testid="limits-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
