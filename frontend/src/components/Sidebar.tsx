import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Conversation } from '../api/types';
import { useDialogFocus } from '../hooks/useDialogFocus';
import { neighbourOf, useInlineConfirm } from '../hooks/useInlineConfirm';
import { useMediaQuery } from '../hooks/useMediaQuery';
import { relativeTime } from '../lib/format';
import { CloseIcon, GearIcon, PlusIcon, TrashIcon } from './icons';

interface Props {
  conversations: Conversation[];
  activeId: string | null;
  open: boolean;
  error: string | null;
  onClose: () => void;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDelete: (id: string) => Promise<void>;
  onSettings: () => void;
  /** Below Settings: the signed-in user's menu. */
  footer?: ReactNode;
}

export function Sidebar({ conversations, activeId, open, error, onClose, onNew, onSelect, onDelete, onSettings, footer }: Props) {
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
        <nav className="min-h-0 flex-1 overflow-y-auto px-2 pb-2" aria-label="Conversation list">
          {error && <p className="px-2 py-1 text-sm text-red-600 dark:text-red-400">{error}</p>}
          {conversations.length === 0 && !error && (
            <p className="px-3 py-2 text-sm text-zinc-500">No conversations yet.</p>
          )}
          <ul className="space-y-0.5">
            {conversations.map((c) => (
              <ConversationItem
                key={c.id}
                conversation={c}
                active={c.id === activeId}
                onSelect={onSelect}
                onDelete={onDelete}
              />
            ))}
          </ul>
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
  onSelect,
  onDelete,
}: {
  conversation: Conversation;
  active: boolean;
  onSelect: (id: string) => void;
  onDelete: (id: string) => Promise<void>;
}) {
  const confirm = useInlineConfirm();
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const row = useRef<HTMLLIElement>(null);
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
      data-testid="conversation-item"
      data-id={c.id}
      data-active={active}
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
        aria-label={`Delete ${c.title}`}
        data-testid="delete-conversation"
        className={`mr-1 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-red-600 focus:opacity-100 dark:hover:bg-zinc-700 ${
          // Touch screens have no hover: dimmed but reachable; a long press brings it forward.
          revealed ? 'opacity-100' : 'opacity-0 group-hover:opacity-100 [@media(hover:none)]:opacity-60'
        }`}
        ref={confirm.triggerRef}
        onClick={confirm.show}
      >
        <TrashIcon width={16} height={16} />
      </button>
    </li>
  );
});
