// Pictures in the chat (docs/api.md, "Images"): the limits the server enforces, mirrored
// here so the browser can say so before uploading, and every sentence this feature shows
// (their keys: `images.*` in src/i18n).

import { formatNumber, t } from '../../i18n';

/** Pictures per message (the server's MAX_IMAGES_PER_MESSAGE). */
export const MAX_IMAGES_PER_MESSAGE = 4;
/** Bytes per picture (the server's MAX_IMAGE_BYTES: 5 MiB, Anthropic's per-image limit). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** The browser shrinks a picture to at most this many pixels on its long edge before upload. */
export const MAX_EDGE = 2048;
/** A PNG whose result has at most this many pixels stays PNG (a screenshot: sharp text). */
export const SCREENSHOT_MAX_PIXELS = 2_100_000;
/** JPEG quality of a shrunk photo, and the lower one tried when that is still too large. */
export const JPEG_QUALITY = 0.85;
export const JPEG_QUALITY_LOW = 0.7;
/** The types the server accepts (sniffed from the bytes there). */
export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** For `<input type=file accept>`. */
export const ACCEPT = ACCEPTED_TYPES.join(',');

export const isAcceptedType = (type: string) => (ACCEPTED_TYPES as readonly string[]).includes(type.toLowerCase());

const mb = (bytes: number) => `${formatNumber(Math.round(bytes / (1024 * 1024)))} MB`;

/** Every sentence the pictures feature shows (read at use, so they follow the language). */
export const imageText = {
  get attach() { return t('images.attach'); },
  get camera() { return t('images.camera'); },
  remove: (name: string) => t('images.remove', { name }),
  get preparing() { return t('images.preparing'); },
  get uploading() { return t('images.uploading'); },
  get failed() { return t('images.failed'); },
  get tooMany() { return t('images.tooMany', { count: MAX_IMAGES_PER_MESSAGE }); },
  unsupported: (name: string) => t('images.unsupported', { name }),
  tooLarge: (name: string) => t('images.tooLarge', { name, size: mb(MAX_IMAGE_BYTES) }),
  unreadable: (name: string) => t('images.unreadable', { name }),
  cannotSee: (model: string) => t('images.cannotSee', { model }),
  attachOff: (model: string) => t('images.attachOff', { model }),
  get waitUpload() { return t('images.waitUpload'); },
  get removeFailed() { return t('images.removeFailed'); },
  get takesImages() { return t('images.takesImages'); },
  get drop() { return t('images.drop'); },
  alt: (n: number, of: number) => (of > 1 ? t('images.altNofM', { n, of }) : t('images.alt')),
  get open() { return t('images.open'); },
  get close() { return t('common.close'); },
  get openTab() { return t('images.openTab'); },
  get lightbox() { return t('images.lightbox'); },
  get attached() { return t('images.attached'); },
  get offline() { return t('images.offline'); },
};

/** The sentence for an error the server answered about a picture (by its code), else null. */
export function imageErrorText(code: string | undefined, name: string, model?: string): string | null {
  switch (code) {
    case 'image_too_large':
      return imageText.tooLarge(name);
    case 'unsupported_image':
      return imageText.unsupported(name);
    case 'too_many_images':
      return imageText.tooMany;
    case 'images_not_supported':
      return model ? imageText.cannotSee(model) : null;
    default:
      return null;
  }
}
