// Chat header → ⋯: Share… (a dialog, its own chunk) and Export ▸ Markdown / JSON (a
// download of `GET /api/export/{id}`). A menu button: ↑/↓ move, Escape closes, focus goes
// back to the button.
import { lazy, Suspense, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepApi } from '../../api/client';
import { messageOf } from '../../lib/errors';
import { downloadName, saveDownload } from './files';
import { t } from '../../i18n';

const ShareDialog = lazy(() => import('../share/ShareDialog').then((m) => ({ default: m.ShareDialog })));

interface Props {
  conversationId: string;
  title: string;
  /** Says why an export failed (the app's notice line). */
  onError: (text: string) => void;
}

const itemClass =
  'flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none aria-disabled:opacity-50 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800';

export function ConversationMenu({ conversationId, title, onError }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (e.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    } else if (e.key === 'Tab') {
      close(false);
      return;
    }
    if (next >= 0) {
      e.preventDefault();
      items[next]?.focus();
    }
  };

  const exportAs = async (format: 'markdown' | 'json') => {
    if (busy) return;
    setBusy(format);
    try {
      const file = await keepApi.exportConversation(conversationId, format);
      saveDownload(file, downloadName(file.filename, title, format === 'markdown' ? 'md' : 'json'));
      close();
    } catch (err) {
      close();
      onError(t('convMenu.exportFailed', { error: messageOf(err) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div ref={root} className="relative shrink-0">
      <button
        ref={button}
        type="button"
        className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        aria-label={t('convMenu.label')}
        title={t('convMenu.title')}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        data-testid="header-menu-button"
      >
        <svg width={18} height={18} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <circle cx="5" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="19" cy="12" r="1.8" />
        </svg>
      </button>
      {open && (
        <div
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label={t('convMenu.label')}
          onKeyDown={onMenuKey}
          className="absolute right-0 top-full z-40 mt-1 w-56 max-sm:fixed max-sm:right-3 max-sm:top-[calc(env(safe-area-inset-top)+3.5rem)] max-sm:mt-0 rounded-xl border border-zinc-200 bg-white p-1 shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="header-menu"
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={itemClass}
            onClick={() => {
              close(false);
              setSharing(true);
            }}
            data-testid="menu-share"
          >
            {t('convMenu.share')}
          </button>
          <div role="group" aria-label={t('convMenu.export')} className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
            <p aria-hidden="true" className="px-3 pb-0.5 pt-1 text-[11px] font-medium uppercase tracking-wide text-zinc-500">
              {t('convMenu.exportMenu')}
            </p>
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={!!busy}
              className={itemClass}
              onClick={() => void exportAs('markdown')}
              data-testid="menu-export-markdown"
            >
              {busy === 'markdown' ? t('data.exporting') : t('convMenu.markdown')}
            </button>
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={!!busy}
              className={itemClass}
              onClick={() => void exportAs('json')}
              data-testid="menu-export-json"
            >
              {busy === 'json' ? t('data.exporting') : t('convMenu.json')}
            </button>
          </div>
        </div>
      )}
      {sharing && (
        <Suspense fallback={null}>
          <ShareDialog conversationId={conversationId} title={title} onClose={() => setSharing(false)} returnFocus={() => button.current} />
        </Suspense>
      )}
    </div>
  );
}
