// Keyboard focus for modal surfaces: the settings dialog and the phone drawer.
//
// While `active`: focus moves in (once, on open — never again on a re-render), Tab and
// Shift+Tab cycle inside, focus that wanders out is brought back, and Escape calls the
// latest `onClose` (kept in a ref, so an inline arrow function is fine). When it ends,
// focus goes back to the element that had it before (the opener), or to `fallback` when
// that element is gone or hidden. Only the topmost active surface reacts; a key whose
// default an inner control already prevented (Escape closing a list) is left alone.
import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
  '[contenteditable="true"]',
].join(',');

function shown(el: HTMLElement): boolean {
  // jsdom has no layout (and no checkVisibility): count everything there.
  return typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true }) : !el.closest('[hidden]');
}

/** The elements inside `root` that Tab reaches, in order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && shown(el));
}

/** Focuses `el` when it can take focus; says whether it did. */
export function focusIfPossible(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  el.focus({ preventScroll: true });
  return document.activeElement === el;
}

export interface DialogFocusOptions {
  /** Where focus goes on close when the opener cannot take it back. */
  fallback?: () => HTMLElement | null;
}

// Active surfaces, innermost last.
const stack: object[] = [];

export function useDialogFocus(
  ref: RefObject<HTMLElement | null>,
  active: boolean,
  onClose: () => void,
  options: DialogFocusOptions = {},
) {
  const latest = useRef({ onClose, ...options });
  latest.current = { onClose, ...options };

  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const had = document.activeElement;
    const opener = had instanceof HTMLElement && had !== document.body && !root.contains(had) ? had : null;
    const token = {};
    stack.push(token);
    const top = () => stack[stack.length - 1] === token;
    const first = () => tabbables(root)[0] ?? root;

    // In: the container itself when it can take focus (a screen reader reads its name), else its first control.
    if (!root.contains(document.activeElement)) (root.hasAttribute('tabindex') ? root : first()).focus({ preventScroll: true });

    const onKey = (e: KeyboardEvent) => {
      if (!top() || e.defaultPrevented) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        latest.current.onClose();
        return;
      }
      if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
      const items = tabbables(root);
      const at = document.activeElement;
      const inside = at instanceof HTMLElement && root.contains(at);
      if (!items.length) {
        e.preventDefault();
        root.focus({ preventScroll: true });
        return;
      }
      const head = items[0];
      const tail = items[items.length - 1];
      const wrap = e.shiftKey ? !inside || at === head || at === root : !inside || at === tail;
      if (wrap) {
        e.preventDefault();
        (e.shiftKey ? tail : head).focus();
      }
    };
    const onFocusIn = (e: FocusEvent) => {
      if (!top()) return;
      const t = e.target;
      if (t instanceof Node && t !== document && !root.contains(t)) first().focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocusIn);

    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocusIn);
      const i = stack.indexOf(token);
      if (i !== -1) stack.splice(i, 1);
      // Give focus back, unless it has already been put somewhere else on purpose.
      const now = document.activeElement;
      const lost = !now || now === document.body || !now.isConnected || root.contains(now);
      if (lost && !focusIfPossible(opener)) focusIfPossible(latest.current.fallback?.());
    };
  }, [active, ref]);
}
