import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import type { UploadedImage } from '../src/api/types';
import { useAttachments } from '../src/features/images/useAttachments';

// The canvas work needs a real browser (e2e/images.test.mjs); here the shrinking is a pass-through.
const prepare = async (f: Blob) => {
  if (f.size > 100) throw Object.assign(new Error('too_large'), { reason: 'too_large' });
  return { blob: f };
};

const file = (name: string, type = 'image/png', size = 10) => new File([new Uint8Array(size)], name, { type });
const stored = (id: string): UploadedImage => ({ id, content_type: 'image/png', bytes: 10, width: 1, height: 1, created_at: 'now' });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  let n = 0;
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => `blob:${++n}`, revokeObjectURL: vi.fn() }));
});
afterEach(() => vi.unstubAllGlobals());

describe('useAttachments', () => {
  it('uploads each picture at once and deletes a removed one on the server', async () => {
    let n = 0;
    const api = { upload: vi.fn(async () => stored(`i${++n}`)), remove: vi.fn(async () => {}) };
    const { result } = renderHook(() => useAttachments({ api, prepare }));
    act(() => result.current.add([file('a.png'), file('b.png')]));
    await vi.waitFor(() => expect(result.current.ready.map((p) => p.image_id)).toEqual(['i1', 'i2']));
    expect(api.upload).toHaveBeenCalledTimes(2);
    act(() => result.current.remove(result.current.items[0].key));
    expect(api.remove).toHaveBeenCalledWith('i1');
    expect(result.current.ready.map((p) => p.image_id)).toEqual(['i2']);
    // Sent: cleared without deleting anything.
    act(() => result.current.clear());
    expect(result.current.items).toEqual([]);
    expect(api.remove).toHaveBeenCalledTimes(1);
  });

  it('deletes a picture removed while it was uploading, once the server has it', async () => {
    const d = deferred<UploadedImage>();
    const api = { upload: vi.fn(() => d.promise), remove: vi.fn(async () => {}) };
    const { result } = renderHook(() => useAttachments({ api, prepare }));
    act(() => result.current.add([file('a.png')]));
    await vi.waitFor(() => expect(result.current.items[0].status).toBe('uploading'));
    expect(result.current.block).toMatch(/finish uploading/);
    act(() => result.current.remove(result.current.items[0].key));
    await act(async () => d.resolve(stored('late')));
    await vi.waitFor(() => expect(api.remove).toHaveBeenCalledWith('late'));
    expect(result.current.items).toEqual([]);
  });

  it('says why a picture failed: too large after shrinking, refused by the server, not a picture, a fifth', async () => {
    const api = {
      upload: vi.fn(async () => {
        throw new ApiError(415, 'Unsupported.', 'unsupported_image');
      }),
      remove: vi.fn(async () => {}),
    };
    const { result } = renderHook(() => useAttachments({ api, prepare }));
    act(() => result.current.add([file('huge.png', 'image/png', 500), file('odd.png'), file('doc.pdf', 'application/pdf')]));
    expect(result.current.notice).toMatch(/doc\.pdf is not a picture Nexus can send/);
    await vi.waitFor(() => expect(result.current.items.map((a) => a.status)).toEqual(['failed', 'failed']));
    expect(result.current.items[0].error).toMatch(/huge\.png is still larger than 5 MB after shrinking/);
    expect(result.current.items[1].error).toMatch(/odd\.png is not a picture Nexus can send\. Use PNG, JPEG, WebP or GIF/);
    expect(result.current.block).toMatch(/Remove the pictures/);
    act(() => result.current.add([file('1.png'), file('2.png'), file('3.png')]));
    expect(result.current.items).toHaveLength(4);
    expect(result.current.notice).toMatch(/at most 4 pictures/);
  });
});
