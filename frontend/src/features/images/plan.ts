// What the browser does with a picture before uploading it: the pure decisions (size,
// output type, quality), unit-tested; downscale.ts carries them out with a canvas.
import { isAcceptedType, JPEG_QUALITY, JPEG_QUALITY_LOW, MAX_EDGE, MAX_IMAGE_BYTES, SCREENSHOT_MAX_PIXELS } from './limits';

export interface Source {
  /** The file's MIME type (`image/png`, …). */
  type: string;
  bytes: number;
  width: number;
  height: number;
  /** Some pixel is not fully opaque (unknown/false for JPEG). */
  alpha: boolean;
}

export type OutputType = 'image/png' | 'image/jpeg';

export type Plan =
  | { kind: 'refuse'; reason: 'type' | 'too_large' }
  /** Upload the file as it is (a GIF under the limit keeps its animation). */
  | { kind: 'keep' }
  /** Draw it at this size and encode it (which also drops EXIF data such as a photo's location). */
  | { kind: 'encode'; width: number; height: number; type: OutputType; quality?: number };

/** The size that fits `MAX_EDGE` on the long edge, keeping the aspect ratio (never enlarged). */
export function fitSize(width: number, height: number, maxEdge = MAX_EDGE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxEdge) return { width, height };
  const scale = maxEdge / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether the type is decided before decoding: refuse other types, keep a small GIF as it is. */
export function precheck(type: string, bytes: number): Plan | null {
  if (!isAcceptedType(type)) return { kind: 'refuse', reason: 'type' };
  if (type.toLowerCase() === 'image/gif' && bytes <= MAX_IMAGE_BYTES) return { kind: 'keep' };
  return null;
}

/**
 * The plan for a decoded picture. PNG when it has transparency, or when it was a PNG that
 * stays small (a screenshot: text stays sharp); else JPEG at `JPEG_QUALITY`.
 */
export function planImage(src: Source): Plan {
  const early = precheck(src.type, src.bytes);
  if (early) return early;
  const size = fitSize(src.width, src.height);
  const screenshot = src.type.toLowerCase() === 'image/png' && size.width * size.height <= SCREENSHOT_MAX_PIXELS;
  if (src.alpha || screenshot) return { kind: 'encode', ...size, type: 'image/png' };
  return { kind: 'encode', ...size, type: 'image/jpeg', quality: JPEG_QUALITY };
}

/**
 * The encoded result was `bytes` long: null when it fits, else the next try — an opaque
 * PNG as JPEG, a JPEG at a lower quality, a transparent PNG at a smaller size — or a refusal.
 */
export function nextTry(prev: Extract<Plan, { kind: 'encode' }>, bytes: number, alpha: boolean): Plan | null {
  if (bytes <= MAX_IMAGE_BYTES) return null;
  if (prev.type === 'image/png' && !alpha) return { ...prev, type: 'image/jpeg', quality: JPEG_QUALITY };
  if (prev.type === 'image/jpeg' && (prev.quality ?? 1) > JPEG_QUALITY_LOW) return { ...prev, quality: JPEG_QUALITY_LOW };
  if (prev.type === 'image/png' && Math.max(prev.width, prev.height) > MAX_EDGE / 2) {
    return { ...prev, ...fitSize(prev.width, prev.height, Math.round(Math.max(prev.width, prev.height) * 0.7)) };
  }
  return { kind: 'refuse', reason: 'too_large' };
}
