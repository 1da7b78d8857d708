// Settings → Templates: saved prompts with `{{variables}}`, used by typing `/` in the
// message box. Everyone manages their own; household templates are shown to everyone and
// managed by admins (members see them read-only).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useListEditing } from '../../hooks/useListEditing';
import type { Template, TemplateScope } from '../../api/types';
import { LiveError, LiveStatus, PanelSection, dangerLinkClass, inputClass, labelClass, linkClass, primaryClass, secondaryClass } from '../../components/ui';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { messageOf } from '../../lib/errors';
import { useTemplates, type TemplatesState } from './useTemplates';
import { templateVariables } from './variables';
import { t } from '../../i18n';
import { Trans } from '../../i18n/Trans';

export function TemplatesSection({ isAdmin }: { isAdmin: boolean }) {
  const state = useTemplates();
  // When a form closes, focus goes back to what opened it.
  const { editing, edit, list, newButton } = useListEditing('template-edit');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const run = async (f: () => Promise<unknown>, done?: string) => {
    setError(null);
    setStatus(null);
    try {
      await f();
      if (done) setStatus(done);
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    }
  };

  return (
    <PanelSection
      title={t('templates.title')}
      testId="templates-section"
      hint={
        <>
          <Trans k="templates.hint" components={{ kbd: <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700" />, code: <code className="font-mono" /> }} />
        </>
      }
    >
      <LiveError text={error ?? state.error} className="mb-2" testId="templates-error" />
      {!state.loaded ? (
        <p className="text-sm text-zinc-500">{t('common.loading')}</p>
      ) : state.templates.length === 0 && editing !== 'new' ? (
        <p className="text-sm text-zinc-500" data-testid="templates-empty">
          {t('templates.empty')}
        </p>
      ) : (
        <ul ref={list} className="space-y-2" data-testid="template-list">
          {state.templates.map((tpl) =>
            editing === tpl.id ? (
              <li key={tpl.id}>
                <TemplateForm
                  initial={tpl}
                  isAdmin={false}
                  onCancel={() => edit(null)}
                  onSave={async ({ name, content }) => {
                    if (await run(() => state.update(tpl.id, { name, content }), t('templates.saved', { name }))) edit(null);
                  }}
                />
              </li>
            ) : (
              <TemplateItem
                key={tpl.id}
                template={tpl}
                state={state}
                run={run}
                onEdit={() => edit(tpl.id)}
                fallback={() => newButton.current}
              />
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <div className="mt-2">
          <TemplateForm
            isAdmin={isAdmin}
            onCancel={() => edit(null)}
            onSave={async (body) => {
              if (await run(() => state.create(body), t('templates.added', { name: body.name }))) edit(null);
            }}
          />
        </div>
      ) : (
        <button ref={newButton} type="button" className={`${secondaryClass} mt-3`} onClick={() => edit('new')} data-testid="template-new">
          {t('templates.new')}
        </button>
      )}
      <LiveStatus text={status} className="mt-2" testId="templates-status" />
    </PanelSection>
  );
}

function TemplateItem({
  template: tpl,
  state,
  run,
  onEdit,
  fallback,
}: {
  template: Template;
  state: TemplatesState;
  run: (f: () => Promise<unknown>, done?: string) => Promise<boolean>;
  onEdit: () => void;
  fallback: () => HTMLElement | null;
}) {
  const confirm = useInlineConfirm();
  const row = useRef<HTMLLIElement>(null);
  const vars = tpl.variables?.length ? tpl.variables : templateVariables(tpl.content);
  return (
    <li
      ref={row}
      data-testid="template-item"
      data-id={tpl.id}
      data-name={tpl.name}
      data-scope={tpl.scope}
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium" data-testid="template-name">
          {tpl.name}
        </span>
        {tpl.scope === 'household' && (
          <span className="shrink-0 rounded bg-emerald-100 px-1.5 py-0.5 text-[11px] font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
            {t('templates.householdBadge')}
          </span>
        )}
      </div>
      <p className="mt-1 line-clamp-2 whitespace-pre-wrap break-words text-xs text-zinc-500" data-testid="template-content">
        {tpl.content}
      </p>
      {vars.length > 0 && (
        <p className="mt-1 text-xs text-zinc-500">
          {t('templates.blanks')} <span data-testid="template-variables">{vars.join(', ')}</span>
        </p>
      )}
      {tpl.editable ? (
        <div className="mt-2 flex flex-wrap gap-3 text-xs">
          <button type="button" className={linkClass} onClick={onEdit} data-testid="template-edit" aria-label={t('common.editName', { name: tpl.name })}>
            {t('common.edit')}
          </button>
          {confirm.open ? (
            <span className="flex flex-wrap gap-3" role="group" aria-label={t('common.deleteQuestion', { name: tpl.name })} onKeyDown={confirm.onKeyDown} data-testid="template-delete-confirm">
              <span className="text-zinc-500">{t('templates.confirmDelete')}</span>
              <button
                type="button"
                className="font-semibold text-red-600 hover:underline dark:text-red-400"
                data-testid="template-delete-yes"
                onClick={async () => {
                  const next = neighbourOf(row.current, fallback);
                  const ok = await run(() => state.remove(tpl.id), t('templates.deleted', { name: tpl.name }));
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
              className={dangerLinkClass}
              onClick={confirm.show}
              data-testid="template-delete"
              aria-label={t('common.deleteName', { name: tpl.name })}
            >
              {t('common.delete')}
            </button>
          )}
        </div>
      ) : (
        <p className="mt-2 text-xs text-zinc-500" data-testid="template-readonly">
          {t('templates.sharedByAdmin')}
        </p>
      )}
    </li>
  );
}

function TemplateForm({
  initial,
  isAdmin,
  onSave,
  onCancel,
}: {
  initial?: Template;
  /** Offer the household scope (a new template by an admin). */
  isAdmin: boolean;
  onSave: (body: { name: string; content: string; scope?: TemplateScope }) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [content, setContent] = useState(initial?.content ?? '');
  const [scope, setScope] = useState<TemplateScope>('personal');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const vars = templateVariables(content);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim()) {
      setProblem(t('templates.needName'));
      nameInput.current?.focus();
      return;
    }
    if (!content.trim()) {
      setProblem(t('templates.needText'));
      return;
    }
    setProblem(null);
    setBusy(true);
    await onSave({ name: name.trim(), content, ...(isAdmin && !initial ? { scope } : {}) });
    setBusy(false);
  };

  return (
    <form
      className="space-y-3 rounded-lg border border-indigo-300 p-3 dark:border-indigo-800"
      onSubmit={submit}
      noValidate
      aria-label={initial ? t('common.editName', { name: initial.name }) : t('templates.new')}
      data-testid="template-form"
    >
      <div>
        <label htmlFor={`${id}-name`} className={labelClass}>
          {t('common.name')}
        </label>
        <input
          id={`${id}-name`}
          ref={nameInput}
          className={inputClass}
          value={name}
          maxLength={100}
          autoComplete="off"
          placeholder={t('templates.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          data-testid="template-form-name"
        />
      </div>
      <div>
        <label htmlFor={`${id}-content`} className={labelClass}>
          {t('templates.text')}
        </label>
        <textarea
          id={`${id}-content`}
          className={`${inputClass} min-h-28`}
          value={content}
          placeholder={t('templates.textPlaceholder')}
          aria-describedby={`${id}-vars`}
          onChange={(e) => setContent(e.target.value)}
          data-testid="template-form-content"
        />
        <p id={`${id}-vars`} className="mt-1 text-xs text-zinc-500" data-testid="template-form-variables">
          {vars.length ? t('templates.blanksList', { list: vars.join(', ') }) : t('templates.noBlanks')}
        </p>
      </div>
      {isAdmin && !initial && (
        <fieldset>
          <legend className={labelClass}>{t('templates.whoCanUse')}</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(['personal', 'household'] as TemplateScope[]).map((s) => (
              <label key={s} className="flex items-center gap-2">
                <input type="radio" name={`${id}-scope`} checked={scope === s} onChange={() => setScope(s)} data-testid={`template-scope-${s}`} />
                {s === 'personal' ? t('templates.onlyMe') : t('templates.everyone')}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <LiveError text={problem} testId="template-form-error" />
      <div className="flex gap-2">
        <button type="submit" className={primaryClass} aria-disabled={busy} data-testid="template-save">
          {t('common.save')}
        </button>
        <button type="button" className={secondaryClass} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
