// Chat header → Parameters: a small dialog for the conversation's temperature, max output
// tokens and top P. Empty = the provider's default; Save replaces them all (`{}` clears).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConversationParams } from '../../api/types';
import { LiveError, inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { SlidersIcon } from '../../components/icons';
import { useDialogFocus } from '../../hooks/useDialogFocus';
import { messageOf } from '../../lib/errors';
import { describeParams, formFromParams, hasParams, paramsFromForm, type ParamsForm } from './params';
import { t } from '../../i18n';

interface Props {
  params: ConversationParams | null | undefined;
  /** Saves the whole object; throws `ApiError` (400 `invalid_params`). */
  onSave: (params: ConversationParams) => Promise<void>;
  disabled?: boolean;
}

export function ParamsButton({ params, onSave, disabled }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const set = hasParams(params);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  return (
    <div ref={root} className="relative shrink-0">
      <button
        type="button"
        className="relative rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-50 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        aria-label={t('params.label', { params: describeParams(params) })}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={t('params.label', { params: describeParams(params) })}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
        data-testid="params-button"
        data-set={set}
      >
        <SlidersIcon width={18} height={18} />
        {set && <span className="absolute right-1.5 top-1.5 h-1.5 w-1.5 rounded-full bg-indigo-500" aria-hidden="true" />}
      </button>
      {open && <ParamsDialog params={params} onSave={onSave} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ParamsDialog({ params, onSave, onClose }: { params: Props['params']; onSave: Props['onSave']; onClose: () => void }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [form, setForm] = useState<ParamsForm>(() => formFromParams(params));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Focus moves in, Tab stays inside, Escape closes, focus goes back to the button.
  useDialogFocus(box, true, onClose);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const parsed = paramsFromForm(form);
    if (parsed.problem !== null) {
      setProblem(parsed.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onSave(parsed.params);
      onClose();
    } catch (err) {
      setProblem(messageOf(err)); // 400 invalid_params: the server's sentence
      setBusy(false);
    }
  };

  const field = (key: keyof ParamsForm, label: string, hint: string, attrs: { step: string; min: string; max: string; inputMode: 'decimal' | 'numeric' }) => (
    <div>
      <label htmlFor={`${id}-${key}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        type="number"
        className={inputClass}
        value={form[key]}
        placeholder={t('common.default')}
        aria-describedby={`${id}-${key}-hint`}
        onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
        data-testid={`params-${key}`}
        {...attrs}
      />
      <p id={`${id}-${key}-hint`} className="mt-0.5 text-xs text-zinc-500">
        {hint}
      </p>
    </div>
  );

  return (
    <div
      ref={box}
      role="dialog"
      aria-label={t('params.title')}
      tabIndex={-1}
      className="absolute right-0 top-full z-50 mt-1 w-80 rounded-xl max-sm:fixed max-sm:left-3 max-sm:right-3 max-sm:top-[calc(env(safe-area-inset-top)+4.25rem)] max-sm:mt-0 max-sm:w-auto border border-zinc-200 bg-white p-3 text-left shadow-xl outline-none dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="params-dialog"
    >
      <form className="space-y-3" onSubmit={submit} noValidate>
        <p className="text-sm font-semibold">{t('params.title')}</p>
        <p className="-mt-2 text-xs text-zinc-500">{t('params.hint')}</p>
        {field('temperature', t('params.temperature'), t('params.temperatureHint'), { step: '0.1', min: '0', max: '2', inputMode: 'decimal' })}
        {field('maxTokens', t('params.maxTokens'), t('params.maxTokensHint'), { step: '1', min: '1', max: '1000000', inputMode: 'numeric' })}
        {field('topP', t('params.topP'), t('params.topPHint'), { step: '0.05', min: '0', max: '1', inputMode: 'decimal' })}
        <LiveError text={problem} testId="params-error" />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={primaryClass} aria-disabled={busy} data-testid="params-save">
            {t('common.save')}
          </button>
          <button
            type="button"
            className={secondaryClass}
            onClick={() => {
              setForm({ temperature: '', maxTokens: '', topP: '' });
              setProblem(null);
            }}
            data-testid="params-clear"
          >
            {t('params.useDefaults')}
          </button>
          <button type="button" className={secondaryClass} onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
