import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useListEditing } from '../hooks/useListEditing';
import type { Prompt, Theme } from '../api/types';
import type { ModelsState } from '../hooks/useModels';
import type { SettingsState } from '../hooks/useSettings';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { neighbourOf, useInlineConfirm } from '../hooks/useInlineConfirm';
import { SERVER_CONNECTION } from '../lib/models';
import { ModelSelector } from './ModelSelector';
import { CloseIcon } from './icons';
import { messageOf } from '../lib/errors';
import { t } from '../i18n';

interface Props {
  state: SettingsState;
  models: ModelsState;
  onClose: () => void;
  /** Where focus goes on close when the control that opened the panel is gone. */
  returnFocus?: () => HTMLElement | null;
  /** Whether the server connection can be changed here (admins; members see who sets it). */
  isAdmin?: boolean;
  /** Conversations were imported (Data): the list is read again. */
  onImported?: () => void;
}

// Providers (connections, the add form): their own chunk, loaded when Settings opens.
const ProvidersSection = lazy(() => import('../features/providers/ProvidersSection').then((m) => ({ default: m.ProvidersSection })));
// Templates and Data (export, import, backup): their own chunks too.
const TemplatesSection = lazy(() => import('../features/templates/TemplatesSection').then((m) => ({ default: m.TemplatesSection })));
const DataSection = lazy(() => import('../features/data/DataSection').then((m) => ({ default: m.DataSection })));

function errText(err: unknown) {
  return messageOf(err);
}

export function SettingsPanel({ state, models, onClose, returnFocus, isAdmin = true, onImported }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const { load: loadModels } = models;
  useEffect(() => {
    void loadModels(); // to show the default model's name
  }, [loadModels]);
  // Focus moves in once, on open (a reply streaming behind re-renders this often), Tab
  // stays inside, Escape closes, and focus goes back to what opened it.
  useDialogFocus(panel, true, onClose, { fallback: returnFocus });

  const s = state.settings;

  return (
    <div className="fixed inset-0 z-50 flex justify-end" role="dialog" aria-modal="true" aria-label={t('common.settings')}>
      <div className="absolute inset-0 bg-black/50" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        tabIndex={-1}
        data-testid="settings-panel"
        className="safe-top safe-bottom safe-right relative flex h-full w-full max-w-lg flex-col bg-white shadow-2xl outline-none dark:bg-zinc-950"
      >
        <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="text-lg font-semibold">{t('common.settings')}</h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t('settings.close')}
            className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <CloseIcon />
          </button>
        </header>
        <div className="min-h-0 flex-1 space-y-8 overflow-y-auto px-4 py-5">
          {state.error && <p className="text-sm text-red-600 dark:text-red-400">{state.error}</p>}
          {!s ? (
            <p className="text-sm text-zinc-500">{t('common.loading')}</p>
          ) : (
            <>
              <Suspense fallback={<p className="text-sm text-zinc-500">{t('providers.loading')}</p>}>
                <ProvidersSection settings={state} models={models} isAdmin={isAdmin} />
              </Suspense>
              <Section title={t('settings.defaultModel')} hint={t('settings.defaultModelHint')}>
                <ModelSelector
                  variant="field"
                  value={s.default_model}
                  only={SERVER_CONNECTION}
                  models={models}
                  label={t('settings.defaultModel')}
                  testId="default-model"
                  onChange={(id) => void state.update({ default_model: id }).catch(() => {})}
                />
              </Section>
              <Section title={t('settings.theme')}>
                <div className="inline-flex rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700" role="radiogroup" aria-label={t('settings.theme')}>
                  {(['dark', 'light', 'system'] as Theme[]).map((t) => (
                    <button
                      key={t}
                      type="button"
                      role="radio"
                      aria-checked={s.theme === t}
                      data-testid={`theme-${t}`}
                      onClick={() => void state.update({ theme: t }).catch(() => {})}
                      className={`rounded-md px-4 py-1.5 text-sm capitalize ${
                        s.theme === t ? 'bg-indigo-600 text-white' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'
                      }`}
                    >
                      {t}
                    </button>
                  ))}
                </div>
              </Section>
              <PromptsSection state={state} />
              <Suspense fallback={<p className="text-sm text-zinc-500">{t('templates.loading')}</p>}>
                <TemplatesSection isAdmin={isAdmin} />
                <DataSection isAdmin={isAdmin} onImported={onImported} />
              </Suspense>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="text-sm font-semibold">{title}</h3>
      {hint && <p className="mb-2 mt-0.5 text-xs text-zinc-500">{hint}</p>}
      <div className={hint ? '' : 'mt-2'}>{children}</div>
    </section>
  );
}

const input =
  'w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 dark:border-zinc-700 dark:bg-zinc-900';
const primary =
  'rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50';
const secondary =
  'rounded-lg border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

function PromptsSection({ state }: { state: SettingsState }) {
  // When a form closes, focus goes back to what opened it.
  const { editing, edit, list, newButton } = useListEditing('prompt-edit');
  const [error, setError] = useState<string | null>(null);

  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      return true;
    } catch (err) {
      setError(errText(err));
      return false;
    }
  };

  return (
    <Section title={t('settings.systemPrompts')} hint={t('settings.systemPromptsHint')}>
      {error && <p className="mb-2 text-sm text-red-600 dark:text-red-400">{error}</p>}
      <ul ref={list} className="space-y-2" data-testid="prompt-list">
        {state.prompts.map((p) =>
          editing === p.id ? (
            <li key={p.id}>
              <PromptForm
                initial={p}
                onCancel={() => edit(null)}
                onSave={async (name, content) => {
                  if (await run(() => state.updatePrompt(p.id, { name, content }))) edit(null);
                }}
              />
            </li>
          ) : (
            <PromptItem key={p.id} prompt={p} state={state} run={run} onEdit={() => edit(p.id)} />
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <div className="mt-2">
          <PromptForm
            onCancel={() => edit(null)}
            onSave={async (name, content) => {
              if (await run(() => state.createPrompt({ name, content }))) edit(null);
            }}
          />
        </div>
      ) : (
        <button ref={newButton} type="button" className={`${secondary} mt-3`} onClick={() => edit('new')} data-testid="prompt-new">
          {t('settings.newPrompt')}
        </button>
      )}
    </Section>
  );
}

