// The sidebar's lists: Pinned, the folders (each opened on demand, with its own pages),
// then the chats in no folder by day (Today, Yesterday, Previous 7 days, Older), paged as
// the list scrolls. With a tag chosen: that tag's chats; in the Archived view: the archived.
import { useEffect, useRef, useState, type DragEvent, type ReactNode, type RefObject } from 'react';
import type { Conversation, Folder } from '../../api/types';
import type { ConversationsState } from '../../hooks/useConversations';
import { messageOf } from '../../lib/errors';
import { ChevronRightIcon, PlusIcon } from '../../components/icons';
import { ConversationItem, DotsIcon, DRAG_TYPE, type RowActions } from './ConversationItem';
import { Menu } from './Menu';
import { ARCHIVED, folderScope, groupByDate, listOf, MAIN, scopeOf, tagScope, type ScopeKey } from './store';
import type { FoldersState } from './useFolders';
import { t } from '../../i18n';

interface Props {
  convs: ConversationsState;
  folders: FoldersState;
  activeId: string | null;
  showArchived: boolean;
  tag: string | null;
  actions: RowActions;
  selecting: boolean;
  selected: ReadonlySet<string>;
  /** Drag and drop (a desktop with a mouse). */
  canDrag: boolean;
  /** Offline: rows without their actions. */
  readOnly?: boolean;
  /** The scrolling element: the root the "load more" sentinels watch. */
  scrollRoot: RefObject<HTMLElement | null>;
  /** What is shown, in order (Select all, Shift-ranges): reported on each render. */
  onShown?: (ids: string[]) => void;
  onFolderError: (message: string) => void;
}

const OPEN_KEY = 'nexus.sidebar.openFolders';

