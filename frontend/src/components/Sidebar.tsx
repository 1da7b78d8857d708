import { offlineReason } from '../offline/useOutbox';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BulkAction } from '../api/types';
import { BulkBar } from '../features/sidebar/BulkBar';
import type { RowActions } from '../features/sidebar/ConversationItem';
import { ConversationList } from '../features/sidebar/ConversationList';
import { TagEditor } from '../features/sidebar/TagEditor';
import type { FoldersState } from '../features/sidebar/useFolders';
import type { ConversationsState } from '../hooks/useConversations';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { useMediaQuery } from '../hooks/useMediaQuery';
import { messageOf } from '../lib/errors';
import { ArchiveIcon, ChevronLeftIcon, CloseIcon, GearIcon, PlusIcon } from './icons';
import { t } from '../i18n';

/** The palette's shortcut as this keyboard says it. */
const SHORTCUT = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? '⌘K' : 'Ctrl K';

interface Props {
  /** Every list (paged) and the changes to conversations. */
  convs: ConversationsState;
  folders: FoldersState;
  activeId: string | null;
  open: boolean;
  /** The Archived view is shown instead of the chats in use. */
  showArchived: boolean;
  onShowArchived: (on: boolean) => void;
  onClose: () => void;
  onNew: () => void;
  /** Offline: New chat and Settings are off (they need the server). */
  offline?: boolean;
  onSelect: (id: string) => void;
  onDelete: (id: string) => Promise<void>;
  /** Archives a chat (or, in the Archived view, brings it back); it leaves the list shown. */
  onArchive: (id: string, archived: boolean) => Promise<void>;
  onSettings: () => void;
  /** Below Settings: the signed-in user's menu. */
  footer?: ReactNode;
  /** Opens the search palette with what was typed in the sidebar's search box. */
  onSearch: (initial: string) => void;
  /** Says why a change failed (the app's notice). */
  onNotice: (message: string | null) => void;
}

