import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ConversationParams } from '../api/types';
import { ParamsButton } from '../features/params/ParamsButton';
import { useMediaQuery } from '../hooks/useMediaQuery';
import type { ModelsState } from '../hooks/useModels';
import { ModelSelector } from './ModelSelector';
import { ArchiveIcon, MenuIcon, PencilIcon, UnarchiveIcon } from './icons';
import { messageOf } from '../lib/errors';
import { t } from '../i18n';

interface Props {
  title: string;
  model: string;
  /** The model's connection (null: the server connection). */
  connectionId?: string | null;
  models: ModelsState;
  busy: boolean;
  onMenu: () => void;
  /** `connectionId`: `default` for the server connection. */
  onModelChange: (id: string, connectionId: string) => void;
  /** The conversation's parameters (or the new chat's). */
  params?: ConversationParams | null;
  /** Saves the parameters (absent: no Parameters button). */
  onParamsSave?: (params: ConversationParams) => Promise<void>;
  /** What the conversation's replies used so far: "≈ $0.0342 · 12,345 tokens". */
  usage?: string | null;
  /** Part of the cost was estimated from price lists. */
  usageEstimated?: boolean;
  /** Renames the open conversation (absent: nothing to rename yet). */
  onRename?: (title: string) => Promise<void>;
  /** The open conversation is archived. */
  archived?: boolean;
  /** Archives the open conversation or brings it back (absent: nothing open). */
  onArchive?: (archived: boolean) => Promise<void>;
  /** The conversation's ⋯ menu (share, export); absent: nothing open. */
  menu?: ReactNode;
}

export function ChatHeader({
  title,
  model,
  connectionId,
  models,
  busy,
  onMenu,
  onModelChange,
  params,
  onParamsSave,
  usage,
  usageEstimated,
  onRename,
  archived = false,
  onArchive,
  menu,
}: Props) {
  const [archiving, setArchiving] = useState(false);
  const phone = !useMediaQuery('(min-width: 640px)');
  const [editing, setEditing] = useState(false);
  // After Enter or Escape in the title field, focus goes back to the title button.
  const renameButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useLayoutEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    renameButton.current?.focus();
  }, [editing]);
  return (
    <header className="safe-x flex flex-wrap items-center gap-x-2 border-b border-zinc-200 pb-2 pt-[calc(env(safe-area-inset-top)+0.5rem)] dark:border-zinc-800">
      <button
        type="button"
        onClick={onMenu}
        className="rounded-lg p-2 text-zinc-600 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label={t('header.openSidebar')}
        data-testid="open-sidebar"
      >
        <MenuIcon />
      </button>
      <div className="flex min-w-0 flex-1 flex-col">
        {editing && onRename ? (
          <TitleInput
            initial={title}
            onDone={async (next, byKey) => {
              if (next !== null && next !== title) await onRename(next);
              refocus.current = byKey;
              setEditing(false);
            }}
          />
        ) : (
          <h1 className="min-w-0 flex-1 truncate text-sm font-semibold sm:text-base" data-testid="chat-title">
            {onRename ? (
              <button
                ref={renameButton}
                type="button"
                className="group inline-flex max-w-full items-center gap-1.5 truncate rounded-md px-1 py-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
                title={t('common.rename')}
                aria-label={t('header.renameTitle', { title })}
                data-testid="rename-title"
                onClick={() => setEditing(true)}
              >
                <span className="truncate">{title}</span>
                <PencilIcon width={14} height={14} className="shrink-0 opacity-40 group-hover:opacity-80" />
              </button>
            ) : (
              title
            )}
          </h1>
        )}
        {usage && !editing && !phone && <UsageLine usage={usage} estimated={usageEstimated} className="" />}
      </div>
      {archived && !editing && (
        <span
          className="shrink-0 rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300"
          data-testid="archived-badge"
        >
          {t('common.archived')}
        </span>
      )}
      {onArchive && (
        <button
          type="button"
          className="shrink-0 rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 aria-disabled:opacity-50 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          aria-label={archived ? t('header.unarchiveChat') : t('header.archiveChat')}
          title={archived ? t('common.unarchive') : t('common.archive')}
          aria-disabled={archiving}
          data-testid="header-archive"
          data-archived={archived}
          onClick={async () => {
            if (archiving) return;
            setArchiving(true);
            try {
              await onArchive(!archived);
            } catch {
              /* the app shows why */
            } finally {
              setArchiving(false);
            }
          }}
        >
          {archived ? <UnarchiveIcon width={18} height={18} /> : <ArchiveIcon width={18} height={18} />}
        </button>
      )}
      {!editing && menu}
      {onParamsSave && <ParamsButton params={params} onSave={onParamsSave} disabled={busy} />}
      <div className="min-w-0 max-w-[42%] shrink sm:max-w-[50%]">
        <ModelSelector value={model} connectionId={connectionId} models={models} onChange={onModelChange} disabled={busy} />
      </div>
      {/* On a phone the header row is full: the conversation's usage gets a line of its own. */}
      {usage && !editing && phone && <UsageLine usage={usage} estimated={usageEstimated} className="-mt-1 basis-full pl-11" />}
    </header>
  );
}

/** What every reply of the conversation used (all branches). */
function UsageLine({ usage, estimated, className }: { usage: string; estimated?: boolean; className: string }) {
  return (
    <p
      className={`truncate px-1 text-[11px] leading-tight text-zinc-500 ${className}`}
      data-testid="conversation-usage"
      title={estimated ? t('header.usageTitleEstimated') : t('header.usageTitle')}
    >
      <span className="sr-only">{t('header.usageSoFar')} </span>
      {usage}
    </p>
  );
}

/** Enter or leaving the field saves; Escape cancels. An empty title is not saved. */
function TitleInput({ initial, onDone }: { initial: string; onDone: (title: string | null, byKey: boolean) => Promise<void> }) {
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = async (save: boolean, byKey = true) => {
    if (done.current) return;
    const next = value.trim();
    if (!save || !next) {
      done.current = true;
      await onDone(null, byKey);
      return;
    }
    done.current = true;
    setSaving(true);
    try {
      await onDone(next.slice(0, 200), byKey);
    } catch (err) {
      done.current = false;
      setSaving(false);
      setError(messageOf(err));
    }
  };
  return (
    <form
      className="flex min-w-0 flex-1 items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void finish(true);
      }}
    >
      <input
        ref={ref}
        value={value}
        maxLength={200}
        disabled={saving}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            void finish(false);
          }
        }}
        onBlur={() => void finish(true, false)}
        aria-label={t('header.titleLabel')}
        aria-invalid={error ? true : undefined}
        title={error ?? undefined}
        data-testid="title-input"
        enterKeyHint="done"
        className={`min-w-0 flex-1 rounded-md border bg-transparent px-2 py-1 text-base font-semibold outline-none focus:border-indigo-500 sm:text-sm ${
          error ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'
        }`}
      />
    </form>
  );
}
