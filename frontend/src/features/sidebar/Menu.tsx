// A small action menu opened by a "⋯" button: role=menu, ↑/↓/Home/End move, Enter/Space
// choose, Escape (or Tab, or a click elsewhere) closes and gives focus back to the button.
// An item with `items` opens a panel of its own (Move to folder ▸) with a way back.
// Placed with `position: fixed` next to its button (the sidebar is its containing block
// when it is transformed: the position is measured, not assumed).
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { t } from '../../i18n';

export interface MenuItem {
  key: string;
  label: string;
  testId?: string;
  onSelect?: () => void;
  /** A panel of choices instead of an action. */
  items?: MenuItem[];
  /** Marked as the current choice (a folder it is in). */
  checked?: boolean;
  danger?: boolean;
  data?: Record<string, string>;
}

interface Props {
  /** The button's accessible name ("Actions for <title>"). */
  label: string;
  items: MenuItem[];
  testId?: string;
  buttonClassName?: string;
  children: ReactNode;
}

const WIDTH = 208;

export function Menu({ label, items, testId, buttonClassName = '', children }: Props) {
  const [open, setOpen] = useState(false);
  const [panel, setPanel] = useState<MenuItem | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);

  const close = (refocus = true) => {
    setOpen(false);
    setPanel(null);
    setPos(null);
    if (refocus) button.current?.focus();
  };

  // Place it: below the button, right edges aligned; above when there is no room below.
  useLayoutEffect(() => {
    if (!open) return;
    const m = menu.current;
    const b = button.current;
    if (!m || !b) return;
    m.style.top = '0px';
    m.style.left = '0px';
    const origin = m.getBoundingClientRect(); // where (0, 0) is for this fixed element
    const r = b.getBoundingClientRect();
    const h = m.offsetHeight;
    let top = r.bottom + 4;
    if (top + h > window.innerHeight - 8 && r.top - h - 4 > 8) top = r.top - h - 4;
    const left = Math.max(8, Math.min(r.right - WIDTH, window.innerWidth - WIDTH - 8));
    setPos({ top: top - origin.top, left: left - origin.left });
  }, [open, panel]);

  // Focus the first item when opened or when a panel changes.
  useEffect(() => {
    if (!open || !pos) return;
    menu.current?.querySelector<HTMLElement>('[role^=menuitem]')?.focus();
  }, [open, panel, pos]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role^=menuitem]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Escape' || (e.key === 'ArrowLeft' && panel)) {
      if (panel) setPanel(null);
      else close();
    } else if (e.key === 'Tab') {
      close(false);
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const shown = panel?.items ?? items;
  const choose = (item: MenuItem) => {
    if (item.items) {
      setPanel(item);
      return;
    }
    close();
    item.onSelect?.();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label={label}
        title={t('menu.more')}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        className={buttonClassName}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label={panel ? panel.label : label}
          data-testid="menu"
          onKeyDown={onKeyDown}
          style={{ position: 'fixed', width: WIDTH, top: pos?.top ?? 0, left: pos?.left ?? 0, visibility: pos ? 'visible' : 'hidden' }}
          className="z-50 max-h-80 overflow-y-auto rounded-lg border border-zinc-200 bg-white py-1 text-sm shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
        >
          {panel && (
            <button
              type="button"
              role="menuitem"
              className="block w-full px-3 py-1.5 text-left text-xs text-zinc-500 hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
              onClick={() => setPanel(null)}
            >
              {t('menu.back')}
            </button>
          )}
          {shown.map((item) => (
            <button
              key={item.key}
              type="button"
              role={item.checked !== undefined ? 'menuitemradio' : 'menuitem'}
              aria-checked={item.checked}
              aria-haspopup={item.items ? 'menu' : undefined}
              data-testid={item.testId}
              {...Object.fromEntries(Object.entries(item.data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
              className={`flex w-full items-center justify-between gap-2 px-3 py-1.5 text-left hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800 ${
                item.danger ? 'text-red-600 dark:text-red-400' : ''
              }`}
              onClick={() => choose(item)}
            >
              <span className="truncate">{item.label}</span>
              {item.items && <span aria-hidden="true">▸</span>}
              {item.checked && <span aria-hidden="true">✓</span>}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
