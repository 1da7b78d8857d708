import { memo, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { Message } from '../api/types';
import type { ChatStatus } from '../hooks/useChat';
import { useFollowScroll } from '../hooks/useFollowScroll';
import { useInlineConfirm } from '../hooks/useInlineConfirm';
import { copyText } from '../lib/clipboard';
import { shortModel, formatUsage } from '../lib/format';
import { reasoningOf } from '../lib/parts';
import { imagePartsOf } from '../features/images/parts';
import { MessageImages } from '../features/images/MessageImages';
import { LazyMarkdown } from './LazyMarkdown';
import {
  ArrowDownIcon,
  CheckIcon,
  ChevronLeftIcon,
  ChevronRightIcon,
  CopyIcon,
  PencilIcon,
  RefreshIcon,
  TrashIcon,
} from './icons';
import { t, useLang } from '../i18n';

/** What the actions under a message do (stable functions: rows are memoized). */
export interface MessageActions {
  regenerate: (messageId: string) => void;
  edit: (messageId: string, content: string) => void;
  /** Resolves true when the message is gone (focus has then been moved elsewhere), false when it stays. */
  remove: (messageId: string) => Promise<boolean>;
  switchTo: (messageId: string) => Promise<void>;
}

interface Props {
  conversationId: string | null;
  messages: Message[];
  status: ChatStatus;
  loading: boolean;
  loadError: string | null;
  hasMore: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  onLoadOlder: () => void;
  reconnecting: boolean;
  actions: MessageActions;
  /** Shown on Regenerate: which model it will use. */
  regenerateModel?: string;
  /** A message to bring into view and mark briefly (opened from search). */
  highlightId?: string | null;
  /** Offline: nothing that needs the server (edit, regenerate, delete, other versions). */
  readOnly?: boolean;
}

/** Older pages load when the user scrolls this close to the top. */
const TOP_MARGIN = 400;

export function MessageList({
  conversationId,
  messages,
  status,
  loading,
  loadError,
  hasMore,
  loadingOlder,
  olderError,
  onLoadOlder,
  reconnecting,
  actions,
  regenerateModel,
  highlightId = null,
  readOnly = false,
}: Props) {
  const last = messages[messages.length - 1];
  const { ref, atBottom, jump, follow, following } = useFollowScroll<HTMLDivElement>([
    last?.id,
    last?.content.length,
    last?.status,
    reasoningOf(last).length,
  ]);
  const busy = status === 'submitted' || status === 'streaming';

  // A new conversation or a new message sent: follow again.
  useEffect(() => follow(), [conversationId, follow]);
  useEffect(() => {
    if (status === 'submitted') follow();
  }, [status, follow]);

  // Older pages are prepended without moving what the user is reading: remember where
  // the first message was before the DOM changes (this render), put it back after.
  const firstId = messages[0]?.id;
  const prevFirst = useRef(firstId);
  const anchor = useRef<{ id: string; top: number } | null>(null);
  if (prevFirst.current !== firstId) {
    const old = prevFirst.current;
    const node = old ? ref.current?.querySelector(`[data-id="${old}"]`) : null;
    anchor.current = node ? { id: old!, top: node.getBoundingClientRect().top } : null;
    prevFirst.current = firstId;
  }
  useLayoutEffect(() => {
    const a = anchor.current;
    anchor.current = null;
    const el = ref.current;
    if (!a || !el) return;
    const node = el.querySelector(`[data-id="${a.id}"]`);
    if (!node) return;
    const diff = node.getBoundingClientRect().top - a.top;
    if (Math.abs(diff) >= 1) el.scrollTop += diff;
  }, [firstId, ref]);

  // Load older pages near the top (and when the page does not fill the screen yet).
  const more = useRef({ hasMore, loadingOlder, olderError, onLoadOlder });
  more.current = { hasMore, loadingOlder, olderError, onLoadOlder };
  const maybeLoadOlder = useRef(() => {
    const el = ref.current;
    const m = more.current;
    if (!el || !m.hasMore || m.loadingOlder || m.olderError) return;
    const nearTop = el.scrollTop < TOP_MARGIN && !following.current;
    const short = el.scrollHeight <= el.clientHeight + TOP_MARGIN;
    if (nearTop || short) m.onLoadOlder();
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => maybeLoadOlder.current();
    el.addEventListener('scroll', check, { passive: true });
    return () => el.removeEventListener('scroll', check);
  }, [ref]);
  useEffect(() => {
    if (!loadingOlder) maybeLoadOlder.current();
  }, [loadingOlder, hasMore, messages.length]);

  // A message opened from search: stop following the bottom and bring it to the middle
  // (again a moment later, once rows above it have their real height).
  useEffect(() => {
    const el = ref.current;
    if (!highlightId || !el) return;
    const show = () => el.querySelector(`[data-id="${CSS.escape(highlightId)}"]`)?.scrollIntoView({ block: 'center' });
    following.current = false;
    show();
    const t = setTimeout(show, 300);
    return () => clearTimeout(t);
  }, [highlightId, ref, following]);

  const empty = messages.length === 0 && !loading && !loadError;

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={ref} className="h-full overflow-y-auto overscroll-contain" data-testid="message-scroll">
        <div className="mx-auto w-full max-w-3xl px-3 py-4 sm:px-6" data-testid="message-list">
          {loadError && (
            <p className="py-10 text-center text-sm text-red-600 dark:text-red-400" data-testid="load-error">
              {loadError}
            </p>
          )}
          {hasMore && messages.length > 0 && (
            <div className="flex flex-col items-center gap-1 pb-4 text-xs text-zinc-500">
              {loadingOlder ? (
                <span data-testid="loading-older">{t('messages.loadingOlder')}</span>
              ) : (
                <button
                  type="button"
                  onClick={onLoadOlder}
                  data-testid="load-older"
                  className="rounded-full border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  {t('messages.loadOlder')}
                </button>
              )}
              {olderError && <span className="text-red-600 dark:text-red-400">{olderError}</span>}
            </div>
          )}
          {empty && (
            <div className="flex min-h-[50vh] flex-col items-center justify-center text-center" data-testid="empty-state">
              <img src="/icon.svg" alt="" width={56} height={56} className="mb-4 rounded-2xl opacity-90" />
              <h2 className="text-xl font-semibold">{t('messages.emptyTitle')}</h2>
              <p className="mt-1 text-sm text-zinc-500">{t('messages.emptyHint')}</p>
            </div>
          )}
          {messages.map((m, i) => {
            const isLast = i === messages.length - 1;
            const live = isLast && busy;
            return (
              <MessageItem
                key={m.id}
                message={m}
                live={live}
                last={isLast}
                busy={busy || readOnly}
                reconnecting={live && reconnecting}
                actions={actions}
                regenerateModel={regenerateModel}
                highlighted={m.id === highlightId}
                // Older messages skip layout and paint while off screen (long chats stay fast).
                old={i < messages.length - 2}
              />
            );
          })}
        </div>
      </div>
      {!atBottom && (
        <button
          type="button"
          onClick={jump}
          data-testid="jump-to-latest"
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1 rounded-full border border-zinc-300 bg-white/95 px-3 py-1.5 text-xs font-medium shadow-md hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900/95 dark:hover:bg-zinc-800"
        >
          <ArrowDownIcon width={14} height={14} />
          {t('messages.jumpToLatest')}
        </button>
      )}
    </div>
  );
}