function readOpen(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(OPEN_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

export function ConversationList({
  convs,
  folders,
  activeId,
  showArchived,
  tag,
  actions,
  selecting,
  selected,
  canDrag,
  readOnly = false,
  scrollRoot,
  onShown,
  onFolderError,
}: Props) {
  const scope: ScopeKey = showArchived ? ARCHIVED : tag ? tagScope(tag) : MAIN;
  const { ensure } = convs;
  useEffect(() => ensure(scope), [ensure, scope]);
  const list = listOf(convs.state, scope);
  const s = scopeOf(convs.state, scope);
  const pinned = showArchived ? [] : convs.pinned(tag);
  const folderList = showArchived || tag ? [] : (folders.folders ?? []);
  const [open, setOpen] = useState(readOpen);
  const toggle = (id: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      try {
        localStorage.setItem(OPEN_KEY, JSON.stringify([...n]));
      } catch {
        /* private mode */
      }
      return n;
    });

  const row = (c: Conversation) => (
    <ConversationItem
      key={c.id}
      conversation={c}
      active={c.id === activeId}
      archived={showArchived}
      folders={folders.folders ?? []}
      actions={actions}
      selecting={selecting}
      selected={selected.has(c.id)}
      draggable={canDrag && !showArchived && !readOnly}
      readOnly={readOnly}
    />
  );

  // The ids shown, in order, for Select all.
  const shownIds: string[] = [...pinned.map((c) => c.id)];
  for (const f of folderList) if (open.has(f.id)) shownIds.push(...(listOf(convs.state, folderScope(f.id)) ?? []).map((c) => c.id));
  shownIds.push(...(list ?? []).map((c) => c.id));
  const shownKey = shownIds.join();
  const reported = useRef('');
  useEffect(() => {
    if (reported.current === shownKey) return;
    reported.current = shownKey;
    onShown?.(shownKey ? shownKey.split(',') : []);
  });

  const dropOn = (folderId: string | null) => (e: DragEvent) => {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    if (!id) return;
    e.preventDefault();
    actions.move(selecting && selected.has(id) ? [...selected] : [id], folderId);
  };

  return (
    <>
      {s.error && <p className="px-2 py-1 text-sm text-red-600 dark:text-red-400">{s.error}</p>}
      {pinned.length > 0 && (
        <Section title={t('sidebar.pinned')} testId="pinned-section">
          <ul className="space-y-0.5">{pinned.map(row)}</ul>
        </Section>
      )}
      {!showArchived && !tag && (
        <FolderSection
          folders={folderList}
          state={folders}
          open={open}
          onToggle={toggle}
          onDrop={dropOn}
          canDrag={canDrag}
          onError={onFolderError}
          onDeleted={convs.folderGone}
        >
          {(f) => (
            <FolderContents
              key={f.id}
              convs={convs}
              folder={f}
              row={row}
              scrollRoot={scrollRoot}
            />
          )}
        </FolderSection>
      )}
      {list === null && !s.error && <p className="px-3 py-2 text-sm text-zinc-500">{t('common.loading')}</p>}
      {list?.length === 0 && pinned.length === 0 && !s.error && (
        <p className="px-3 py-2 text-sm text-zinc-500" data-testid="list-empty">
          {showArchived ? t('sidebar.noArchived') : tag ? t('sidebar.noTagged', { tag }) : t('sidebar.noConversations')}
        </p>
      )}
      {list && list.length > 0 && (
        <DropZone enabled={canDrag && !showArchived && !tag} onDrop={dropOn(null)} testId="chats-section">
          {groupByDate(list).map((g) => (
            <Section key={g.key} title={g.label} testId="date-group" data={{ group: g.key }}>
              <ul className="space-y-0.5">{g.items.map(row)}</ul>
            </Section>
          ))}
        </DropZone>
      )}
      <LoadMore
        key={scope}
        root={scrollRoot}
        hasMore={s.pages > 0 && s.cursor !== null}
        loading={s.loading}
        failed={!!s.error}
        pages={s.pages}
        onMore={() => convs.loadMore(scope)}
        testId="list-sentinel"
      />
    </>
  );
}

function Section({ title, testId, data, children }: { title: string; testId: string; data?: Record<string, string>; children: ReactNode }) {
  return (
    <section
      className="mb-2"
      data-testid={testId}
      aria-label={title}
      {...Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
    >
      <h3 className="px-3 pb-1 pt-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
      {children}
    </section>
  );
}

/** Dropping a dragged chat here takes it out of its folder. */
function DropZone({ enabled, onDrop, testId, children }: { enabled: boolean; onDrop: (e: DragEvent) => void; testId: string; children: ReactNode }) {
  const [over, setOver] = useState(false);
  if (!enabled) return <div data-testid={testId}>{children}</div>;
  return (
    <div
      data-testid={testId}
      className={over ? 'rounded-lg bg-indigo-50 dark:bg-indigo-950/40' : ''}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        onDrop(e);
      }}
    >
      {children}
    </div>
  );
}

/** Asks for the next page when it scrolls into view (and offers a button, for keyboards and errors). */
function LoadMore({
  root,
  hasMore,
  loading,
  failed,
  pages,
  onMore,
  testId,
}: {
  root: RefObject<HTMLElement | null>;
  hasMore: boolean;
  loading: boolean;
  /** The last page failed: no more automatic tries (the button tries again). */
  failed: boolean;
  pages: number;
  onMore: () => void;
  testId: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const more = useRef(onMore);
  more.current = onMore;
  useEffect(() => {
    const node = el.current;
    if (!node || !hasMore || loading || failed || typeof IntersectionObserver === 'undefined') return;
    // A new observer after each page: it reports at once when the sentinel is still in view.
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) more.current();
    }, { root: root.current, rootMargin: '0px 0px 300px 0px' });
    io.observe(node);
    return () => io.disconnect();
  }, [root, hasMore, loading, failed, pages]);
  if (!hasMore) return null;
  return (
    <div ref={el} data-testid={testId} className="px-3 py-2 text-center text-xs text-zinc-500">
      {loading ? (
        <span>{t('sidebar.loadingMore')}</span>
      ) : (
        <button type="button" className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={onMore}>
          {t('sidebar.loadMore')}
        </button>
      )}
    </div>
  );
}

