// Providers → one saved connection (household or personal): what it is, and for whoever
// may edit it: on/off, Test, a new key (write-only), delete with an inline confirmation.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Connection, ConnectionKind } from '../../api/types';
import { LiveError, LiveStatus, dangerLinkClass, inputClass, linkClass, primaryClass, secondaryClass } from '../../components/ui';
import { neighbourOf, useInlineConfirm } from '../../hooks/useInlineConfirm';
import { useInlineField } from '../../hooks/useInlineField';
import { messageOf } from '../../lib/errors';
import { kindInfo, kindLabel, keyText } from './draft';
import { ScopeBadge, TestControl } from './parts';
import type { ConnectionsState } from './useConnections';
import { t } from '../../i18n';

interface Props {
  connection: Connection;
  kinds: readonly ConnectionKind[];
  state: ConnectionsState;
  /** Where focus goes when this row is deleted and no other row is left. */
  fallbackFocus: () => HTMLElement | null | undefined;
}

export function ConnectionItem({ connection: c, kinds, state, fallbackFocus }: Props) {
  const id = useId();
  const row = useRef<HTMLLIElement>(null);
  const confirm = useInlineConfirm();
  const keyButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [keyOpen, setKeyOpen] = useState(false);
  const kind = kindInfo(kinds, c.kind);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await what();
      setStatus(done);
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    } finally {
      if (row.current?.isConnected) setBusy(false);
    }
  };

  const closeKey = () => {
    setKeyOpen(false);
    requestAnimationFrame(() => keyButton.current?.focus());
  };

  return (
    <li
      ref={row}
      className={`rounded-lg border p-3 ${c.enabled ? 'border-zinc-200 dark:border-zinc-800' : 'border-dashed border-zinc-300 dark:border-zinc-700'}`}
      data-testid="connection-item"
      data-id={c.id}
      data-name={c.name}
      data-enabled={c.enabled}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h4 id={`${id}-name`} className={`min-w-0 flex-1 truncate text-sm font-medium ${c.enabled ? '' : 'text-zinc-500'}`} data-testid="connection-name">
          {c.name}
        </h4>
        {!c.enabled && <span className="shrink-0 text-[11px] font-medium text-zinc-500">{t('providers.off')}</span>}
        <ScopeBadge scope={c.scope} />
      </div>
      <p className="mt-0.5 break-all text-xs text-zinc-500">
        {kindLabel(kinds, c.kind)} · <span className="font-mono">{c.base_url}</span> ·{' '}
        <span className={c.key.configured ? 'font-mono' : ''} data-testid="connection-key">
          {keyText(c)}
        </span>
      </p>
      {c.key.problem && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400" data-testid="connection-key-problem">
          {c.key.problem}
        </p>
      )}
      {c.editable && (
        <>
          {confirm.open ? (
            <div
              role="group"
              aria-labelledby={`${id}-q`}
              onKeyDown={confirm.onKeyDown}
              className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-xs dark:bg-red-950/40"
              data-testid="connection-delete-confirm"
            >
              <span id={`${id}-q`} className="min-w-0 flex-1">
                {t('providers.confirmDelete', { name: c.name })}
              </span>
              <button
                type="button"
                aria-disabled={busy}
                className="rounded-md bg-red-600 px-2 py-1 font-medium text-white hover:bg-red-700 aria-disabled:opacity-60"
                onClick={async () => {
                  if (busy) return;
                  const next = neighbourOf(row.current, fallbackFocus);
                  setBusy(true);
                  setError(null);
                  try {
                    await state.remove(c.id);
                    confirm.close(next);
                  } catch (err) {
                    setError(messageOf(err));
                    setBusy(false);
                    confirm.close();
                  }
                }}
              >
                {t('common.yesDelete')}
              </button>
              <button ref={confirm.initialRef} type="button" className="rounded-md px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800" onClick={() => confirm.close()}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs">
              <label className="inline-flex items-center gap-1.5">
                <input
                  type="checkbox"
                  role="switch"
                  checked={c.enabled}
                  disabled={busy}
                  onChange={(e) => {
                    const on = e.target.checked;
                    void act(() => state.update(c.id, { enabled: on }), on ? t('providers.isOn', { name: c.name }) : t('providers.isOff', { name: c.name }));
                  }}
                  aria-label={t('providers.enabledName', { name: c.name })}
                  data-testid="connection-enabled"
                />
                {t('providers.enabled')}
              </label>
              <TestControl test={() => state.test(c.id)} label={t('providers.testName', { name: c.name })} />
              <button
                ref={keyButton}
                type="button"
                className={linkClass}
                aria-expanded={keyOpen}
                aria-label={t(c.key.configured ? 'providers.changeKeyFor' : 'providers.addKeyFor', { name: c.name })}
                onClick={() => {
                  setError(null);
                  setStatus(null);
                  setKeyOpen((o) => !o);
                }}
                data-testid="connection-change-key"
              >
                {c.key.configured ? t('providers.changeKey') : t('providers.addKey')}
              </button>
              {c.key.configured && kind && !kind.needs_key && (
                <button
                  type="button"
                  className={linkClass}
                  aria-disabled={busy}
                  aria-label={t('providers.forgetKeyFor', { name: c.name })}
                  onClick={() => !busy && void act(() => state.update(c.id, { api_key: null }), t('providers.keyRemoved'))}
                  data-testid="connection-forget-key"
                >
                  {t('providers.forgetKey')}
                </button>
              )}
              <button
                ref={confirm.triggerRef}
                type="button"
                className={dangerLinkClass}
                aria-disabled={busy}
                aria-label={t('common.deleteName', { name: c.name })}
                onClick={() => !busy && confirm.show()}
                data-testid="connection-delete"
              >
                {t('common.delete')}
              </button>
            </div>
          )}
          {keyOpen && !confirm.open && (
            <KeyForm
              name={c.name}
              onCancel={closeKey}
              onSave={async (key) => {
                if (await act(() => state.update(c.id, { api_key: key }), t('providers.keySaved'))) closeKey();
              }}
            />
          )}
          <LiveError text={error} className="mt-2 !text-xs" testId="connection-error" />
          <LiveStatus text={status} className="mt-2 !text-xs" testId="connection-status" />
        </>
      )}
    </li>
  );
}

/** A new key for a saved connection: written, never shown again. */
function KeyForm({ name, onSave, onCancel }: { name: string; onSave: (key: string) => Promise<void>; onCancel: () => void }) {
  const [key, setKey] = useState('');
  const { id, field, busy, onKeyDown, run } = useInlineField(onCancel);
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      data-testid="connection-key-form"
      aria-label={t('providers.newKeyForName', { name })}
      onKeyDown={onKeyDown}
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        if (key.trim()) await run(() => onSave(key.trim()));
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t('providers.newKeyFor')} {name}
      </label>
      <input
        id={id}
        ref={field}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('providers.newKey')}
        className={`${inputClass} min-w-0 flex-1 !py-1.5`}
        value={key}
        onChange={(e) => setKey(e.target.value)}
        data-testid="connection-key-input"
      />
      <button type="submit" className={`${primaryClass} !py-1.5`} disabled={busy || !key.trim()} data-testid="connection-key-save">
        {t('providers.saveKey')}
      </button>
      <button type="button" className={`${secondaryClass} !py-1.5`} onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
