// Pictures in the chat (docs/api.md, "Images"): the limits the server enforces, mirrored
// here so the browser can say so before uploading, and every sentence this feature shows
// (one place for the translators).

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

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Every sentence the pictures feature shows. */
export const imageText = {
  attach: 'Attach pictures',
  attached: 'Attached pictures',
  offline: 'The connection to the server was lost. Check your network and try again.',
  camera: 'Take a photo',
  remove: (name: string) => `Remove ${name}`,
  preparing: 'Preparing…',
  uploading: 'Uploading…',
  failed: 'Upload failed',
  tooMany: `You can attach at most ${MAX_IMAGES_PER_MESSAGE} pictures to a message.`,
  unsupported: (name: string) => `${name} is not a picture Nexus can send. Use PNG, JPEG, WebP or GIF.`,
  tooLarge: (name: string) => `${name} is still larger than ${mb(MAX_IMAGE_BYTES)} after shrinking it. Try a smaller picture.`,
  unreadable: (name: string) => `${name} could not be read as a picture.`,
  cannotSee: (model: string) => `${model} can't see images — choose a model that can, or remove the pictures.`,
  attachOff: (model: string) => `${model} can't see images — choose a model that can.`,
  waitUpload: 'Wait for the pictures to finish uploading.',
  removeFailed: 'Remove the pictures that could not be uploaded.',
  takesImages: 'Can see images',
  drop: 'Drop pictures to attach them',
  alt: (n: number, of: number) => (of > 1 ? `Attached picture ${n} of ${of}` : 'Attached picture'),
  open: 'Open the picture',
  close: 'Close',
  openTab: 'Open in a new tab',
  lightbox: 'Picture',
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
