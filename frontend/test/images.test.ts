import { describe, expect, it } from 'vitest';
import type { MessagePart, UploadedImage } from '../src/api/types';
import { chatReducer, initialChatState } from '../src/hooks/chatReducer';
import {
  attachmentsReducer,
  initialAttachments,
  readyParts,
  room,
  sendBlock,
  type AttachmentsState,
} from '../src/features/images/attachments';
import { imageErrorText, imageText, isAcceptedType, MAX_IMAGE_BYTES } from '../src/features/images/limits';
import { imagePartsOf, thumbSize } from '../src/features/images/parts';
import { fitSize, nextTry, planImage, precheck } from '../src/features/images/plan';

const MB = 1024 * 1024;

describe('downscale plan', () => {
  it('fits the long edge to 2048 px keeping the aspect ratio, never enlarging', () => {
    expect(fitSize(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fitSize(3000, 6000)).toEqual({ width: 1024, height: 2048 });
    expect(fitSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitSize(2048, 10)).toEqual({ width: 2048, height: 10 });
    expect(fitSize(100000, 10)).toEqual({ width: 2048, height: 1 });
  });

  it('refuses types the server does not take', () => {
    for (const type of ['image/svg+xml', 'image/heic', 'image/bmp', 'application/pdf', 'text/plain', ''])
      expect(precheck(type, 1000)).toEqual({ kind: 'refuse', reason: 'type' });
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'IMAGE/PNG']) expect(isAcceptedType(type)).toBe(true);
  });

  it('keeps a GIF under the limit as it is (its animation), shrinks one over it', () => {
    expect(precheck('image/gif', MAX_IMAGE_BYTES)).toEqual({ kind: 'keep' });
    expect(planImage({ type: 'image/gif', bytes: 2 * MB, width: 4000, height: 4000, alpha: true })).toEqual({ kind: 'keep' });
    expect(planImage({ type: 'image/gif', bytes: 6 * MB, width: 4000, height: 2000, alpha: true })).toEqual({
      kind: 'encode',
      width: 2048,
      height: 1024,
      type: 'image/png',
    });
  });

  it('makes a photo a JPEG at quality 0.85', () => {
    expect(planImage({ type: 'image/jpeg', bytes: 8 * MB, width: 4032, height: 3024, alpha: false })).toEqual({
      kind: 'encode',
      width: 2048,
      height: 1536,
      type: 'image/jpeg',
      quality: 0.85,
    });
    // A large opaque PNG (a photo saved as PNG) becomes a JPEG too.
    expect(planImage({ type: 'image/png', bytes: 20 * MB, width: 6000, height: 4000, alpha: false })).toMatchObject({
      type: 'image/jpeg',
      width: 2048,
      height: 1365,
    });
    expect(planImage({ type: 'image/webp', bytes: 300_000, width: 1200, height: 800, alpha: false })).toMatchObject({ type: 'image/jpeg' });
  });

  it('keeps PNG for transparency and for a small screenshot', () => {
    expect(planImage({ type: 'image/webp', bytes: 300_000, width: 1200, height: 800, alpha: true })).toEqual({
      kind: 'encode',
      width: 1200,
      height: 800,
      type: 'image/png',
    });
    expect(planImage({ type: 'image/png', bytes: 400_000, width: 1440, height: 900, alpha: false })).toMatchObject({ type: 'image/png' });
    // A 4K screenshot is shrunk to 2048×1152 (2.4 MP): more than a small screenshot.
    expect(planImage({ type: 'image/png', bytes: 3 * MB, width: 3840, height: 2160, alpha: false })).toMatchObject({ type: 'image/jpeg' });
  });

  it('tries smaller encodings when the result is still over 5 MiB, then refuses', () => {
    const png = { kind: 'encode' as const, width: 2048, height: 2048, type: 'image/png' as const };
    expect(nextTry(png, MAX_IMAGE_BYTES, false)).toBeNull();
    expect(nextTry(png, MAX_IMAGE_BYTES + 1, false)).toEqual({ ...png, type: 'image/jpeg', quality: 0.85 });
    expect(nextTry({ ...png, type: 'image/jpeg', quality: 0.85 }, 6 * MB, false)).toEqual({ ...png, type: 'image/jpeg', quality: 0.7 });
    expect(nextTry({ ...png, type: 'image/jpeg', quality: 0.7 }, 6 * MB, false)).toEqual({ kind: 'refuse', reason: 'too_large' });
    // Transparent: stays PNG, smaller, down to half the edge.
    const smaller = nextTry(png, 6 * MB, true);
    expect(smaller).toEqual({ ...png, width: 1434, height: 1434 });
    expect(nextTry({ ...png, width: 1000, height: 1000 }, 6 * MB, true)).toEqual({ kind: 'refuse', reason: 'too_large' });
  });
});

