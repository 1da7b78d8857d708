import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Conversation } from '../api/types';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { neighbourOf, useInlineConfirm } from '../hooks/useInlineConfirm';
import { useMediaQuery } from '../hooks/useMediaQuery';
import { relativeTime } from '../lib/format';
import { ArchiveIcon, ChevronLeftIcon, CloseIcon, GearIcon, PlusIcon, TrashIcon, UnarchiveIcon } from './icons';

interface Props {
  /** The list shown: the chats in use, or (`showArchived`) the archived ones (null: loading). */
  conversations: Conversation[] | null;
  activeId: string | null;
  open: boolean;
  error: string | null;
  /** The Archived view is shown instead of the chats in use. */
  showArchived: boolean;
  onShowArchived: (on: boolean) => void;
  onClose: () => void;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDelete: (id: string) => Promise<void>;
  /** Archives a chat (or, in the Archived view, brings it back); it leaves the list shown. */
  onArchive: (id: string, archived: boolean) => Promise<void>;
  onSettings: () => void;
  /** Below Settings: the signed-in user's menu. */
  footer?: ReactNode;
}

export function Sidebar({
  conversations,
  activeId,
  open,
  error,
  showArchived,
  onShowArchived,
  onClose,
  onNew,
  onSelect,
  onDelete,
  onArchive,
  onSettings,
  footer,
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
  const list = conversations ?? [];

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
        aria-label="Conversations"
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
            className="flex flex-1 items-center gap-2 rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-200 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <PlusIcon width={18} height={18} />
            New chat
          </button>
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-200 md:hidden dark:hover:bg-zinc-800"
            aria-label="Close sidebar"
          >
            <CloseIcon />
          </button>
        </div>
        <nav
          className="min-h-0 flex-1 overflow-y-auto px-2 pb-2"
          aria-label={showArchived ? 'Archived conversations' : 'Conversation list'}
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
                Chats
              </button>
              <h2 className="px-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Archived</h2>
            </div>
          )}
          {error && <p className="px-2 py-1 text-sm text-red-600 dark:text-red-400">{error}</p>}
          {conversations === null && !error && <p className="px-3 py-2 text-sm text-zinc-500">Loading…</p>}
          {conversations?.length === 0 && !error && (
            <p className="px-3 py-2 text-sm text-zinc-500">{showArchived ? 'No archived chats.' : 'No conversations yet.'}</p>
          )}
          <ul className="space-y-0.5">
            {list.map((c) => (
              <ConversationItem
                key={c.id}
                conversation={c}
                active={c.id === activeId}
                archived={showArchived}
                onSelect={onSelect}
                onDelete={onDelete}
                onArchive={onArchive}
              />
            ))}
          </ul>
          {!showArchived && (
            <button
              ref={toArchived}
              type="button"
              onClick={(e) => switchView(true, e.detail === 0)}
              className="mt-2 flex w-full items-center gap-2 rounded-lg px-3 py-1.5 text-xs text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
              data-testid="show-archived"
            >
              <ArchiveIcon width={14} height={14} />
              Archived chats
            </button>
          )}
        </nav>
        <div className="border-t border-zinc-200 p-2 pb-[calc(env(safe-area-inset-bottom)+0.5rem)] dark:border-zinc-800">
          <button
            type="button"
            onClick={onSettings}
            className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-zinc-200 dark:hover:bg-zinc-800"
            aria-label="Settings"
          >
            <GearIcon width={18} height={18} />
            Settings
          </button>
          {footer}
        </div>
      </aside>
    </>
  );
}

