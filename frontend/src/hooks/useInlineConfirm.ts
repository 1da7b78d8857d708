// Keyboard focus for an inline confirmation ("Delete this …?  Delete · Cancel") that
// takes the place of the control that asked for it. Focus moves into the confirmation
// when it appears (`initialRef`), and back to that control (`triggerRef`, rendered again)
// when it is dismissed — Cancel, Escape — or the action failed. When the action removed
// the row, the caller names where focus goes instead: `close(() => neighbour)`.
// Nothing is left to fall to document.body.
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export function useInlineConfirm<T extends HTMLElement = HTMLButtonElement>() {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<T>(null);
  const initialRef = useRef<HTMLButtonElement>(null);
  const target = useRef<(() => HTMLElement | null | undefined) | null>(null);
  const was = useRef(false);

  useLayoutEffect(() => {
    if (open === was.current) return;
    was.current = open;
    if (open) {
      initialRef.current?.focus();
      return;
    }
    const next = target.current ? target.current() : triggerRef.current;
    target.current = null;
    next?.focus();
  }, [open]);

  const show = useCallback(() => setOpen(true), []);
  /** Ends the confirmation; focus goes to `to()` when given, else back to the trigger. */
  const close = useCallback((to?: () => HTMLElement | null | undefined) => {
    target.current = to ?? null;
    // The row may be gone before the next render: move focus now too.
    if (to) to()?.focus();
    setOpen(false);
  }, []);
  /** For the confirmation's container: Escape dismisses it (and nothing around it). */
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close();
    },
    [close],
  );

  return { open, show, close, onKeyDown, triggerRef, initialRef };
}

/**
 * Where focus goes when `row` (a list item) is about to be removed: the next row's first
 * button, else the previous row's, else `fallback`.
 */
export function neighbourOf(row: HTMLElement | null, fallback: () => HTMLElement | null | undefined): () => HTMLElement | null | undefined {
  const next = row?.nextElementSibling ?? row?.previousElementSibling ?? null;
  const el = next?.querySelector<HTMLElement>('button:not([disabled])');
  return () => (el?.isConnected ? el : fallback());
}
