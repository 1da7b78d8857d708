// The full picture over the page (a lazily loaded chunk): a modal <dialog> (focus inside,
// Escape closes, focus back to the thumbnail), closed by its button or a click beside the
// picture; "Open in a new tab" for the original.
import { useEffect, useRef } from 'react';
import { CloseIcon } from '../../components/icons';
import { imageText } from './limits';

interface Props {
  src: string;
  alt: string;
  width: number;
  height: number;
  onClose: () => void;
}

export default function Lightbox({ src, alt, width, height, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal?.();
    return () => {
      d?.close?.();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={imageText.lightbox}
      data-testid="lightbox"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className="m-0 h-full max-h-none w-full max-w-none bg-black/85 p-0 backdrop:bg-black/60"
    >
      <div className="flex h-full w-full flex-col items-center justify-center gap-2 p-3" onClick={(e) => e.target === e.currentTarget && onClose()}>
        <div className="flex w-full max-w-5xl justify-end gap-2">
          <a
            href={src}
            target="_blank"
            rel="noopener noreferrer"
            className="rounded-lg bg-white/10 px-3 py-2 text-sm text-white hover:bg-white/20"
            data-testid="lightbox-open-tab"
          >
            {imageText.openTab}
          </a>
          <button
            type="button"
            autoFocus
            onClick={onClose}
            aria-label={imageText.close}
            data-testid="lightbox-close"
            className="flex h-9 w-9 items-center justify-center rounded-lg bg-white/10 text-white hover:bg-white/20"
          >
            <CloseIcon />
          </button>
        </div>
        <img
          src={src}
          alt={alt}
          width={width}
          height={height}
          className="max-h-[calc(100%-3.5rem)] max-w-full object-contain"
          style={{ height: 'auto', width: 'auto' }}
          data-testid="lightbox-image"
        />
      </div>
    </dialog>
  );
}
