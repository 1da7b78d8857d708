// The pictures attached in the composer, as a pure reducer (unit-tested): each is
// prepared (shrunk), uploaded, then ready to send; or failed with a sentence.
//
//   preparing ──prepared──▶ uploading ──uploaded──▶ ready
//        └────────failed─────────┴──────failed───▶ failed        (remove: gone, any time)
import type { ImagePart, UploadedImage } from '../../api/types';
import { imageText, MAX_IMAGES_PER_MESSAGE } from './limits';

export type AttachmentStatus = 'preparing' | 'uploading' | 'ready' | 'failed';

export interface Attachment {
  /** Local key (stable for React and for the async steps). */
  key: string;
  name: string;
  status: AttachmentStatus;
  /** An object URL of what is uploaded (or of the file), for the thumbnail. */
  preview?: string;
  /** Set once uploaded. */
  image?: UploadedImage;
  /** Why it failed (`failed`). */
  error?: string;
}

export interface AttachmentsState {
  items: Attachment[];
  /** A sentence about the last add (a fifth picture, a file that is not a picture). */
  notice: string | null;
}

export type AttachmentsAction =
  /** `refused`: sentences for files not added (too many, wrong type). */
  | { type: 'add'; items: { key: string; name: string }[]; refused?: string[] }
  | { type: 'prepared'; key: string; preview: string }
  | { type: 'uploaded'; key: string; image: UploadedImage }
  | { type: 'failed'; key: string; error: string; preview?: string }
  | { type: 'remove'; key: string }
  /** Everything sent (or thrown away). */
  | { type: 'clear' }
  | { type: 'notice'; text: string | null };

export const initialAttachments: AttachmentsState = { items: [], notice: null };

/** How many of `n` new pictures fit beside the ones attached already. */
export const room = (state: AttachmentsState, n: number) => Math.max(0, Math.min(n, MAX_IMAGES_PER_MESSAGE - state.items.length));

function patch(state: AttachmentsState, key: string, change: (a: Attachment) => Attachment): AttachmentsState {
  const i = state.items.findIndex((a) => a.key === key);
  if (i === -1) return state; // removed meanwhile
  const items = state.items.slice();
  items[i] = change(items[i]);
  return { ...state, items };
}

export function attachmentsReducer(state: AttachmentsState, action: AttachmentsAction): AttachmentsState {
  switch (action.type) {
    case 'add': {
      const fit = action.items.slice(0, room(state, action.items.length));
      const refused = [...(action.refused ?? [])];
      if (fit.length < action.items.length) refused.push(imageText.tooMany);
      return {
        items: [...state.items, ...fit.map((x) => ({ ...x, status: 'preparing' as const }))],
        notice: refused.length ? refused.join(' ') : null,
      };
    }
    case 'prepared':
      return patch(state, action.key, (a) => (a.status === 'preparing' ? { ...a, status: 'uploading', preview: action.preview } : a));
    case 'uploaded':
      return patch(state, action.key, (a) => (a.status === 'uploading' ? { ...a, status: 'ready', image: action.image } : a));
    case 'failed':
      return patch(state, action.key, (a) => ({ ...a, status: 'failed', error: action.error, preview: a.preview ?? action.preview }));
    case 'remove': {
      const items = state.items.filter((a) => a.key !== action.key);
      return items.length === state.items.length ? state : { items, notice: null };
    }
    case 'clear':
      return initialAttachments;
    case 'notice':
      return state.notice === action.text ? state : { ...state, notice: action.text };
  }
}

/** The pictures ready to send, as the message's image parts (ids in order). */
export function readyParts(state: AttachmentsState): ImagePart[] {
  return state.items.flatMap((a) =>
    a.status === 'ready' && a.image
      ? [{ type: 'image' as const, image_id: a.image.id, content_type: a.image.content_type, width: a.image.width, height: a.image.height }]
      : [],
  );
}

/**
 * Why Send must wait (null: it may send): a picture still on its way, or one that failed
 * (removed first, so nothing is silently left out).
 */
export function sendBlock(state: AttachmentsState): string | null {
  if (state.items.some((a) => a.status === 'preparing' || a.status === 'uploading')) return imageText.waitUpload;
  if (state.items.some((a) => a.status === 'failed')) return imageText.removeFailed;
  return null;
}