export function Sidebar({
  convs,
  folders,
  activeId,
  open,
  showArchived,
  onShowArchived,
  onClose,
  onNew,
  offline = false,
  onSelect,
  onDelete,
  onArchive,
  onSettings,
  footer,
  onSearch,
  onNotice,
}: Props) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 30_000); // keep "5 min ago" fresh
    return () => clearInterval(t);
  }, []);
  // Under 768px the open sidebar is a drawer over the chat: a modal one for the keyboard.
  const wide = useMediaQuery('(min-width: 768px)');
  const drawer = open && !wide;
  const aside = useRef<HTMLElement>(null);
  useDialogFocus(aside, drawer, onClose);
  // Switching views keeps the keyboard where it was: on the control that switches back.
  const toArchived = useRef<HTMLButtonElement>(null);
  const toChats = useRef<HTMLButtonElement>(null);
  const switched = useRef(false);
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    (showArchived ? toChats : toArchived).current?.focus();
  }, [showArchived]);
  const switchView = (on: boolean, byKeyboard: boolean) => {
    switched.current = byKeyboard;
    onShowArchived(on);
  };
  // A tag chosen (a chip clicked): only its chats. Select mode: checkboxes and the bulk bar.
  const [tag, setTag] = useState<string | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [tagsFor, setTagsFor] = useState<string | null>(null);
  const [searchDraft, setSearchDraft] = useState('');
  const shown = useRef<string[]>([]);
  const scroller = useRef<HTMLElement>(null);
  const canDrag = useMediaQuery('(min-width: 768px) and (hover: hover) and (pointer: fine)');

  const latest = useRef({ convs, folders, onSelect, onDelete, onArchive, onNotice, showArchived, onShowArchived });
  latest.current = { convs, folders, onSelect, onDelete, onArchive, onNotice, showArchived, onShowArchived };
  const actions = useMemo<RowActions>(() => {
    const fail = (err: unknown) => latest.current.onNotice(messageOf(err));
    // A row that moved (pinned, into a folder) is a new element: the keyboard follows it,
    // or goes to the search box when it left what is shown.
    const refocus = (id: string) =>
      requestAnimationFrame(() => {
        const now = document.activeElement;
        if (now && now !== document.body && now.isConnected) return;
        const root = aside.current;
        (root?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] [data-testid=conversation-menu]`) ??
          root?.querySelector<HTMLElement>('[data-testid=sidebar-search]'))?.focus();
      });
    return {
      select: (id) => latest.current.onSelect(id),
      remove: async (id) => {
        await latest.current.onDelete(id);
        latest.current.folders.refresh();
      },
      archive: async (id, on) => {
        await latest.current.onArchive(id, on);
        latest.current.folders.refresh();
      },
      pin: (id, on) => {
        latest.current.onNotice(null);
        latest.current.convs.update(id, { pinned: on }).then(() => refocus(id), fail);
      },
      move: (ids, folderId) => {
        latest.current.onNotice(null);
        const { convs: c, folders: f } = latest.current;
        const done = ids.length === 1 ? c.update(ids[0], { folder_id: folderId }) : c.bulk(ids, 'move', { folder_id: folderId });
        done.then(() => {
          f.refresh();
          refocus(ids[0]);
        }, fail);
      },
      editTags: (id) => setTagsFor(id),
      filterTag: (t) => {
        setTag(t);
        if (latest.current.showArchived) latest.current.onShowArchived(false);
      },
      toggleSelected: (id) =>
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(id)) n.delete(id);
          else n.add(id);
          return n;
        }),
    };
  }, []);
  const onShown = useCallback((ids: string[]) => (shown.current = ids), []);
  const endSelect = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  const runBulk = async (action: BulkAction, arg?: { folder_id?: string | null; tag?: string }) => {
    const ids = [...selected];
    await convs.bulk(ids, action, arg);
    folders.refresh();
    if (action === 'delete' && activeId && ids.includes(activeId)) onNew();
    setSelected(new Set());
  };
  const editing = tagsFor ? convs.find(tagsFor) : null;

  return (
    <>
      {/* Overlay backdrop under 768px */}
      <div
        className={`fixed inset-0 z-30 bg-black/50 transition-opacity md:hidden ${open ? 'opacity-100' : 'pointer-events-none opacity-0'}`}
        onClick={onClose}
        aria-hidden="true"
      />
      <aside
        ref={aside}
        data-testid="sidebar"
        data-open={open}
        aria-label={t('sidebar.conversations')}
        role={drawer ? 'dialog' : undefined}
        aria-modal={drawer ? true : undefined}
        className={`safe-left fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col border-r border-zinc-200 bg-zinc-50 transition-transform duration-200 dark:border-zinc-800 dark:bg-zinc-950 md:static md:z-auto md:w-64 md:max-w-none md:translate-x-0 lg:w-72 ${
          open ? 'translate-x-0' : '-translate-x-full md:visible'
        } ${open ? '' : 'max-md:invisible'}`}
      >
        <div className="flex items-center gap-2 p-3 pt-[calc(env(safe-area-inset-top)+0.75rem)]">
          <button
            type="button"
            onClick={onNew}
            data-testid="new-chat"
            disabled={offline}
            title={offline ? offlineReason() : undefined}
            className="flex flex-1 items-center gap-2 rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-200 dark:border-zinc-700 disabled:opacity-50 disabled:hover:bg-transparent dark:hover:bg-zinc-800"
          >
            <PlusIcon width={18} height={18} />
            {t('sidebar.newChat')}
          </button>
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-200 md:hidden dark:hover:bg-zinc-800"
            aria-label={t('sidebar.close')}
          >
            <CloseIcon />
          </button>
        </div>
        <div className="px-3 pb-2">
          <input
            type="search"
            value={searchDraft}
            onChange={(e) => {
              // What is typed before the palette has the focus (its code loading) is kept.
              setSearchDraft(e.target.value);
              if (e.target.value) onSearch(e.target.value);
            }}
            onBlur={() => setSearchDraft('')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === 'ArrowDown') {
                e.preventDefault();
                onSearch(searchDraft);
              }
            }}
            placeholder={`${t('sidebar.searchPlaceholder')}  ${SHORTCUT}`}
            aria-label={t('sidebar.searchLabel')}
            aria-keyshortcuts="Control+K Meta+K"
            data-testid="sidebar-search"
            className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
          />
          <div className="mt-2 flex items-center gap-1">
            {tag && (
              <button
                type="button"
                onClick={() => setTag(null)}
                data-testid="tag-filter"
                data-tag={tag}
                aria-label={t('sidebar.tagFilter', { tag })}
                className="flex min-w-0 items-center gap-1 rounded-full bg-indigo-100 px-2 py-0.5 text-xs text-indigo-800 hover:bg-indigo-200 dark:bg-indigo-950 dark:text-indigo-200"
              >
                <span className="truncate">#{tag}</span>
                <CloseIcon width={12} height={12} />
              </button>
            )}
            <span className="flex-1" />
            <button
              type="button"
              aria-pressed={selecting}
              onClick={() => {
                if (selecting) endSelect();
                else {
                  setSelecting(true);
                  folders.ensureTags();
                }
              }}
              data-testid="select-mode"
              disabled={offline && !selecting}
              title={offline && !selecting ? offlineReason() : undefined}
              className="rounded-md px-2 py-0.5 text-xs text-zinc-600 hover:bg-zinc-200 aria-pressed:bg-indigo-100 aria-pressed:text-indigo-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:aria-pressed:bg-indigo-950 dark:aria-pressed:text-indigo-200"
            >
              {selecting ? t('common.done') : t('sidebar.select')}
            </button>
          </div>
        </div>
        <nav
          ref={scroller}
          className="min-h-0 flex-1 overflow-y-auto px-2 pb-2"
          aria-label={showArchived ? t('sidebar.archivedList') : t('sidebar.list')}
          data-testid="conversation-list"
          data-view={showArchived ? 'archived' : 'active'}
        >
          {showArchived && (
            <div className="flex items-center gap-1 px-1 pb-1">
              <button
                ref={toChats}
                type="button"
                onClick={(e) => switchView(false, e.detail === 0)}
                className="flex items-center gap-1 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-200 dark:text-zinc-400 dark:hover:bg-zinc-800"
                data-testid="show-chats"
              >
                <ChevronLeftIcon width={14} height={14} />
                {t('common.chats')}
              </button>
              <h2 className="px-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">{t('common.archived')}</h2>
            </div>
          )}
          <ConversationList
            convs={convs}
            folders={folders}
            activeId={activeId}
            showArchived={showArchived}
            tag={showArchived ? null : tag}
            actions={actions}
            selecting={selecting}
            selected={selected}
            canDrag={canDrag}
            readOnly={offline}
            scrollRoot={scroller}
            onShown={onShown}
            onFolderError={(m) => onNotice(m)}
          />
          {!showArchived && (
            <button
              ref={toArchived}
              type="button"
              onClick={(e) => switchView(true, e.detail === 0)}
              className="mt-2 flex w-full items-center gap-2 rounded-lg px-3 py-1.5 text-xs text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
              data-testid="show-archived"
            >
              <ArchiveIcon width={14} height={14} />
              {t('sidebar.archivedChats')}
            </button>
          )}
        </nav>
        {selecting && (
          <BulkBar
            count={selected.size}
            archivedView={showArchived}
            folders={folders.folders ?? []}
            tags={folders.tags}
            onRun={runBulk}
            onSelectAll={() => setSelected(new Set(shown.current))}
            onClear={() => setSelected(new Set())}
          />
        )}
        <div className="border-t border-zinc-200 p-2 pb-[calc(env(safe-area-inset-bottom)+0.5rem)] dark:border-zinc-800">
          <button
            type="button"
            onClick={onSettings}
            disabled={offline}
            title={offline ? offlineReason() : undefined}
            className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-zinc-200 disabled:opacity-50 disabled:hover:bg-transparent dark:hover:bg-zinc-800"
            aria-label={t('common.settings')}
          >
            <GearIcon width={18} height={18} />
            {t('common.settings')}
          </button>
          {footer}
        </div>
      </aside>
      {editing && (
        <TagEditor
          title={t('tags.of', { title: editing.title })}
          initial={editing.tags ?? []}
          suggestions={folders.tags}
          onWantSuggestions={folders.ensureTags}
          onClose={() => setTagsFor(null)}
          returnFocus={() => aside.current?.querySelector<HTMLElement>(`[data-id="${editing.id}"] [data-testid=conversation-menu]`) ?? null}
          onSave={async (tags) => {
            await convs.update(editing.id, { tags });
            folders.refreshTags();
          }}
        />
      )}
    </>
  );
}