const ConversationItem = memo(function ConversationItem({
  conversation: c,
  active,
  archived,
  onSelect,
  onDelete,
  onArchive,
}: {
  conversation: Conversation;
  active: boolean;
  /** Shown in the Archived view: the action brings it back. */
  archived: boolean;
  onSelect: (id: string) => void;
  onDelete: (id: string) => Promise<void>;
  onArchive: (id: string, archived: boolean) => Promise<void>;
}) {
  const confirm = useInlineConfirm();
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  const liveRow = useRef<HTMLLIElement>(null);
  const archiving = useRef(false);

  const toggleArchived = async () => {
    if (archiving.current) return;
    archiving.current = true;
    // The row leaves this list: focus goes to the next one (or the previous, or the view switch).
    const next = neighbourOf(liveRow.current, () =>
      liveRow.current?.closest('[data-testid=sidebar]')?.querySelector<HTMLElement>('[data-testid=show-archived], [data-testid=show-chats]'),
    );
    const hadFocus = !!liveRow.current?.contains(document.activeElement);
    try {
      await onArchive(c.id, !archived);
      if (hadFocus) next()?.focus();
    } catch {
      /* the app shows why */
    } finally {
      archiving.current = false;
    }
  };
  const reveal = revealed ? 'opacity-100' : 'opacity-0 group-hover:opacity-100 [@media(hover:none)]:opacity-60';
  const press = useRef<ReturnType<typeof setTimeout> | null>(null);
  const longPressed = useRef(false);

  const cancelPress = () => {
    if (press.current) clearTimeout(press.current);
    press.current = null;
  };

  if (confirm.open) {
    const question = `delete-q-${c.id}`;
    return (
      <li
        ref={row}
        data-testid="conversation-item"
        data-id={c.id}
        onKeyDown={confirm.onKeyDown}
        className="rounded-lg bg-red-50 px-3 py-2 text-sm dark:bg-red-950/40"
      >
        <div role="group" aria-labelledby={question} className="flex items-center gap-2">
          <span id={question} className="min-w-0 flex-1 truncate">
            Delete “{c.title}”?
          </span>
          <button
            type="button"
            // Not `disabled` while busy: a disabled button would drop the focus it has.
            aria-disabled={busy}
            className="rounded-md bg-red-600 px-2 py-1 text-xs font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
            onClick={async () => {
              if (busy) return;
              setBusy(true);
              // This row goes away: focus moves to the next one (or the previous, or New chat).
              const next = neighbourOf(row.current, () =>
                row.current?.closest('[data-testid=sidebar]')?.querySelector<HTMLElement>('[data-testid=new-chat]'),
              );
              try {
                await onDelete(c.id);
                confirm.close(next);
              } catch {
                setBusy(false);
                confirm.close();
              }
            }}
          >
            Delete
          </button>
          <button
            ref={confirm.initialRef} // the safe choice takes focus
            type="button"
            className="rounded-md px-2 py-1 text-xs hover:bg-zinc-200 dark:hover:bg-zinc-800"
            onClick={() => {
              confirm.close();
              setRevealed(false);
            }}
          >
            Cancel
          </button>
        </div>
      </li>
    );
  }

  return (
    <li
      ref={liveRow}
      data-testid="conversation-item"
      data-id={c.id}
      data-active={active}
      data-archived={archived}
      className={`group relative flex items-center rounded-lg ${
        active ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'
      }`}
    >
      <button
        type="button"
        className="min-w-0 flex-1 px-3 py-2 text-left"
        aria-current={active ? 'page' : undefined}
        onClick={() => {
          if (longPressed.current) {
            longPressed.current = false;
            return;
          }
          onSelect(c.id);
        }}
        onTouchStart={() => {
          longPressed.current = false;
          cancelPress();
          press.current = setTimeout(() => {
            longPressed.current = true;
            setRevealed(true);
          }, 500);
        }}
        onTouchEnd={cancelPress}
        onTouchMove={cancelPress}
        onContextMenu={(e) => {
          // Long-press on touch screens opens the context menu: show delete instead.
          if (matchMedia('(hover: none)').matches) {
            e.preventDefault();
            setRevealed(true);
          }
        }}
      >
        <span data-testid="conversation-title" className="block truncate text-sm font-medium">
          {c.title}
        </span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{relativeTime(c.updated_at)}</span>
      </button>
      <button
        type="button"
        aria-label={`${archived ? 'Unarchive' : 'Archive'} ${c.title}`}
        title={archived ? 'Unarchive' : 'Archive'}
        data-testid="archive-conversation"
        className={`rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-zinc-900 focus:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${reveal}`}
        onClick={() => void toggleArchived()}
      >
        {archived ? <UnarchiveIcon width={16} height={16} /> : <ArchiveIcon width={16} height={16} />}
      </button>
      <button
        type="button"
        aria-label={`Delete ${c.title}`}
        title="Delete"
        data-testid="delete-conversation"
        // Touch screens have no hover: dimmed but reachable; a long press brings it forward.
        className={`mr-1 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-red-600 focus:opacity-100 dark:hover:bg-zinc-700 ${reveal}`}
        ref={confirm.triggerRef}
        onClick={confirm.show}
      >
        <TrashIcon width={16} height={16} />
      </button>
    </li>
  );
});