function FolderContents({
  convs,
  folder,
  row,
  scrollRoot,
}: {
  convs: ConversationsState;
  folder: Folder;
  row: (c: Conversation) => ReactNode;
  scrollRoot: RefObject<HTMLElement | null>;
}) {
  const scope = folderScope(folder.id);
  const { ensure } = convs;
  useEffect(() => ensure(scope), [ensure, scope]);
  const list = listOf(convs.state, scope);
  const s = scopeOf(convs.state, scope);
  return (
    <div className="ml-3 border-l border-zinc-200 pl-1 dark:border-zinc-800" data-testid="folder-contents" data-folder-id={folder.id}>
      {s.error && <p className="px-2 py-1 text-xs text-red-600 dark:text-red-400">{s.error}</p>}
      {list === null && !s.error && <p className="px-3 py-1 text-xs text-zinc-500">{t('common.loading')}</p>}
      {list?.length === 0 && <p className="px-3 py-1 text-xs text-zinc-500">{t('sidebar.empty')}</p>}
      {list && list.length > 0 && <ul className="space-y-0.5">{list.map(row)}</ul>}
      <LoadMore
        root={scrollRoot}
        hasMore={s.pages > 0 && s.cursor !== null}
        loading={s.loading}
        failed={!!s.error}
        pages={s.pages}
        onMore={() => convs.loadMore(scope)}
        testId="folder-sentinel"
      />
    </div>
  );
}

