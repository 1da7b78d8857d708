// Settings → Providers: one place for where the models come from. The server connection
// first (its key and base URL are the instance settings), then the household's and the
// user's own connections; admins decide whether members may add their own.
import { useCallback, useRef, useState } from 'react';
import { LiveError, LiveStatus, PanelSection, secondaryClass } from '../../components/ui';
import type { ModelsState } from '../../hooks/useModels';
import type { SettingsState } from '../../hooks/useSettings';
import { messageOf } from '../../lib/errors';
import { SERVER_CONNECTION } from '../../lib/models';
import { AddConnectionForm } from './AddConnectionForm';
import { ConnectionItem } from './ConnectionItem';
import { ServerConnection } from './ServerConnection';
import { useConnections } from './useConnections';
import { t } from '../../i18n';

interface Props {
  settings: SettingsState;
  models: ModelsState;
  isAdmin: boolean;
}

export function ProvidersSection({ settings, models, isAdmin }: Props) {
  const { load: loadModels } = models;
  const onModelsChanged = useCallback(() => void loadModels(true), [loadModels]);
  const state = useConnections({ onModelsChanged });
  const list = state.data;
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const server = list?.connections.find((c) => c.id === SERVER_CONNECTION);
  const others = list?.connections.filter((c) => c.id !== SERVER_CONNECTION) ?? [];
  const kinds = list?.kinds ?? [];

  const { refresh } = state;
  const serverChanged = useCallback(() => {
    void refresh();
    onModelsChanged();
  }, [refresh, onModelsChanged]);

  const allowMembers = async (on: boolean) => {
    setError(null);
    setStatus(null);
    try {
      await settings.update({ allow_member_connections: on });
      state.setAllowMembers(on);
      setStatus(on ? t('providers.membersOn') : t('providers.membersOff'));
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <PanelSection title={t('providers.title')} hint={t('providers.hint')} testId="providers-section">
      <LiveError text={error ?? state.error} className="mb-2" testId="providers-error" />
      <ul ref={listRef} className="space-y-2" data-testid="connection-list">
        <ServerConnection
          state={settings}
          connection={server}
          kinds={kinds}
          isAdmin={isAdmin}
          test={state.test}
          onChanged={serverChanged}
        />
        {others.map((c) => (
          <ConnectionItem
            key={c.id}
            connection={c}
            kinds={kinds}
            state={state}
            fallbackFocus={() => addButton.current ?? listRef.current?.querySelector<HTMLElement>('button')}
          />
        ))}
      </ul>
      {!state.loaded && <p className="mt-2 text-sm text-zinc-500">{t('providers.loading')}</p>}
      {list && isAdmin && (
        <label className="mt-3 flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={list.allow_member_connections}
            onChange={(e) => void allowMembers(e.target.checked)}
            data-testid="allow-member-connections"
          />
          <span>
            {t('providers.membersMayAdd')}
            <span className="block text-xs text-zinc-500">{t('providers.membersMayAddHint')}</span>
          </span>
        </label>
      )}
      {list &&
        (list.can_add ? (
          adding ? (
            <div className="mt-3">
              <AddConnectionForm
                list={list}
                isAdmin={isAdmin}
                state={state}
                onDone={(name) => {
                  setAdding(false);
                  setError(null);
                  setStatus(name ? t('providers.added', { name }) : null);
                  requestAnimationFrame(() => addButton.current?.focus());
                }}
              />
            </div>
          ) : (
            <button
              ref={addButton}
              type="button"
              className={`${secondaryClass} mt-3`}
              onClick={() => {
                setStatus(null);
                setAdding(true);
              }}
              data-testid="connection-add"
            >
              {t('providers.add')}
            </button>
          )
        ) : (
          <p className="mt-3 text-xs text-zinc-500" data-testid="providers-admin-managed">
            {t('providers.adminManages')}
          </p>
        ))}
      <LiveStatus text={status} className="mt-2" testId="providers-status" />
    </PanelSection>
  );
}
