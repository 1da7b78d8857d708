// The composer's `/` menu: typing `/` at the start of the message box lists the prompt
// templates whose name matches what follows; ↑/↓ move, Enter or Tab (or a click) choose,
// Escape closes. A template with `{{variables}}` opens a small form first; the text goes
// into the box, never sent by itself. The box keeps the focus while the list is open
// (`aria-activedescendant` names the option under the cursor).
import { lazy, Suspense, useEffect, useId, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { Template } from '../../api/types';
import { filterTemplates, slashQuery, templateVariables } from './variables';
import { useTemplates } from './useTemplates';
import { t } from '../../i18n';

const TemplateFillDialog = lazy(() => import('./TemplateFillDialog').then((m) => ({ default: m.TemplateFillDialog })));

const MAX_SHOWN = 8;

export function useSlashTemplates(text: string, setText: (text: string) => void, inputRef: RefObject<HTMLTextAreaElement | null>) {
  const id = useId();
  const query = slashQuery(text);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(0);
  const [filling, setFilling] = useState<Template | null>(null);
  const { templates, loaded } = useTemplates({ enabled: query !== null });

  // Escape closes the list until the `/` goes away.
  useEffect(() => {
    if (query === null) setDismissed(false);
  }, [query]);
  useEffect(() => setActive(0), [query]);

  const matches = query === null ? [] : filterTemplates(templates, query).slice(0, MAX_SHOWN);
  const open = query !== null && !dismissed && loaded && matches.length > 0 && !filling;
  const at = Math.min(active, matches.length - 1);

  const put = (value: string) => {
    setText(value);
    // The cursor after the text, in the box.
    requestAnimationFrame(() => {
      const el = inputRef.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(value.length, value.length);
    });
  };

  const choose = (tpl: Template) => {
    if (templateVariables(tpl.content).length) setFilling(tpl);
    else put(tpl.content);
  };

  /** Handles the list's keys; true when the key was its. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || e.nativeEvent.isComposing) return false;
    switch (e.key) {
      case 'ArrowDown':
        setActive((at + 1) % matches.length);
        break;
      case 'ArrowUp':
        setActive((at - 1 + matches.length) % matches.length);
        break;
      case 'Enter':
      case 'Tab':
        if (e.shiftKey) return false;
        choose(matches[at]);
        break;
      case 'Escape':
        setDismissed(true);
        break;
      default:
        return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  const inputProps = open
    ? { 'aria-controls': `${id}-list`, 'aria-activedescendant': optionId(at), 'aria-autocomplete': 'list' as const }
    : {};

  const menu: ReactNode = open ? (
    <div className="absolute bottom-full left-0 right-0 z-20 mb-2 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xl dark:border-zinc-700 dark:bg-zinc-900">
      <p className="border-b border-zinc-200 px-3 py-1.5 text-[11px] font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800" aria-hidden="true">
        {t('templates.slashHeading')}
      </p>
      <ul id={`${id}-list`} role="listbox" aria-label={t('templates.title')} className="max-h-64 overflow-y-auto py-1" data-testid="template-menu">
        {matches.map((tpl, i) => (
          <li
            key={tpl.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === at}
            data-testid="template-option"
            data-name={tpl.name}
            className={`cursor-pointer px-3 py-2 text-sm ${i === at ? 'bg-indigo-50 dark:bg-indigo-950/60' : ''}`}
            // Keep the focus in the box.
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(tpl)}
          >
            <span className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate font-medium">{tpl.name}</span>
              {tpl.scope === 'household' && <span className="shrink-0 text-[11px] text-zinc-500">{t('templates.householdBadge')}</span>}
            </span>
            <span className="block truncate text-xs text-zinc-500">{tpl.content}</span>
          </li>
        ))}
      </ul>
      <p className="sr-only" role="status" aria-live="polite">
        {t('templates.count', { count: matches.length })}
      </p>
    </div>
  ) : null;

  const dialog: ReactNode = filling ? (
    <Suspense fallback={null}>
      <TemplateFillDialog
        template={filling}
        returnFocus={() => inputRef.current}
        onClose={() => setFilling(null)}
        onInsert={(value) => {
          setFilling(null);
          put(value);
        }}
      />
    </Suspense>
  ) : null;

  return { open, onKeyDown, inputProps, menu, dialog };
}
