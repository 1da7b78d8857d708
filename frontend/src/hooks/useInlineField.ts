import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { mayFocusField } from '../lib/focus';

/**
 * An inline one-field form a button opens (a connection's new key, a user's new
 * password): its field takes the focus when the keyboard opened it, Escape cancels,
 * and `run` marks it busy while it saves.
 */
export function useInlineField(onCancel: () => void) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Opened by a button press: the keyboard user goes straight to the field.
    if (mayFocusField(document.activeElement)) field.current?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  const run = async (save: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await save();
    } finally {
      setBusy(false);
    }
  };
  return { id, field, busy, onKeyDown, run };
}