interface ItemProps {
  message: Message;
  live: boolean;
  last: boolean;
  busy: boolean;
  reconnecting: boolean;
  old: boolean;
  actions: MessageActions;
  regenerateModel?: string;
  highlighted?: boolean;
}

const MessageItem = memo(function MessageItem({ message: m, live, last, busy, reconnecting, old, actions, regenerateModel, highlighted }: ItemProps) {
  useLang(); // memoised: render again when the language changes
  const mark = highlighted ? { 'data-highlighted': true } : {};
  const ring = highlighted ? ' msg-highlight' : '';
  const [editing, setEditing] = useState(false);
  const tmp = m.id.startsWith('tmp-');
  // Cancelling an edit puts focus back on Edit (the edit box it had goes away).
  const editButton = useRef<HTMLButtonElement>(null);
  const backToEdit = useRef(false);
  useLayoutEffect(() => {
    if (editing || !backToEdit.current) return;
    backToEdit.current = false;
    editButton.current?.focus();
  }, [editing]);

  if (m.role === 'user') {
    const images = imagePartsOf(m);
    return (
      <div className={`msg mb-4 flex flex-col items-end${ring}`} data-testid="message" data-role="user" data-id={m.id} {...mark}>
        <MessageImages images={images} />
        {editing ? (
          <EditBox
            initial={m.content}
            pictures={images.length}
            onCancel={() => {
              backToEdit.current = true;
              setEditing(false);
            }}
            onSave={(text) => {
              setEditing(false);
              actions.edit(m.id, text);
            }}
            disabled={busy}
          />
        ) : (
          (m.content || !images.length) && (
            <div
              className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-[15px] text-white shadow-sm"
              data-testid="user-content"
            >
              {m.content}
            </div>
          )
        )}
        {!editing && !tmp && (
          <div className="mt-1 flex min-h-[2rem] flex-wrap items-center justify-end gap-1 text-xs text-zinc-500">
            <BranchSwitcher message={m} disabled={busy} onSwitch={actions.switchTo} />
            <Toolbar
              message={m}
              busy={busy}
              onEdit={() => setEditing(true)}
              editRef={editButton}
              // A question left without a reply (it was deleted) can get one.
              onRegenerate={last ? () => actions.regenerate(m.id) : undefined}
              regenerateModel={regenerateModel}
              onDelete={actions.remove}
            />
          </div>
        )}
      </div>
    );
  }
  const model = (m.metadata?.model as string | undefined) || m.model;
  const waiting = live && m.content.length === 0;
  const reasoning = reasoningOf(m);
  const usage = formatUsage(m.metadata);
  const error = m.status === 'error' || m.status === 'interrupted' ? (m.metadata?.error as string | undefined) : undefined;
  return (
    <div
      className={`msg mb-6 flex justify-start ${old ? 'cv-auto' : ''}${ring}`}
      {...mark}
      data-testid="message"
      data-role="assistant"
      data-status={live ? 'streaming' : m.status}
      data-id={m.id}
    >
      <div className="w-full min-w-0 max-w-full">
        {reasoning && <Reasoning text={reasoning} thinking={waiting} />}
        <div className="text-[15px] leading-relaxed text-zinc-900 dark:text-zinc-100" data-testid="assistant-content">
          {waiting ? (
            <span className="typing inline-flex gap-1 py-2" aria-label={t('messages.waiting')}>
              <span />
              <span />
              <span />
            </span>
          ) : (
            <LazyMarkdown text={m.content} streaming={live} />
          )}
        </div>
        {error && (
          <p className="mt-1 text-sm text-red-600 dark:text-red-400" data-testid="message-error">
            {error}
          </p>
        )}
        <div className="mt-1 flex min-h-[2rem] flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500">
          {model && <span data-testid="message-model">{shortModel(model)}</span>}
          {!live && usage && (
            <span
              data-testid="message-usage"
              data-estimated={m.metadata?.cost_estimated === true || undefined}
              title={
                m.metadata?.cost_estimated === true
                  ? t('messages.usageTitleEstimated')
                  : t('messages.usageTitle')
              }
            >
              · {usage}
            </span>
          )}
          {!live && m.status === 'stopped' && <span data-testid="stopped-note">{t('messages.stopped')}</span>}
          {!live && m.status === 'interrupted' && !error && <span>{t('messages.interrupted')}</span>}
          {live && !waiting && !reconnecting && <span className="animate-pulse">{t('messages.writing')}</span>}
          {reconnecting && (
            <span className="animate-pulse" data-testid="reconnecting">
              {t('messages.reconnecting')}
            </span>
          )}
          {!tmp && <BranchSwitcher message={m} disabled={busy} onSwitch={actions.switchTo} />}
          {!tmp && !live && (
            <Toolbar
              message={m}
              busy={busy}
              shown={last}
              onRegenerate={() => actions.regenerate(m.id)}
              regenerateModel={regenerateModel}
              onDelete={actions.remove}
            />
          )}
        </div>
      </div>
    </div>
  );
});

