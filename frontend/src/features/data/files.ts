// Downloads and uploads: file names for exports, saving a download, reading a chosen
// file's size, and the import / restore answers in words. Pure, except `saveDownload` (the
// DOM).
import type { Download } from '../../api/client';
import type { ImportFormat, ImportReport } from '../../api/types';
import { formatNumber, t } from '../../i18n';

/**
 * The largest file `POST /api/import` takes: a Nexus export up to 1 GiB (the server's
 * MAX_IMPORT_BYTES; a ChatGPT or Open WebUI file is refused by the server above 64 MiB,
 * with its own sentence).
 */
export const IMPORT_MAX_BYTES = 1024 * 1024 * 1024;
/** The largest backup `POST /api/restore` takes (the server's MAX_RESTORE_BYTES, 1 GiB). */
export const RESTORE_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * A file name from a title: no path separators, reserved or control characters, runs of
 * spaces as one, at most 80 characters, `fallback` when nothing is left; then `.ext`.
 */
export function safeFilename(title: string, ext: string, fallback = 'conversation'): string {
  let base = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '');
  if ([...base].length > 80) base = [...base].slice(0, 80).join('').trim();
  if (!base || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = fallback;
  const e = ext.replace(/^\.+/, '');
  return e ? `${base}.${e}` : base;
}

/** The name to save an export under: the server's (made safe), else one from the title. */
export function downloadName(serverName: string | null, title: string, ext: string): string {
  if (serverName) {
    const dot = serverName.lastIndexOf('.');
    const given = dot > 0 ? serverName.slice(dot + 1) : '';
    const stem = dot > 0 ? serverName.slice(0, dot) : serverName;
    const name = safeFilename(stem, /^[A-Za-z0-9]{1,8}$/.test(given) ? given : ext, '');
    if (name && !name.startsWith('.')) return name;
  }
  return safeFilename(title, ext);
}

/** `nexus-export-2025-03-10.json` (a UTC day). */
export function datedName(prefix: string, ext: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 10)}.${ext}`;
}

/** Saves a download in the browser (an object URL and an `<a download>`). */
export function saveDownload({ blob }: Download, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * The chosen file, to be sent as it is (never read into a string: a browser cannot hold a
 * string of a large backup's size); a sentence (thrown) when it is over `max`.
 */
export function checkSize(file: File, max: number): File {
  if (file.size > max) throw new Error(t('data.fileTooBig', { name: file.name, size: formatBytes(file.size), max: formatBytes(max) }));
  return file;
}

export function formatBytes(n: number): string {
  if (n < 1024) return t('data.bytes', { size: formatNumber(n) });
  if (n < 1024 * 1024) return t('data.kb', { size: formatNumber(+(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)) });
  return t('data.mb', { size: formatNumber(+(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)) });
}

const FORMATS: readonly ImportFormat[] = ['nexus', 'chatgpt', 'openwebui'];

export const formatName = (f: string) => (FORMATS.includes(f as ImportFormat) ? t(`data.formatName.${f}`) : f);


/** "Imported 3 conversations from a ChatGPT export; 1 was there already; 2 skipped." */
export function describeImport(r: ImportReport): string {
  const parts = [t('data.importedFrom', { count: r.imported, format: formatName(r.format) })];
  if (r.duplicates) parts.push(t('data.duplicates', { count: r.duplicates }));
  if (r.skipped.length) parts.push(t('data.skippedCount', { count: r.skipped.length }));
  return `${parts.join('; ')}.`;
}

/** "Restored 2 users, 14 conversations and 310 messages (5 tables, 400 rows)." */
export function describeRestore(restored: Readonly<Record<string, number>>): string {
  const entries = Object.entries(restored).filter(([, n]) => typeof n === 'number');
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const named = (['users', 'conversations', 'messages'] as const)
    .filter((k) => k in restored)
    .map((k) => t(`data.restoredCount.${k}`, { count: restored[k] }));
  const list = named.length > 1 ? t('data.listAnd', { list: named.slice(0, -1).join(', '), last: named[named.length - 1] }) : (named[0] ?? '');
  const summary = `${t('data.tables', { count: entries.length })}, ${t('data.rows', { count: total })}`;
  return list ? t('data.restoredList', { list, summary }) : t('data.restored', { summary });
}
