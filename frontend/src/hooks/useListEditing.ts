import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Which item of a list is being edited (`'new'` for a new one), and focus that goes back
 * to what opened the form when it closes: the item's Edit button (found by `editTestId`
 * inside the row with `data-id`), or the New button.
 */
export function useListEditing(editTestId: string) {
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const closed = useRef<string | null>(null);
  const edit = (next: string | 'new' | null) => {
    closed.current = next === null ? editing : null;
    setEditing(next);
  };
  useLayoutEffect(() => {
    const was = closed.current;
    closed.current = null;
    if (editing !== null || !was) return;
    const back =
      was === 'new' ? null : list.current?.querySelector<HTMLElement>(`[data-id="${was}"] [data-testid=${editTestId}]`);
    (back ?? newButton.current)?.focus();
  }, [editing, editTestId]);
  return { editing, edit, list, newButton };
}