/**
 * What the model thought before answering, folded above the answer (closed until opened;
 * plain text). "Thinking…" while the reply streams and its answer has not begun.
 */
function Reasoning({ text, thinking }: { text: string; thinking: boolean }) {
  return (
    <details
      className="mb-2 rounded-lg border border-zinc-200 text-sm dark:border-zinc-800"
      data-testid="message-reasoning"
      data-thinking={thinking || undefined}
      aria-busy={thinking || undefined}
    >
      <summary
        className="cursor-pointer select-none rounded-lg px-3 py-1.5 text-xs font-medium text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-900"
        data-testid="message-reasoning-summary"
      >
        <span className={thinking ? 'animate-pulse' : undefined}>{thinking ? t('messages.thinking') : t('messages.reasoning')}</span>
      </summary>
      <div
        className="whitespace-pre-wrap break-words border-t border-zinc-200 px-3 py-2 text-[13px] leading-relaxed text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
        data-testid="message-reasoning-text"
      >
        {text}
      </div>
    </details>
  );
}

/**
 * The switcher button pressed last, to focus again in the row of the version switched to
 * (a message row is keyed by its id, so switching mounts a new one and the pressed
 * button goes away with the old row).
 */
let switchedWith: { id: string; dir: 'prev' | 'next' } | null = null;

