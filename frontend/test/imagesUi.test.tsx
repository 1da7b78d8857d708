import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ApiError, imagesApi, imageUrl, sharedImageUrl } from '../src/api/client';
import { Composer } from '../src/components/Composer';
import type { Attachments } from '../src/features/images/useAttachments';
import { MessageImages } from '../src/features/images/MessageImages';

describe('images API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uploads the raw bytes with their type and the header that proves same origin', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ id: 'i1', content_type: 'image/png', bytes: 3, width: 1, height: 1, created_at: 'now' }), {
          status: 201,
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    expect((await imagesApi.upload(blob)).id).toBe('i1');
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/images');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(blob);
    expect(init.headers).toMatchObject({ 'X-Requested-With': 'nexus', 'Content-Type': 'image/png' });
  });

  it('passes on the server’s code (413 image_too_large)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'Too large.', code: 'image_too_large' }), { status: 413 })));
    const err = await imagesApi.upload(new Blob(['x'], { type: 'image/png' })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'image_too_large' });
  });

  it('builds picture addresses', () => {
    expect(imageUrl('a/b')).toBe('/api/images/a%2Fb');
    expect(sharedImageUrl('tok', 'i1')).toBe('/api/shared/tok/images/i1');
  });
});

function fakeAttachments(over: Partial<Attachments> = {}): Attachments {
  return {
    items: [],
    notice: null,
    ready: [],
    block: null,
    add: vi.fn(),
    remove: vi.fn(),
    clear: vi.fn(),
    say: vi.fn(),
    dismissNotice: vi.fn(),
    onPaste: vi.fn(),
    dropProps: {} as Attachments['dropProps'],
    dragging: false,
    ...over,
  };
}

const ready = {
  items: [{ key: 'k', name: 'cat.png', status: 'ready' as const, image: { id: 'i1', content_type: 'image/png' as const, bytes: 1, width: 4, height: 3, created_at: '' } }],
  ready: [{ type: 'image' as const, image_id: 'i1', content_type: 'image/png' as const, width: 4, height: 3 }],
};

describe('composer with pictures', () => {
  afterEach(cleanup);

  it('sends pictures without text, then clears them', async () => {
    const onSend = vi.fn(async () => true);
    const attachments = fakeAttachments(ready);
    render(<Composer status="idle" onSend={onSend} onStop={() => {}} attachments={attachments} />);
    const send = screen.getByTestId('send-button');
    expect((send as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(send);
    await vi.waitFor(() => expect(attachments.clear).toHaveBeenCalled());
    expect(onSend).toHaveBeenCalledWith('', ready.ready);
  });

  it('blocks Send and says why when the model cannot see images', () => {
    const onSend = vi.fn(async () => true);
    const attachments = fakeAttachments(ready);
    render(<Composer status="idle" onSend={onSend} onStop={() => {}} attachments={attachments} imagesOffModel="Llama 3" />);
    expect(screen.getByTestId('attachments-error').textContent).toBe("Llama 3 can't see images — choose a model that can, or remove the pictures.");
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'hello' } });
    fireEvent.keyDown(screen.getByTestId('composer-input'), { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    // Attaching is off, and says so when pressed.
    const attach = screen.getByTestId('attach-button');
    expect(attach.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(attach);
    expect(attachments.say).toHaveBeenCalledWith("Llama 3 can't see images — choose a model that can.");
  });

  it('waits for uploads before sending', () => {
    const attachments = fakeAttachments({ items: [{ key: 'k', name: 'a.png', status: 'uploading' }], block: 'Wait for the pictures to finish uploading.' });
    render(<Composer status="idle" onSend={vi.fn()} onStop={() => {}} attachments={attachments} />);
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'hello' } });
    expect((screen.getByTestId('send-button') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('send-button').getAttribute('title')).toBe('Wait for the pictures to finish uploading.');
  });
});

describe('message pictures', () => {
  afterEach(cleanup);

  it('have their size, lazy loading and alt text before they load', () => {
    render(
      <MessageImages
        images={[
          { type: 'image', image_id: 'i1', content_type: 'image/png', width: 800, height: 600 },
          { type: 'image', image_id: 'i2', content_type: 'image/jpeg', width: 100, height: 400 },
        ]}
        src={(id) => `/x/${id}`}
      />,
    );
    const imgs = screen.getAllByRole('img');
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('width'), i.getAttribute('height'), i.getAttribute('loading')])).toEqual([
      ['/x/i1', '192', '144', 'lazy'],
      ['/x/i2', '48', '192', 'lazy'],
    ]);
    expect(imgs[0].getAttribute('alt')).toBe('Attached picture 1 of 2');
  });
});

describe('model picker', () => {
  afterEach(cleanup);

  it('marks the models that can see images', async () => {
    const { ModelSelector } = await import('../src/components/ModelSelector');
    const m = (id: string, images?: boolean) => ({
      id,
      name: id,
      provider: 'x',
      context_length: null,
      prompt_price_per_mtok: null,
      completion_price_per_mtok: null,
      connection_id: 'default',
      ...(images === undefined ? {} : { images }),
    });
    const models = {
      models: [m('x/vision', true), m('x/text', false), m('x/old')],
      connections: [],
      status: 'ready',
      error: null,
      warning: null,
      load: vi.fn(async () => {}),
      invalidate: vi.fn(),
    } as unknown as Parameters<typeof ModelSelector>[0]['models'];
    render(<ModelSelector value="x/text" models={models} onChange={() => {}} />);
    fireEvent.click(screen.getByTestId('model-selector-button'));
    const marked = screen.getAllByRole('option').filter((o) => o.querySelector('[data-testid=model-takes-images]'));
    expect(marked.map((o) => o.getAttribute('data-model-id'))).toEqual(['x/vision']);
    expect(marked[0].textContent).toMatch(/Can see images/);
  });
});
