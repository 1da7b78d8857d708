// The part of offline use the first load needs: the outbox's messages, kept up to date.
import { useEffect, useState } from 'react';
import { readOutbox, subscribeOutbox, type OutboxItem } from './outbox';
import { t } from '../i18n';

/** Why the actions that need the server are off. */
export const offlineReason = () => t('offline.needsServer');

/** The user's waiting messages (all conversations), kept up to date. */
export function useOutbox(userId: string): OutboxItem[] {
  const [items, setItems] = useState(() => readOutbox(localStorage, userId));
  useEffect(() => {
    const update = () => setItems(readOutbox(localStorage, userId));
    update();
    return subscribeOutbox(update);
  }, [userId]);
  return items;
}