/** `< 2/3 >`: the versions of a message (its siblings). */
function BranchSwitcher({ message: m, disabled, onSwitch }: { message: Message; disabled: boolean; onSwitch: (id: string) => Promise<void> }) {
  const [pending, setPending] = useState(false);
  const prev = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (switchedWith?.id !== m.id) return;
    const { dir } = switchedWith;
    switchedWith = null;
    const want = dir === 'prev' ? prev.current : next.current;
    const other = dir === 'prev' ? next.current : prev.current;
    (want && !want.disabled ? want : other)?.focus();
  }, [m.id]);
  const n = m.sibling_ids.length;
  if (n < 2) return null;
  const i = m.sibling_ids.indexOf(m.id);
  const go = async (id: string | undefined, dir: 'prev' | 'next') => {
    if (!id || pending) return;
    // Keep focus with the keyboard user: in the new row when it comes.
    switchedWith = document.activeElement === (dir === 'prev' ? prev.current : next.current) ? { id, dir } : null;
    setPending(true);
    try {
      await onSwitch(id);
    } finally {
      setPending(false);
    }
  };
  const btn =
    'flex h-8 w-8 items-center justify-center rounded-md hover:bg-zinc-200 disabled:opacity-40 disabled:hover:bg-transparent aria-disabled:opacity-40 dark:hover:bg-zinc-800';
  return (
    <div className="inline-flex items-center tabular-nums" data-testid="branch-switcher" role="group" aria-label={t('messages.versions')}>
      <button
        ref={prev}
        type="button"
        className={btn}
        aria-label={t('messages.prevVersion')}
        data-testid="branch-prev"
        disabled={disabled || i <= 0}
        // Not `disabled` while switching: the focused button would drop its focus.
        aria-disabled={pending || undefined}
        onClick={() => go(m.sibling_ids[i - 1], 'prev')}
      >
        <ChevronLeftIcon width={16} height={16} />
      </button>
      <span data-testid="branch-position" aria-live="polite">
        {i + 1}/{n}
      </span>
      <button
        ref={next}
        type="button"
        className={btn}
        aria-label={t('messages.nextVersion')}
        data-testid="branch-next"
        disabled={disabled || i === -1 || i >= n - 1}
        aria-disabled={pending || undefined}
        onClick={() => go(m.sibling_ids[i + 1], 'next')}
      >
        <ChevronRightIcon width={16} height={16} />
      </button>
    </div>
  );
}

const actionBtn =
  'flex h-8 w-8 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 disabled:opacity-40 disabled:hover:bg-transparent dark:hover:bg-zinc-800 dark:hover:text-zinc-200';