function PromptItem({
  prompt: p,
  state,
  run,
  onEdit,
}: {
  prompt: Prompt;
  state: SettingsState;
  run: (f: () => Promise<unknown>) => Promise<boolean>;
  onEdit: () => void;
}) {
  const confirm = useInlineConfirm();
  const row = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  return (
    <li ref={row} data-testid="prompt-item" data-id={p.id} data-name={p.name} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium" data-testid="prompt-name">
          {p.name}
        </span>
        {p.is_default && (
          <span className="rounded bg-indigo-100 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
            {t('settings.defaultBadge')}
          </span>
        )}
      </div>
      <p className="mt-1 line-clamp-2 whitespace-pre-wrap text-xs text-zinc-500" data-testid="prompt-content">
        {p.content}
      </p>
      <div className="mt-2 flex flex-wrap gap-3 text-xs">
        <button ref={editButton} type="button" className="text-indigo-600 hover:underline dark:text-indigo-400" onClick={onEdit} data-testid="prompt-edit">
          {t('common.edit')}
        </button>
        {!p.is_default && (
          <button
            type="button"
            className="text-indigo-600 hover:underline dark:text-indigo-400"
            onClick={async () => {
              // This button goes away with success: focus stays in the item, on Edit.
              if (await run(() => state.updatePrompt(p.id, { is_default: true }))) editButton.current?.focus();
            }}
          >
            {t('settings.makeDefault')}
          </button>
        )}
        {confirm.open ? (
          <span className="flex gap-3" data-testid="prompt-delete-confirm" role="group" aria-labelledby={`prompt-q-${p.id}`} onKeyDown={confirm.onKeyDown}>
            <span className="text-zinc-500" id={`prompt-q-${p.id}`}>
              {t('settings.confirmDeletePrompt')}
            </span>
            <button
              type="button"
              className="font-semibold text-red-600 hover:underline dark:text-red-400"
              onClick={async () => {
                // This prompt goes away: focus moves to the next one (or the previous, or New prompt).
                const next = neighbourOf(row.current, () =>
                  row.current?.closest('section')?.querySelector<HTMLElement>('[data-testid=prompt-new]'),
                );
                const ok = await run(() => state.deletePrompt(p.id));
                confirm.close(ok ? next : undefined);
              }}
            >
              {t('common.yesDelete')}
            </button>
            <button ref={confirm.initialRef} type="button" className="hover:underline" onClick={() => confirm.close()}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button
            ref={confirm.triggerRef}
            type="button"
            disabled={p.is_default}
            title={p.is_default ? t('settings.cannotDeleteDefault') : undefined}
            data-testid="prompt-delete"
            className="text-red-600 hover:underline disabled:cursor-not-allowed disabled:text-zinc-400 disabled:no-underline dark:text-red-400 dark:disabled:text-zinc-600"
            onClick={confirm.show}
          >
            {t('common.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

function PromptForm({
  initial,
  onSave,
  onCancel,
}: {
  initial?: Prompt;
  onSave: (name: string, content: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const [content, setContent] = useState(initial?.content ?? '');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-2 rounded-lg border border-indigo-300 p-3 dark:border-indigo-800"
      data-testid="prompt-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await onSave(name.trim(), content);
        setBusy(false);
      }}
    >
      <input
        ref={nameInput}
        className={input}
        value={name}
        maxLength={100}
        required
        placeholder={t('common.name')}
        aria-label={t('settings.promptName')}
        onChange={(e) => setName(e.target.value)}
      />
      <textarea
        className={`${input} min-h-28`}
        value={content}
        required
        placeholder={t('settings.promptPlaceholder')}
        aria-label={t('settings.promptText')}
        onChange={(e) => setContent(e.target.value)}
      />
      <div className="flex gap-2">
        <button type="submit" className={primary} disabled={busy || !name.trim() || !content.trim()}>
          {t('common.save')}
        </button>
        <button type="button" className={secondary} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
