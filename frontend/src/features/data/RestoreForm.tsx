// First-run setup → "Restore from a backup": a backup file (Settings → Data → Download
// backup on the old instance) goes to `POST /api/restore`; afterwards the person signs in
// with an account from the backup.
import { useId, useRef, useState } from 'react';
import { keepApi } from '../../api/client';
import { LiveError, secondaryClass } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { JsonFileInput } from './JsonFileInput';
import { RESTORE_MAX_BYTES, checkSize, describeRestore } from './files';
import { t } from '../../i18n';

/** The restore picker; `onRestored` gets the sentence to show on the sign-in screen. */
export function RestoreForm({ onRestored }: { onRestored: (notice: string) => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const restore = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const r = await keepApi.restore(checkSize(file, RESTORE_MAX_BYTES));
      onRestored(`${describeRestore(r.restored ?? {})} ${t('data.signInAfterRestore')}`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="restore-form">
      <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
        {t('data.restoreHint')}
      </p>
      <button
        type="button"
        className={`${secondaryClass} mt-2 w-full`}
        aria-disabled={busy}
        aria-describedby={`${id}-hint`}
        onClick={() => !busy && input.current?.click()}
        data-testid="restore-choose"
      >
        {busy ? t('data.restoring') : t('data.chooseBackup')}
      </button>
      <JsonFileInput ref={input} onFile={(file) => void restore(file)} testId="restore-file" />
      <LiveError text={error} className="mt-2" testId="restore-error" />
    </div>
  );
}
