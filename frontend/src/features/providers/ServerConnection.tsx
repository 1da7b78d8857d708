// Providers → the server connection: the instance's own provider account (the one every
// conversation uses unless it picks another). Admins set its key (and, under Advanced, its
// base URL) here through the settings; members see who sets it.
import { useId, useRef, useState } from 'react';
import type { Connection, ConnectionKind, ConnectionTest } from '../../api/types';
import { inputClass, labelClass, primaryClass } from '../../components/ui';
import type { SettingsState } from '../../hooks/useSettings';
import { messageOf } from '../../lib/errors';
import { kindLabel } from './draft';
import { ScopeBadge, TestControl } from './parts';
import { t } from '../../i18n';

interface Props {
  state: SettingsState;
  /** The server connection as the connections list describes it (absent on older servers). */
  connection?: Connection;
  kinds: readonly ConnectionKind[];
  isAdmin: boolean;
  test: (id: string) => Promise<ConnectionTest>;
  /** Its key or base URL changed: the connections and the model lists are read again. */
  onChanged: () => void;
}

export function ServerConnection({ state, connection, kinds, isAdmin, test, onChanged }: Props) {
  const s = state.settings!;
  const key = s.api_key;
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const keyInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const save = async (v: string) => {
    setBusy(true);
    setMsg(null);
    try {
      await state.update({ openrouter_api_key: v });
      setValue('');
      setMsg({ ok: true, text: v ? t('common.saved') : t('providers.keyRemoved') });
      if (!v) keyInput.current?.focus(); // the Remove button goes away
      onChanged();
    } catch (err) {
      setMsg({ ok: false, text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  const name = connection?.name ?? 'OpenRouter';
  const kind = connection ? kindLabel(kinds, connection.kind) : null;
  const baseUrl = connection?.base_url ?? s.openrouter_base_url;

  return (
    <li
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="connection-item"
      data-id="default"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h4 id={`${id}-title`} className="min-w-0 flex-1 truncate text-sm font-medium">
          {t('providers.serverConnection')} <span className="font-normal text-zinc-500">· {name}</span>
        </h4>
        <ScopeBadge scope="server" />
      </div>
      <p className="mt-0.5 break-all text-xs text-zinc-500">
        {kind && kind !== name && <span>{kind} · </span>}
        <span className="font-mono">{baseUrl}</span>
        {s.openrouter_base_url_source === 'variable' && <span> {t('providers.fromServerConfig')}</span>}
      </p>
      <p className="mt-2 text-sm" data-testid="api-key-status">
        <span className="text-zinc-500">{t('providers.apiKeyColon')} </span>
        {key.configured ? (
          <>
            <span className="font-medium text-emerald-600 dark:text-emerald-400">{t('providers.keySet')}</span>
            {key.hint && <span className="ml-1 font-mono text-zinc-500">{key.hint}</span>}
            {key.source === 'variable' && <span className="ml-1 text-zinc-500">{t('providers.fromServerConfig')}</span>}
          </>
        ) : (
          <span className="font-medium text-amber-600 dark:text-amber-400">{t('providers.keyNotSet')}</span>
        )}
      </p>
      {key.problem && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400" role="status" data-testid="api-key-problem">
          {key.problem}
        </p>
      )}
      {!isAdmin ? (
        <p className="mt-1 text-xs text-zinc-500" data-testid="api-key-admin-only">
          {t('providers.keyByAdmin')}
        </p>
      ) : (
        <div className="mt-2">
          <form
            className="flex gap-2"
            aria-label={t('providers.serverKeyLabel')}
            onSubmit={(e) => {
              e.preventDefault();
              if (value.trim()) void save(value.trim());
            }}
          >
            <input
              ref={keyInput}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder={key.configured ? t('providers.replaceKey') : 'sk-or-…'}
              aria-label={t('providers.apiKey')}
              data-testid="api-key-input"
              className={`${inputClass} min-w-0`}
            />
            <button type="submit" disabled={busy || !value.trim()} className={`${primaryClass} shrink-0`} data-testid="api-key-save">
              {t('common.save')}
            </button>
          </form>
          {msg && <p className={`mt-2 text-xs ${msg.ok ? 'text-emerald-600' : 'text-red-600'}`}>{msg.text}</p>}
          <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
            {(connection?.editable ?? isAdmin) && <TestControl test={() => test('default')} label={t('providers.testServer')} />}
            {key.configured && key.source === 'settings' && (
              <button type="button" disabled={busy} className="text-red-600 underline dark:text-red-400" onClick={() => void save('')}>
                {t('providers.removeKey')}
              </button>
            )}
          </div>
          <BaseUrlField state={state} onChanged={onChanged} />
        </div>
      )}
    </li>
  );
}

/** Advanced: the server connection's base URL (`openrouter_base_url`). */
function BaseUrlField({ state, onChanged }: { state: SettingsState; onChanged: () => void }) {
  const id = useId();
  const s = state.settings!;
  const [value, setValue] = useState(s.openrouter_base_url);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer text-zinc-500">{t('common.advanced')}</summary>
      <form
        className="mt-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const v = value.trim();
          if (!v || busy) return;
          setBusy(true);
          setMsg(null);
          try {
            await state.update({ openrouter_base_url: v });
            setMsg({ ok: true, text: t('common.saved') });
            onChanged();
          } catch (err) {
            setMsg({ ok: false, text: messageOf(err) });
          } finally {
            setBusy(false);
          }
        }}
      >
        <label htmlFor={id} className={labelClass}>
          {t('providers.baseUrl')}
        </label>
        <div className="flex gap-2">
          <input
            id={id}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            className={`${inputClass} min-w-0 font-mono`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="server-base-url"
          />
          <button type="submit" className={`${primaryClass} shrink-0`} disabled={busy || !value.trim() || value.trim() === s.openrouter_base_url}>
            {t('common.save')}
          </button>
        </div>
        {msg && (
          <p role={msg.ok ? 'status' : 'alert'} className={`mt-1 ${msg.ok ? 'text-emerald-600' : 'text-red-600 dark:text-red-400'}`}>
            {msg.text}
          </p>
        )}
      </form>
    </details>
  );
}
