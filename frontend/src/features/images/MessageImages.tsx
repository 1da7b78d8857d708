// A message's pictures in the conversation (and on a share page): thumbnails sized from the
// part's width/height (no layout shift), loaded lazily; a click opens the full picture in
// the lightbox (a lazily loaded chunk).
import { lazy, Suspense, useState } from 'react';
import { imageUrl } from '../../api/client';
import type { ImagePart } from '../../api/types';
import { imageText } from './limits';
import { thumbSize } from './parts';

const Lightbox = lazy(() => import('./Lightbox'));

interface Props {
  images: ImagePart[];
  /** Where a picture's bytes are (default: the caller's own, `/api/images/{id}`). */
  src?: (id: string) => string;
  /** `end`: a user message (right-aligned). */
  align?: 'start' | 'end';
}

export function MessageImages({ images, src = imageUrl, align = 'end' }: Props) {
  const [open, setOpen] = useState<number | null>(null);
  if (!images.length) return null;
  const shown = open !== null ? images[open] : null;
  return (
    <div className={`mb-1 flex max-w-[85%] flex-wrap gap-2 ${align === 'end' ? 'justify-end' : ''}`} data-testid="message-images">
      {images.map((p, i) => {
        const size = thumbSize(p.width, p.height);
        return (
          <button
            key={`${p.image_id}-${i}`}
            type="button"
            onClick={() => setOpen(i)}
            aria-label={`${imageText.open}: ${imageText.alt(i + 1, images.length)}`}
            className="overflow-hidden rounded-xl border border-zinc-200 bg-zinc-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="message-image"
            data-image-id={p.image_id}
          >
            <img
              src={src(p.image_id)}
              alt={imageText.alt(i + 1, images.length)}
              width={size.width}
              height={size.height}
              loading="lazy"
              decoding="async"
              className="block max-w-full object-cover"
              style={{ aspectRatio: `${size.width} / ${size.height}` }}
            />
          </button>
        );
      })}
      {shown && (
        <Suspense fallback={null}>
          <Lightbox src={src(shown.image_id)} alt={imageText.alt(open! + 1, images.length)} width={shown.width} height={shown.height} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </div>
  );
}
