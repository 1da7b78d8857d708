// When focus may be moved into a text field for the user.

/**
 * Yes for keyboard users (`el`, or the focused element, shows focus: `:focus-visible`)
 * and with a mouse; not after a tap on a touch screen, where focusing a text field would
 * pop up the on-screen keyboard.
 */
export function mayFocusField(el?: Element | null): boolean {
  const a = el ?? (typeof document !== 'undefined' ? document.activeElement : null);
  try {
    if (a && a !== document.body && a.matches(':focus-visible')) return true;
  } catch {
    /* selector unsupported */
  }
  return typeof matchMedia !== 'function' || !matchMedia('(hover: none)').matches;
}
