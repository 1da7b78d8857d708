// The pictures of a message (its `image` parts, docs/api.md "Messages").
import type { ImagePart, MessagePart } from '../../api/types';

export const isImagePart = (p: MessagePart): p is ImagePart =>
  p.type === 'image' && typeof (p as ImagePart).image_id === 'string';

/** The message's pictures, in order ([] when it has none). */
export function imagePartsOf(m: { parts?: readonly MessagePart[] | null } | null | undefined): ImagePart[] {
  return m?.parts?.filter(isImagePart) ?? [];
}

/** The size to show a picture at: within `box` (never enlarged), keeping its aspect ratio. */
export function thumbSize(width: number, height: number, box = 192): { width: number; height: number } {
  const w = width > 0 ? width : box;
  const h = height > 0 ? height : box;
  const scale = Math.min(1, box / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}
