// Account → API tokens: for scripts and other apps (`Authorization: Bearer nx_…`).
// A new token is shown once, with Copy; the list has names and when each was last used.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ApiToken, NewApiToken } from '../../api/types';
import { CopyField, LiveError, LiveStatus, PanelSection, dangerLinkClass, inputClass, labelClass, primaryClass, secondaryClass } from '../../components/ui';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { relativeTime } from '../../lib/format';
import { useApiTokens, type TokensState } from './useApiTokens';
import { messageOf } from '../../lib/errors';
import { t } from '../../i18n';

export function TokensSection() {
  const state = useApiTokens();
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const n = name.trim();
    if (!n) {
      setError(t('tokens.needName'));
      nameInput.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCreated(await state.create(n));
      setName('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection
      title={t('tokens.title')}
      testId="tokens-section"
      hint={
        <>
          {t('tokens.hintBefore')} <code className="font-mono">Authorization: Bearer nx_…</code>{t('tokens.hintAfter')}
        </>
      }
    >
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit} noValidate aria-label={t('tokens.create')} data-testid="token-form">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-name`} className={labelClass}>
            {t('tokens.name')}
          </label>
          <input
            id={`${id}-name`}
            ref={nameInput}
            className={inputClass}
            value={name}
            maxLength={100}
            autoComplete="off"
            placeholder={t('tokens.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            data-testid="token-name"
          />
        </div>
        <button type="submit" className={primaryClass} aria-disabled={busy} data-testid="token-create">
          {t('tokens.createButton')}
        </button>
      </form>
      <LiveError text={error ?? state.error} className="mt-2" testId="tokens-error" />
      {created && (
        <div className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/30" data-testid="token-created">
          <CopyField
            value={created.token}
            label={t('tokens.newToken', { name: created.name })}
            testId="token-secret"
            note={t('tokens.copyNow')}
          />
          <button type="button" className={`${secondaryClass} mt-2 !py-1 text-xs`} onClick={() => setCreated(null)} data-testid="token-done">
            {t('common.done')}
          </button>
        </div>
      )}
      <LiveStatus text={status} className="mt-2" testId="tokens-status" />
      {!state.loaded ? (
        <p className="mt-3 text-sm text-zinc-500">{t('common.loading')}</p>
      ) : state.tokens.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-500" data-testid="tokens-empty">
          {t('tokens.none')}
        </p>
      ) : (
        <ul className="mt-3 space-y-2" data-testid="token-list">
          {state.tokens.map((tpl) => (
            <TokenItem
              key={tpl.id}
              token={tpl}
              state={state}
              fallback={() => nameInput.current}
              onRevoked={(text) => {
                if (created?.id === tpl.id) setCreated(null);
                setError(null);
                setStatus(text);
              }}
              onFailed={(err) => {
                setStatus(null);
                setError(messageOf(err));
              }}
            />
          ))}
        </ul>
      )}
    </PanelSection>
  );
}

function TokenItem({
  token: tpl,
  state,
  fallback,
  onRevoked,
  onFailed,
}: {
  token: ApiToken;
  state: TokensState;
  fallback: () => HTMLElement | null;
  onRevoked: (text: string) => void;
  onFailed: (err: unknown) => void;
}) {
  const row = useRef<HTMLLIElement>(null);
  const confirm = useInlineConfirm();
  const [busy, setBusy] = useState(false);
  return (
    <li
      ref={row}
      data-testid="token-item"
      data-id={tpl.id}
      data-name={tpl.name}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" data-testid="token-item-name">
          {tpl.name}
        </p>
        <p className="mt-0.5 text-xs text-zinc-500">
          {t('common.created')} {relativeTime(tpl.created_at)} · {tpl.last_used_at ? t('tokens.lastUsed', { when: relativeTime(tpl.last_used_at) }) : t('tokens.neverUsed')}
        </p>
      </div>
      {confirm.open ? (
        <div role="group" aria-label={t('common.revokeQuestion', { name: tpl.name })} onKeyDown={confirm.onKeyDown} className="flex items-center gap-2 text-xs">
          <span>{t('tokens.confirmRevoke')}</span>
          <button
            type="button"
            aria-disabled={busy}
            className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
            data-testid="token-revoke-yes"
            onClick={async () => {
              if (busy) return;
              setBusy(true);
              const next = neighbourOf(row.current, fallback);
              try {
                await state.revoke(tpl.id);
                onRevoked(t('tokens.revoked', { name: tpl.name }));
                confirm.close(next);
              } catch (err) {
                onFailed(err);
                setBusy(false);
                confirm.close();
              }
            }}
          >
            {t('common.revoke')}
          </button>
          <button ref={confirm.initialRef} type="button" className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={() => confirm.close()}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button
          ref={confirm.triggerRef}
          type="button"
          className={`${dangerLinkClass} shrink-0 text-xs`}
          aria-label={t('common.revokeName', { name: tpl.name })}
          onClick={confirm.show}
          data-testid="token-revoke"
        >
          {t('common.revoke')}
        </button>
      )}
    </li>
  );
}
