// One row of the sidebar: the title (opens it), when it was active, its tags (a click
// filters by the tag), Archive and Delete (with an inline confirmation), and a menu with
// everything (Pin, Move to folder ▸, Tags…, Archive, Delete). In Select mode a checkbox.
// On a desktop the row can be dragged onto a folder.
import { memo, useRef, useState } from 'react';
import type { Conversation, Folder } from '../../api/types';
import { ArchiveIcon, TrashIcon, UnarchiveIcon } from '../../components/icons';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { relativeTime } from '../../lib/format';
import { Menu, type MenuItem } from './Menu';
import { t, useLang } from '../../i18n';

/** The drag payload's type: the id of the conversation dragged. */
export const DRAG_TYPE = 'application/x-nexus-conversation';

export interface RowActions {
  select: (id: string) => void;
  remove: (id: string) => Promise<void>;
  archive: (id: string, archived: boolean) => Promise<void>;
  pin: (id: string, on: boolean) => void;
  move: (ids: string[], folderId: string | null) => void;
  editTags: (id: string) => void;
  filterTag: (tag: string) => void;
  toggleSelected: (id: string) => void;
}

interface Props {
  conversation: Conversation;
  active: boolean;
  /** Shown in the Archived view: the action brings it back. */
  archived: boolean;
  folders: Folder[];
  actions: RowActions;
  selecting: boolean;
  selected: boolean;
  draggable: boolean;
  /** Offline: no archive, delete or menu (they need the server). */
  readOnly?: boolean;
}

export const ConversationItem = memo(function ConversationItem({
  conversation: c,
  active,
  archived,
  folders,
  actions,
  selecting,
  selected,
  draggable,
  readOnly = false,
}: Props) {
  useLang(); // memoised: render again when the language changes
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
      await actions.archive(c.id, !archived);
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
            {t('sidebar.confirmDeleteChat', { title: c.title })}
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
                await actions.remove(c.id);
                confirm.close(next);
              } catch {
                setBusy(false);
                confirm.close();
              }
            }}
          >
            {t('common.delete')}
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
            {t('common.cancel')}
          </button>
        </div>
      </li>
    );
  }

  const pinned = !!c.pinned_at;
  const tags = c.tags ?? [];
  const menuItems: MenuItem[] = [
    ...(archived ? [] : [{ key: 'pin', label: pinned ? t('sidebar.unpin') : t('sidebar.pin'), testId: 'menu-pin', onSelect: () => actions.pin(c.id, !pinned) }]),
    {
      key: 'move',
      label: t('bulk.moveToFolder'),
      testId: 'menu-move',
      items: [
        { key: 'none', label: t('bulk.noFolder'), testId: 'menu-folder', data: { 'folder-id': '' }, checked: !c.folder_id, onSelect: () => actions.move([c.id], null) },
        ...folders.map((f) => ({
          key: f.id,
          label: f.name,
          testId: 'menu-folder',
          data: { 'folder-id': f.id },
          checked: c.folder_id === f.id,
          onSelect: () => actions.move([c.id], f.id),
        })),
      ],
    },
    { key: 'tags', label: t('sidebar.tagsMenu'), testId: 'menu-tags', onSelect: () => actions.editTags(c.id) },
    { key: 'archive', label: archived ? t('common.unarchive') : t('common.archive'), testId: 'menu-archive', onSelect: () => void toggleArchived() },
    { key: 'delete', label: t('common.delete'), testId: 'menu-delete', danger: true, onSelect: confirm.show },
  ];

  return (
    <li
      ref={liveRow}
      data-testid="conversation-item"
      data-id={c.id}
      data-active={active}
      data-archived={archived}
      data-pinned={pinned}
      data-folder-id={c.folder_id ?? ''}
      data-selected={selecting ? selected : undefined}
      draggable={draggable || undefined}
      onDragStart={
        draggable
          ? (e) => {
              e.dataTransfer.setData(DRAG_TYPE, c.id);
              e.dataTransfer.effectAllowed = 'move';
            }
          : undefined
      }
      className={`group relative flex items-center rounded-lg ${
        active ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'
      } ${selecting && selected ? 'ring-1 ring-indigo-500' : ''}`}
    >
      {selecting && (
        <input
          type="checkbox"
          className="ml-2 h-4 w-4 shrink-0 accent-indigo-600"
          checked={selected}
          onChange={() => actions.toggleSelected(c.id)}
          aria-label={t('sidebar.selectChat', { title: c.title })}
          data-testid="select-conversation"
        />
      )}
      <div className="min-w-0 flex-1">
        <button
          type="button"
          className="block w-full min-w-0 px-3 pb-0.5 pt-2 text-left"
          aria-current={active ? 'page' : undefined}
          onClick={() => {
            if (longPressed.current) {
              longPressed.current = false;
              return;
            }
            if (selecting) actions.toggleSelected(c.id);
            else actions.select(c.id);
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
            // Long-press on touch screens opens the context menu: show the actions instead.
            if (matchMedia('(hover: none)').matches) {
              e.preventDefault();
              setRevealed(true);
            }
          }}
        >
          <span data-testid="conversation-title" className="block truncate text-sm font-medium">
            {c.title}
          </span>
        </button>
        <div className="flex min-w-0 flex-wrap items-center gap-1 px-3 pb-2 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="truncate">{relativeTime(c.updated_at)}</span>
          {tags.map((tag) => (
            <button
              key={tag}
              type="button"
              data-testid="tag-chip"
              data-tag={tag}
              title={t('sidebar.showTagged', { tag })}
              aria-label={t('sidebar.showTagged', { tag })}
              className="max-w-[8rem] truncate rounded-full bg-zinc-200 px-1.5 py-px text-[11px] leading-4 text-zinc-700 hover:bg-indigo-100 hover:text-indigo-800 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-indigo-950 dark:hover:text-indigo-200"
              onClick={() => actions.filterTag(tag)}
            >
              #{tag}
            </button>
          ))}
        </div>
      </div>
      {!selecting && !readOnly && (
        <>
          <button
            type="button"
            aria-label={t(archived ? 'sidebar.unarchiveName' : 'sidebar.archiveName', { title: c.title })}
            title={archived ? t('common.unarchive') : t('common.archive')}
            data-testid="archive-conversation"
            className={`rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-zinc-900 focus:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${reveal}`}
            onClick={() => void toggleArchived()}
          >
            {archived ? <UnarchiveIcon width={16} height={16} /> : <ArchiveIcon width={16} height={16} />}
          </button>
          <button
            type="button"
            aria-label={t('common.deleteName', { name: c.title })}
            title={t('common.delete')}
            data-testid="delete-conversation"
            // Touch screens have no hover: dimmed but reachable; a long press brings it forward.
            className={`rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-red-600 focus:opacity-100 dark:hover:bg-zinc-700 ${reveal}`}
            ref={confirm.triggerRef}
            onClick={confirm.show}
          >
            <TrashIcon width={16} height={16} />
          </button>
          <Menu
            label={t('sidebar.actionsFor', { title: c.title })}
            items={menuItems}
            testId="conversation-menu"
            buttonClassName={`mr-1 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-300 hover:text-zinc-900 focus:opacity-100 aria-expanded:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${reveal}`}
          >
            <DotsIcon />
          </Menu>
        </>
      )}
    </li>
  );
});

export function DotsIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="currentColor" aria-hidden="true">
      <circle cx="5" cy="12" r="1.8" />
      <circle cx="12" cy="12" r="1.8" />
      <circle cx="19" cy="12" r="1.8" />
    </svg>
  );
}
