import { memo, useEffect } from 'react';
import type { Message } from '../api/types';
import type { ChatStatus } from '../hooks/useChat';
import { useFollowScroll } from '../hooks/useFollowScroll';
import { shortModel } from '../lib/format';
import { LazyMarkdown } from './LazyMarkdown';
import { ArrowDownIcon } from './icons';

interface Props {
  conversationId: string | null;
  messages: Message[];
  status: ChatStatus;
  loading: boolean;
  loadError: string | null;
}

export function MessageList({ conversationId, messages, status, loading, loadError }: Props) {
  const last = messages[messages.length - 1];
  const { ref, atBottom, jump, follow } = useFollowScroll<HTMLDivElement>([messages.length, last?.content.length, last?.status]);

  // A new conversation or a new message sent: follow again.
  useEffect(() => follow(), [conversationId, follow]);
  useEffect(() => {
    if (status === 'submitted') follow();
  }, [status, follow]);

  const empty = messages.length === 0 && !loading && !loadError;

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={ref} className="h-full overflow-y-auto overscroll-contain" data-testid="message-scroll">
        <div className="mx-auto w-full max-w-3xl px-3 py-4 sm:px-6" data-testid="message-list">
          {loadError && <p className="py-10 text-center text-sm text-red-600 dark:text-red-400">{loadError}</p>}
          {empty && (
            <div className="flex min-h-[50vh] flex-col items-center justify-center text-center" data-testid="empty-state">
              <img src="/icon.svg" alt="" width={56} height={56} className="mb-4 rounded-2xl opacity-90" />
              <h2 className="text-xl font-semibold">Start a new conversation</h2>
              <p className="mt-1 text-sm text-zinc-500">Ask anything. Replies appear as they are written.</p>
            </div>
          )}
          {messages.map((m, i) => (
            <MessageItem
              key={m.id}
              message={m}
              live={i === messages.length - 1 && (status === 'submitted' || status === 'streaming')}
              // Older messages skip layout and paint while off screen (long chats stay fast).
              old={i < messages.length - 2}
            />
          ))}
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
          Jump to latest
        </button>
      )}
    </div>
  );
}

const MessageItem = memo(function MessageItem({ message: m, live, old }: { message: Message; live: boolean; old: boolean }) {
  if (m.role === 'user') {
    return (
      <div className="mb-4 flex justify-end" data-testid="message" data-role="user" data-id={m.id}>
        <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-[15px] text-white shadow-sm">
          {m.content}
        </div>
      </div>
    );
  }
  const model = (m.metadata?.model as string | undefined) || m.model;
  const waiting = live && m.content.length === 0;
  const error = m.status === 'error' || m.status === 'interrupted' ? (m.metadata?.error as string | undefined) : undefined;
  return (
    <div
      className={`mb-6 flex justify-start ${old ? 'cv-auto' : ''}`}
      data-testid="message"
      data-role="assistant"
      data-status={live ? 'streaming' : m.status}
      data-id={m.id}
    >
      <div className="w-full min-w-0 max-w-full">
        <div className="text-[15px] leading-relaxed text-zinc-900 dark:text-zinc-100" data-testid="assistant-content">
          {waiting ? (
            <span className="typing inline-flex gap-1 py-2" aria-label="Waiting for the reply">
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
        <div className="mt-1 flex items-center gap-2 text-xs text-zinc-500">
          {model && <span data-testid="message-model">{shortModel(model)}</span>}
          {m.status === 'interrupted' && !error && <span>· stopped</span>}
          {live && !waiting && <span className="animate-pulse">· writing…</span>}
        </div>
      </div>
    </div>
  );
});
