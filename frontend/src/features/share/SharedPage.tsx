// The public page `/s/<token>`: a shared conversation, read-only. Nothing else of the app
// runs here — no sign-in, no sidebar, no composer; the only request is
// `GET /api/shared/<token>`. Unknown, revoked and expired links all answer 404: one
// "this link does not work" state.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, keepApi } from '../../api/client';
import type { SharedConversation, SharedMessage } from '../../api/types';
import { Markdown } from '../../components/Markdown';
import { messageOf } from '../../lib/errors';
import { reasoningOf } from '../../lib/parts';
import { formatDate as formatDay, t } from '../../i18n';
import { sharedImageUrl } from '../../api/client';
import { MessageImages } from '../images/MessageImages';
import { imagePartsOf } from '../images/parts';

type State = { phase: 'loading' } | { phase: 'ready'; data: SharedConversation } | { phase: 'gone' } | { phase: 'error'; text: string };

function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatDay(d, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Keeps search engines away from the page (the API answer says so too). */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex, nofollow';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

export function SharedPage({ token }: { token: string }) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  useNoIndex();

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setState({ phase: 'loading' });
      try {
        const data = await keepApi.getShared(token, signal);
        setState({ phase: 'ready', data });
      } catch (err) {
        if (signal?.aborted) return;
        if (err instanceof ApiError && err.status === 404) setState({ phase: 'gone' });
        else setState({ phase: 'error', text: messageOf(err) });
      }
    },
    [token],
  );
  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  useEffect(() => {
    document.title = state.phase === 'ready' ? t('shared.docTitle', { title: state.data.title }) : t('shared.docTitleLoading');
  }, [state]);

  return (
    <div className="app-shell overflow-y-auto bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100" data-testid="shared-page" data-phase={state.phase}>
      <main className="safe-x safe-top safe-bottom mx-auto w-full max-w-3xl px-3 py-6 sm:px-6">
        <p className="text-sm font-semibold tracking-wide text-indigo-600 dark:text-indigo-400">Nexus</p>
        {state.phase === 'loading' && (
          <p className="mt-10 text-center text-sm text-zinc-500" role="status">
            {t('common.loading')}
          </p>
        )}
        {state.phase === 'gone' && (
          <div className="mt-16 text-center" data-testid="shared-not-found">
            <h1 className="text-xl font-semibold">{t('shared.brokenTitle')}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              {t('shared.brokenHint')}
            </p>
          </div>
        )}
        {state.phase === 'error' && (
          <div className="mt-16 text-center" data-testid="shared-error">
            <h1 className="text-xl font-semibold">{t('shared.loadFailed')}</h1>
            <p className="mt-2 text-sm text-red-600 dark:text-red-400" role="alert">
              {state.text}
            </p>
            <button
              type="button"
              className="mt-4 rounded-lg border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              onClick={() => void load()}
            >
              {t('common.tryAgain')}
            </button>
          </div>
        )}
        {state.phase === 'ready' && <Conversation data={state.data} token={token} />}
      </main>
    </div>
  );
}

function Conversation({ data, token }: { data: SharedConversation; token: string }) {
  const messages = data.messages;
  return (
    <article aria-labelledby="shared-title">
      <header className="mb-6 mt-1 border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <h1 id="shared-title" className="break-words text-xl font-semibold sm:text-2xl" data-testid="shared-title">
          {data.title}
        </h1>
        <p className="mt-1 text-xs text-zinc-500">
          {t('shared.banner')}{data.created_at ? ` · ${formatDate(data.created_at)}` : ''}
          {data.expires_at ? t('shared.expires', { date: formatDate(data.expires_at) }) : ''}
        </p>
      </header>
      {messages.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('shared.noMessages')}</p>
      ) : (
        <ol className="space-y-6" data-testid="shared-messages">
          {messages.map((m, i) => (
            <SharedRow key={i} message={m} token={token} />
          ))}
        </ol>
      )}
    </article>
  );
}

function SharedRow({ message: m, token }: { message: SharedMessage; token: string }) {
  const images = imagePartsOf(m);
  if (m.role === 'user')
    return (
      <li className="flex flex-col items-end" data-testid="shared-message" data-role="user">
        <span className="sr-only">{t('shared.youAsked')}</span>
        <MessageImages images={images} src={(id) => sharedImageUrl(token, id)} />
        {(m.content || !images.length) && (
          <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-[15px] text-white shadow-sm" data-testid="shared-content">
            {m.content}
          </div>
        )}
      </li>
    );
  const reasoning = reasoningOf(m);
  return (
    <li className="min-w-0" data-testid="shared-message" data-role="assistant">
      <span className="sr-only">{t('shared.assistantAnswered')}</span>
      {reasoning && (
        <details className="mb-2 rounded-lg border border-zinc-200 text-sm dark:border-zinc-800">
          <summary className="cursor-pointer select-none rounded-lg px-3 py-1.5 text-xs font-medium text-zinc-500">{t('messages.reasoning')}</summary>
          <div className="whitespace-pre-wrap break-words border-t border-zinc-200 px-3 py-2 text-[13px] text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            {reasoning}
          </div>
        </details>
      )}
      <div className="text-[15px] leading-relaxed" data-testid="shared-content">
        <Markdown text={m.content} />
      </div>
      {m.model && <p className="mt-1 text-xs text-zinc-500">{m.model.split('/').pop()}</p>}
    </li>
  );
}