/** Copy / Edit / Regenerate / Delete. Always visible on touch screens; on hover elsewhere. */
function Toolbar({
  message: m,
  busy,
  shown,
  onEdit,
  editRef,
  onRegenerate,
  regenerateModel,
  onDelete,
}: {
  message: Message;
  busy: boolean;
  shown?: boolean;
  onEdit?: () => void;
  editRef?: RefObject<HTMLButtonElement | null>;
  onRegenerate?: () => void;
  regenerateModel?: string;
  onDelete: (id: string) => Promise<boolean>;
}) {
  const [copied, setCopied] = useState(false);
  const confirm = useInlineConfirm();
  const [deleting, setDeleting] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);

  if (confirm.open) {
    const question = `delete-q-${m.id}`;
    return (
      <div
        className="msg-actions flex items-center gap-2 rounded-lg bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950/50 dark:text-red-200"
        data-shown="true"
        data-testid="delete-confirm"
        role="group"
        aria-labelledby={question}
        onKeyDown={confirm.onKeyDown}
      >
        <span id={question}>{m.role === 'user' ? t('messages.confirmDeleteMessage') : t('messages.confirmDeleteReply')}</span>
        <button
          type="button"
          // Not `disabled` while deleting: a disabled button would drop the focus it has.
          aria-disabled={deleting}
          data-testid="delete-confirm-yes"
          className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
          onClick={async () => {
            if (deleting) return;
            setDeleting(true);
            let gone = false;
            try {
              gone = await onDelete(m.id);
            } catch {
              /* shown by the owner */
            } finally {
              setDeleting(false);
              // Gone: the owner has moved focus on. Still here: back to Delete.
              confirm.close(gone ? () => null : undefined);
            }
          }}
        >
          {t('common.delete')}
        </button>
        <button
          ref={confirm.initialRef} // the safe choice takes focus
          type="button"
          data-testid="delete-confirm-no"
          className="rounded-md px-2 py-1 hover:bg-red-100 dark:hover:bg-red-900/40"
          onClick={() => confirm.close()}
        >
          {t('common.cancel')}
        </button>
      </div>
    );
  }
  const regenerateTitle = regenerateModel ? t('messages.regenerateWith', { model: shortModel(regenerateModel) }) : t('messages.regenerate');
  return (
    <div className="msg-actions flex items-center" data-shown={shown ? 'true' : undefined} data-testid="message-actions">
      <button
        type="button"
        className={actionBtn}
        aria-label={copied ? t('common.copied') : t('common.copy')}
        title={t('common.copy')}
        data-testid="action-copy"
        onClick={async () => setCopied(await copyText(m.content))}
      >
        {copied ? <CheckIcon width={16} height={16} /> : <CopyIcon width={16} height={16} />}
      </button>
      {onEdit && (
        <button ref={editRef} type="button" className={actionBtn} aria-label={t('common.edit')} title={t('common.edit')} data-testid="action-edit" disabled={busy} onClick={onEdit}>
          <PencilIcon width={16} height={16} />
        </button>
      )}
      {onRegenerate && (
        <button
          type="button"
          className={actionBtn}
          aria-label={t('messages.regenerate')}
          title={regenerateTitle}
          data-testid="action-regenerate"
          disabled={busy}
          onClick={onRegenerate}
        >
          <RefreshIcon width={16} height={16} />
        </button>
      )}
      <button
        type="button"
        className={`${actionBtn} hover:text-red-600 dark:hover:text-red-400`}
        aria-label={t('common.delete')}
        title={t('common.delete')}
        data-testid="action-delete"
        disabled={busy}
        ref={confirm.triggerRef}
        onClick={confirm.show}
      >
        <TrashIcon width={16} height={16} />
      </button>
    </div>
  );
}

function EditBox({
  initial,
  pictures = 0,
  disabled,
  onSave,
  onCancel,
}: {
  initial: string;
  /** The message's pictures (kept as they are): the text may then be empty. */
  pictures?: number;
  disabled: boolean;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 320)}px`;
  }, [text]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const can = !disabled && (text.trim().length > 0 || pictures > 0);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (can) onSave(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') onCancel();
    else if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
  };
  return (
    <form className="w-full max-w-[85%] rounded-2xl border border-indigo-400 bg-zinc-50 p-2 dark:bg-zinc-900" onSubmit={submit} data-testid="edit-form">
      <textarea
        ref={ref}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-label={t('messages.editMessage')}
        data-testid="edit-input"
        rows={2}
        className="block w-full resize-none bg-transparent px-2 py-1 text-base outline-none sm:text-[15px]"
      />
      <div className="mt-2 flex justify-end gap-2 text-sm">
        <button type="button" onClick={onCancel} className="rounded-lg px-3 py-1.5 hover:bg-zinc-200 dark:hover:bg-zinc-800">
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          disabled={!can}
          data-testid="edit-save"
          className="rounded-lg bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          {t('messages.saveAndSend')}
        </button>
      </div>
    </form>
  );
}
