// Settings → Data: export everything (every conversation, folders, personal templates, one
// JSON file), import (a Nexus, ChatGPT or Open WebUI export; the report says what was
// stored), and for admins a backup of the whole instance.
import { useId, useRef, useState } from 'react';
import { keepApi } from '../../api/client';
import type { ImportReport } from '../../api/types';
import { LiveError, LiveStatus, PanelSection, secondaryClass } from '../../components/ui';
import { messageOf } from '../../lib/errors';
import { JsonFileInput } from './JsonFileInput';
import { IMPORT_MAX_BYTES, checkSize, datedName, describeImport, downloadName, formatName, saveDownload } from './files';
import { t } from '../../i18n';

interface Props {
  isAdmin: boolean;
  /** Conversations were imported: the list should be read again. */
  onImported?: () => void;
}

export function DataSection({ isAdmin, onImported }: Props) {
  const id = useId();
  const [busy, setBusy] = useState<'export' | 'import' | 'backup' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (what: 'export' | 'import' | 'backup', f: () => Promise<string | null>) => {
    if (busy) return;
    setBusy(what);
    setError(null);
    setStatus(null);
    try {
      setStatus(await f());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const exportAll = () =>
    run('export', async () => {
      const file = await keepApi.exportAll();
      saveDownload(file, downloadName(file.filename, datedName('nexus-export', 'json'), 'json'));
      return t('data.exportDownloading');
    });

  const backup = () =>
    run('backup', async () => {
      const file = await keepApi.backup();
      saveDownload(file, downloadName(file.filename, datedName('nexus-backup', 'json'), 'json'));
      return t('data.backupDownloading');
    });

  const importFile = (file: File) =>
    run('import', async () => {
      setReport(null);
      const r = await keepApi.importFile(checkSize(file, IMPORT_MAX_BYTES));
      setReport(r);
      if (r.imported) onImported?.();
      return describeImport(r);
    });

  return (
    <PanelSection title={t('data.title')} testId="data-section" hint={t('data.hint')}>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryClass} aria-disabled={!!busy} onClick={() => void exportAll()} data-testid="export-all">
          {busy === 'export' ? t('data.exporting') : t('data.exportAll')}
        </button>
        <button
          type="button"
          className={secondaryClass}
          aria-disabled={!!busy}
          aria-describedby={`${id}-import-hint`}
          onClick={() => !busy && fileInput.current?.click()}
          data-testid="import-button"
        >
          {busy === 'import' ? t('data.importing') : t('data.import')}
        </button>
        {isAdmin && (
          <button type="button" className={secondaryClass} aria-disabled={!!busy} onClick={() => void backup()} data-testid="backup-download">
            {busy === 'backup' ? t('data.preparing') : t('data.downloadBackup')}
          </button>
        )}
      </div>
      <JsonFileInput ref={fileInput} onFile={(file) => void importFile(file)} testId="import-file" />
      <p id={`${id}-import-hint`} className="mt-2 text-xs text-zinc-500">
        {t('data.importHint')}{isAdmin ? t('data.backupHint') : ''}
      </p>
      <LiveError text={error} className="mt-2" testId="data-error" />
      <LiveStatus text={status} className="mt-2" testId="data-status" />
      {report && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="import-report">
          <dt className="text-zinc-500">{t('data.format')}</dt>
          <dd data-testid="import-format" data-format={report.format}>
            {formatName(report.format)}
          </dd>
          <dt className="text-zinc-500">{t('data.imported')}</dt>
          <dd data-testid="import-imported">{report.imported}</dd>
          <dt className="text-zinc-500">{t('data.alreadyThere')}</dt>
          <dd data-testid="import-duplicates">{report.duplicates}</dd>
          <dt className="text-zinc-500">{t('data.skipped')}</dt>
          <dd data-testid="import-skipped-count">{report.skipped.length}</dd>
          {report.skipped.length > 0 && (
            <dd className="col-span-2">
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs" data-testid="import-skipped">
                {report.skipped.map((s, i) => (
                  <li key={i}>
                    <span className="font-medium">{s.title || t('common.untitled')}</span>: {s.reason}
                  </li>
                ))}
              </ul>
            </dd>
          )}
        </dl>
      )}
    </PanelSection>
  );
}
