// The pictures attached in the composer: thumbnails with their state (uploading, failed
// with the reason) and a remove button each; the notice of the last add; why Send waits.
import { useRef } from 'react';
import { CloseIcon } from '../../components/icons';
import type { Attachment } from './attachments';
import { imageText } from './limits';

interface Props {
  items: Attachment[];
  notice: string | null;
  /** The chosen model cannot see images: the sentence to show. */
  blocked: string | null;
  onRemove: (key: string) => void;
  /** The last picture was removed with the keyboard: where focus goes (the text field). */
  onEmptied?: () => void;
}

export function AttachmentTray({ items, notice, blocked, onRemove, onEmptied }: Props) {
  const list = useRef<HTMLUListElement>(null);
  if (!items.length && !notice && !blocked) return null;
  // The pressed button goes away with its picture: focus moves to the next one's (or the
  // one before), else to the text field, never to the page.
  const remove = (i: number, key: string, focused: boolean) => {
    onRemove(key);
    if (!focused) return;
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>('[data-testid=attachment-remove]');
      const next = buttons?.[Math.min(i, buttons.length - 1)];
      if (next) next.focus();
      else onEmptied?.();
    });
  };
  return (
    <div className="mx-auto w-full max-w-3xl px-1 pb-2" data-testid="attachments">
      {items.length > 0 && (
        <ul ref={list} className="flex gap-2 overflow-x-auto pb-1" aria-label={imageText.attached}>
          {items.map((a, i) => (
            <li
              key={a.key}
              className="relative h-16 w-16 shrink-0 overflow-hidden rounded-lg border border-zinc-300 bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-800"
              data-testid="attachment"
              data-status={a.status}
              data-image-id={a.image?.id}
              title={a.error ?? a.name}
            >
              {a.preview && <img src={a.preview} alt={a.name} width={64} height={64} className="h-full w-full object-cover" />}
              {(a.status === 'preparing' || a.status === 'uploading') && (
                <span className="absolute inset-0 flex items-center justify-center bg-black/40 text-[10px] font-medium text-white" role="status">
                  <span className="animate-pulse">{a.status === 'preparing' ? imageText.preparing : imageText.uploading}</span>
                </span>
              )}
              {a.status === 'failed' && (
                <span className="absolute inset-0 flex items-center justify-center bg-red-600/80 p-1 text-center text-[10px] font-medium leading-tight text-white">
                  {imageText.failed}
                </span>
              )}
              <button
                type="button"
                onClick={(e) => remove(i, a.key, document.activeElement === e.currentTarget)}
                aria-label={imageText.remove(a.name)}
                data-testid="attachment-remove"
                className="absolute right-0.5 top-0.5 flex h-6 w-6 items-center justify-center rounded-full bg-black/70 text-white hover:bg-black"
              >
                <CloseIcon width={14} height={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div role="alert" className="text-xs text-red-600 empty:hidden dark:text-red-400" data-testid="attachments-error">
        {[blocked, notice, ...items.filter((a) => a.error).map((a) => a.error)].filter(Boolean).join(' ')}
      </div>
    </div>
  );
}