const uploaded = (id: string): UploadedImage => ({ id, content_type: 'image/png', bytes: 10, width: 40, height: 30, created_at: 'now' });
const add = (s: AttachmentsState, ...keys: string[]) =>
  attachmentsReducer(s, { type: 'add', items: keys.map((key) => ({ key, name: `${key}.png` })) });

describe('attachments', () => {
  it('goes preparing → uploading → ready, and only ready ones are sent', () => {
    let s = add(initialAttachments, 'a', 'b');
    expect(s.items.map((a) => a.status)).toEqual(['preparing', 'preparing']);
    expect(sendBlock(s)).toBe(imageText.waitUpload);
    s = attachmentsReducer(s, { type: 'prepared', key: 'a', preview: 'blob:a' });
    s = attachmentsReducer(s, { type: 'uploaded', key: 'a', image: uploaded('ia') });
    expect(s.items[0]).toMatchObject({ status: 'ready', preview: 'blob:a', image: { id: 'ia' } });
    expect(readyParts(s)).toEqual([{ type: 'image', image_id: 'ia', content_type: 'image/png', width: 40, height: 30 }]);
    s = attachmentsReducer(s, { type: 'prepared', key: 'b', preview: 'blob:b' });
    s = attachmentsReducer(s, { type: 'failed', key: 'b', error: 'too big' });
    expect(s.items[1]).toMatchObject({ status: 'failed', error: 'too big', preview: 'blob:b' });
    expect(sendBlock(s)).toBe(imageText.removeFailed);
    s = attachmentsReducer(s, { type: 'remove', key: 'b' });
    expect(sendBlock(s)).toBeNull();
    expect(s.items.map((a) => a.key)).toEqual(['a']);
    expect(attachmentsReducer(s, { type: 'clear' })).toEqual(initialAttachments);
  });

  it('takes at most 4 and says so when a fifth is added', () => {
    let s = add(initialAttachments, 'a', 'b', 'c');
    expect(room(s, 5)).toBe(1);
    s = add(s, 'd', 'e');
    expect(s.items.map((a) => a.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.notice).toBe(imageText.tooMany);
    expect(s.notice).toMatch(/at most 4 pictures/);
    // Removing one makes room again and clears the notice.
    s = attachmentsReducer(s, { type: 'remove', key: 'a' });
    expect(s.notice).toBeNull();
    expect(room(s, 3)).toBe(1);
  });

  it('ignores steps of a picture removed meanwhile, and keeps refusals as the notice', () => {
    let s = add(initialAttachments, 'a');
    s = attachmentsReducer(s, { type: 'remove', key: 'a' });
    expect(attachmentsReducer(s, { type: 'uploaded', key: 'a', image: uploaded('x') })).toBe(s);
    s = attachmentsReducer(s, { type: 'add', items: [], refused: ['doc.pdf is not a picture'] });
    expect(s.notice).toBe('doc.pdf is not a picture');
  });

  it('says what a refusal by the server means', () => {
    expect(imageErrorText('image_too_large', 'cat.png')).toMatch(/cat\.png is still larger than 5 MB/);
    expect(imageErrorText('unsupported_image', 'x.png')).toMatch(/PNG, JPEG, WebP or GIF/);
    expect(imageErrorText('too_many_images', 'x')).toBe(imageText.tooMany);
    expect(imageErrorText('images_not_supported', 'x', 'Llama')).toBe("Llama can't see images — choose a model that can, or remove the pictures.");
    expect(imageErrorText('not_found', 'x')).toBeNull();
  });
});

describe('image parts', () => {
  it('finds a message’s pictures and sizes their thumbnails', () => {
    const parts = [
      { type: 'image', image_id: 'i1', content_type: 'image/png', width: 800, height: 600 },
      { type: 'text', text: 'look' },
      { type: 'image' }, // no id: not shown
    ] as unknown as MessagePart[];
    expect(imagePartsOf({ parts }).map((p) => p.image_id)).toEqual(['i1']);
    expect(imagePartsOf({ parts: null })).toEqual([]);
    expect(thumbSize(800, 600)).toEqual({ width: 192, height: 144 });
    expect(thumbSize(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbSize(0, 0)).toEqual({ width: 192, height: 192 });
  });

  it('shows the pictures in the sent message and keeps them for Retry', () => {
    const images = [{ type: 'image' as const, image_id: 'i1', content_type: 'image/png' as const, width: 8, height: 6 }];
    let s = chatReducer(initialChatState, {
      type: 'submit',
      conversationId: 'c1',
      content: '',
      images,
      userId: 'tmp-u',
      assistantId: 'tmp-a',
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(s.messages[0].parts).toEqual([...images, { type: 'text', text: '' }]);
    s = chatReducer(s, { type: 'fail', message: 'nope', code: 'images_not_supported' });
    expect(s.error).toMatchObject({ content: '', images, stored: false, code: 'images_not_supported' });
  });
});
