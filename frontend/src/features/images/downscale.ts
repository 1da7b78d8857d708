// Shrinks a picture in the browser before upload (a lazily loaded chunk): decode with
// createImageBitmap, draw on an (Offscreen)Canvas at the planned size, encode. The
// decisions are plan.ts's.
import { nextTry, planImage, precheck, type Plan } from './plan';

export interface Prepared {
  blob: Blob;
  width: number;
  height: number;
}

/** Why a picture is not uploaded: `type` (not PNG/JPEG/WebP/GIF), `too_large`, `unreadable`. */
export class ImageRefused extends Error {
  constructor(public readonly reason: 'type' | 'too_large' | 'unreadable') {
    super(reason);
    this.name = 'ImageRefused';
  }
}

type Canvas = OffscreenCanvas | HTMLCanvasElement;

function makeCanvas(width: number, height: number): Canvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function context(c: Canvas): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D {
  const ctx = c.getContext('2d', { willReadFrequently: false }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new ImageRefused('unreadable');
  return ctx;
}

async function encode(c: Canvas, type: string, quality?: number): Promise<Blob> {
  if ('convertToBlob' in c) return c.convertToBlob({ type, quality });
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new ImageRefused('unreadable'))), type, quality),
  );
}

/** Whether any pixel is not fully opaque (checked on a small copy: fast, good enough). */
function hasAlpha(bitmap: ImageBitmap): boolean {
  const w = Math.min(bitmap.width, 256);
  const h = Math.min(bitmap.height, 256);
  const c = makeCanvas(w, h);
  const ctx = context(c);
  ctx.drawImage(bitmap, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h).data;
  for (let i = 3; i < data.length; i += 4) if (data[i] < 255) return true;
  return false;
}

/** The picture to upload for `file`; throws ImageRefused. */
export async function prepareImage(file: Blob): Promise<Prepared> {
  const type = file.type.toLowerCase();
  const early = precheck(type, file.size);
  if (early?.kind === 'refuse') throw new ImageRefused(early.reason);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageRefused('unreadable');
  }
  try {
    if (early?.kind === 'keep') return { blob: file, width: bitmap.width, height: bitmap.height };
    const alpha = type === 'image/jpeg' ? false : hasAlpha(bitmap);
    let plan: Plan | null = planImage({ type, bytes: file.size, width: bitmap.width, height: bitmap.height, alpha });
    while (plan && plan.kind === 'encode') {
      const c = makeCanvas(plan.width, plan.height);
      const ctx = context(c);
      ctx.imageSmoothingQuality = 'high';
      if (plan.type === 'image/jpeg') {
        // JPEG has no transparency: what was transparent becomes white, not black.
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, plan.width, plan.height);
      }
      ctx.drawImage(bitmap, 0, 0, plan.width, plan.height);
      const blob = await encode(c, plan.type, plan.quality);
      const next = nextTry(plan, blob.size, alpha);
      if (!next) return { blob, width: plan.width, height: plan.height };
      plan = next;
    }
    throw new ImageRefused(plan?.kind === 'refuse' ? plan.reason : 'unreadable');
  } finally {
    bitmap.close();
  }
}
