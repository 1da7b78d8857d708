// The composer's `/` menu → a template with `{{variables}}`: one field per variable; Insert
// puts the filled text into the composer (it is not sent).
import { useId, useState, type FormEvent } from 'react';
import type { Template } from '../../api/types';
import { Modal } from '../../components/Modal';
import { inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { fillTemplate, templateVariables } from './variables';
import { t } from '../../i18n';

interface Props {
  template: Template;
  onInsert: (text: string) => void;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}

export function TemplateFillDialog({ template, onInsert, onClose, returnFocus }: Props) {
  const id = useId();
  const names = templateVariables(template.content);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, ''])));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onInsert(fillTemplate(template.content, values));
  };
  return (
    <Modal
      title={template.name}
      testId="template-fill"
      onClose={onClose}
      returnFocus={returnFocus}
      description={t('templates.fillHint')}
    >
      <form className="space-y-3" onSubmit={submit} data-testid="template-fill-form">
        {names.map((n, i) => (
          <div key={n}>
            <label htmlFor={`${id}-${i}`} className={labelClass}>
              {n}
            </label>
            <textarea
              id={`${id}-${i}`}
              rows={1}
              className={`${inputClass} min-h-[2.5rem] resize-y`}
              value={values[n] ?? ''}
              autoFocus={i === 0}
              onChange={(e) => setValues((v) => ({ ...v, [n]: e.target.value }))}
              onKeyDown={(e) => {
                // Enter inserts (Shift+Enter: a new line), like the message box.
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              data-testid="template-variable"
              data-name={n}
            />
          </div>
        ))}
        <div className="flex flex-wrap gap-2 pt-1">
          <button type="submit" className={primaryClass} data-testid="template-insert">
            {t('templates.insert')}
          </button>
          <button type="button" className={secondaryClass} onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