function FolderSection({
  folders,
  state,
  open,
  onToggle,
  onDrop,
  canDrag,
  onError,
  onDeleted,
  children,
}: {
  folders: Folder[];
  state: FoldersState;
  open: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onDrop: (folderId: string | null) => (e: DragEvent) => void;
  canDrag: boolean;
  onError: (message: string) => void;
  onDeleted: (id: string) => void;
  children: (f: Folder) => ReactNode;
}) {
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  return (
    <section className="mb-2" data-testid="folders-section" aria-label={t('folders.title')}>
      <div className="flex items-center justify-between px-3 pb-1 pt-2">
        <h3 className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{t('folders.title')}</h3>
        <button
          ref={newButton}
          type="button"
          className="rounded-md p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          aria-label={t('folders.new')}
          title={t('folders.new')}
          data-testid="new-folder"
          onClick={() => setCreating(true)}
        >
          <PlusIcon width={14} height={14} />
        </button>
      </div>
      {creating && (
        <NameForm
          label={t('folders.newName')}
          testId="folder-name-form"
          submitLabel={t('common.create')}
          onCancel={() => {
            setCreating(false);
            newButton.current?.focus();
          }}
          onSave={async (name) => {
            await state.create(name);
            setCreating(false);
          }}
        />
      )}
      <ul className="space-y-0.5">
        {folders.map((f) => {
          const isOpen = open.has(f.id);
          if (renaming === f.id)
            return (
              <li key={f.id}>
                <NameForm
                  label={t('folders.rename', { name: f.name })}
                  testId="folder-name-form"
                  submitLabel={t('common.rename')}
                  initial={f.name}
                  onCancel={() => setRenaming(null)}
                  onSave={async (name) => {
                    await state.rename(f.id, name);
                    setRenaming(null);
                  }}
                />
              </li>
            );
          if (deleting === f.id)
            return (
              <li key={f.id} className="rounded-lg bg-red-50 px-3 py-2 text-sm dark:bg-red-950/40" data-testid="folder-delete-confirm">
                <div role="group" aria-label={t('folders.deleteQuestion', { name: f.name })} className="flex items-center gap-2">
                  <span className="min-w-0 flex-1 truncate">{t('folders.confirmDelete', { name: f.name })}</span>
                  <button
                    type="button"
                    className="rounded-md bg-red-600 px-2 py-1 text-xs font-medium text-white hover:bg-red-700"
                    onClick={async () => {
                      try {
                        await state.remove(f.id);
                        onDeleted(f.id);
                        state.refresh();
                      } catch (err) {
                        onError(messageOf(err));
                      }
                      setDeleting(null);
                      newButton.current?.focus();
                    }}
                  >
                    {t('common.delete')}
                  </button>
                  <button
                    type="button"
                    autoFocus
                    className="rounded-md px-2 py-1 text-xs hover:bg-zinc-200 dark:hover:bg-zinc-800"
                    onClick={() => setDeleting(null)}
                  >
                    {t('common.cancel')}
                  </button>
                </div>
              </li>
            );
          return (
            <li key={f.id} data-testid="folder" data-folder-id={f.id} data-name={f.name} data-open={isOpen}>
              <div
                className={`group flex items-center rounded-lg ${over === f.id ? 'bg-indigo-100 ring-1 ring-indigo-500 dark:bg-indigo-950' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`}
                onDragOver={
                  canDrag
                    ? (e) => {
                        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
                        e.preventDefault();
                        e.dataTransfer.dropEffect = 'move';
                        setOver(f.id);
                      }
                    : undefined
                }
                onDragLeave={canDrag ? () => setOver((o) => (o === f.id ? null : o)) : undefined}
                onDrop={
                  canDrag
                    ? (e) => {
                        setOver(null);
                        onDrop(f.id)(e);
                      }
                    : undefined
                }
                data-testid="folder-row"
              >
                <button
                  type="button"
                  className="flex min-w-0 flex-1 items-center gap-1.5 px-2 py-1.5 text-left text-sm"
                  aria-expanded={isOpen}
                  data-testid="folder-toggle"
                  onClick={() => onToggle(f.id)}
                >
                  <ChevronRightIcon width={14} height={14} className={`shrink-0 transition-transform ${isOpen ? 'rotate-90' : ''}`} />
                  <FolderIcon />
                  <span className="min-w-0 flex-1 truncate font-medium" data-testid="folder-name">
                    {f.name}
                  </span>
                  <span className="text-xs text-zinc-500" data-testid="folder-count" aria-label={t('folders.chatCount', { count: f.conversation_count })}>
                    {f.conversation_count}
                  </span>
                </button>
                <Menu
                  label={t('folders.actionsFor', { name: f.name })}
                  testId="folder-menu"
                  buttonClassName="mr-1 rounded-md p-1 text-zinc-500 opacity-0 hover:bg-zinc-300 focus:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100 dark:hover:bg-zinc-700 [@media(hover:none)]:opacity-60"
                  items={[
                    { key: 'rename', label: t('common.rename'), testId: 'folder-rename', onSelect: () => setRenaming(f.id) },
                    { key: 'delete', label: t('folders.delete'), testId: 'folder-delete', danger: true, onSelect: () => setDeleting(f.id) },
                  ]}
                >
                  <DotsIcon />
                </Menu>
              </div>
              {isOpen && children(f)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FolderIcon() {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className="shrink-0 text-zinc-500">
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
    </svg>
  );
}

/** One name field (a new folder, a rename): Enter saves, Escape cancels, the server's refusal is said under it. */
function NameForm({
  label,
  testId,
  submitLabel,
  initial = '',
  onCancel,
  onSave,
}: {
  label: string;
  testId: string;
  submitLabel: string;
  initial?: string;
  onCancel: () => void;
  onSave: (name: string) => Promise<void>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="px-2 py-1"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
      onSubmit={async (e) => {
        e.preventDefault();
        const v = name.trim();
        if (!v || busy) return;
        setBusy(true);
        setError(null);
        try {
          await onSave(v);
        } catch (err) {
          setError(messageOf(err));
          setBusy(false);
        }
      }}
    >
      <div className="flex items-center gap-1">
        <input
          autoFocus
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          aria-label={label}
          data-testid="folder-name-input"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-700" data-testid="folder-name-save">
          {submitLabel}
        </button>
        <button type="button" className="rounded-md px-1.5 py-1 text-xs hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="folder-name-error">
          {error}
        </p>
      )}
    </form>
  );
}
