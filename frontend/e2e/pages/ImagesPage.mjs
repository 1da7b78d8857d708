// Page object for pictures in the chat: the composer's attach controls and thumbnails,
// pictures in messages, the lightbox.
import assert from 'node:assert/strict';

export class ImagesPage {
  constructor(page) {
    this.page = page;
    this.attachButton = page.getByTestId('attach-button');
    this.cameraButton = page.getByTestId('camera-button');
    this.cameraInput = page.getByTestId('camera-input');
    this.tray = page.getByTestId('attachments');
    this.thumbs = page.getByTestId('attachment');
    this.error = page.getByTestId('attachments-error');
    this.lightbox = page.getByTestId('lightbox');
  }

  /** Waits for the upload(s) that `action` starts; returns `[{ request, body }]` (the POST /api/images answers). */
  async uploads(action, n = 1) {
    const seen = [];
    const done = new Promise((resolve) => {
      const on = async (res) => {
        if (!(res.url().endsWith('/api/images') && res.request().method() === 'POST')) return;
        seen.push({ request: res.request(), status: res.status(), body: await res.json() });
        if (seen.length === n) {
          this.page.off('response', on);
          resolve();
        }
      };
      this.page.on('response', on);
    });
    await action();
    await done;
    return seen;
  }

  /** Through the button and the browser's file chooser. `files`: `{ name, mimeType, buffer }`. */
  async choose(...files) {
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.attachButton.click()]);
    assert.equal(chooser.isMultiple(), true, 'several pictures at once');
    await chooser.setFiles(files, { timeout: 60_000 }); // a large file on a busy machine
  }

  /** A paste into the message field with these files on the clipboard. */
  async paste(...files) {
    await this.page.getByTestId('composer-input').evaluate(
      (el, list) => {
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.mimeType }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      },
      files.map((f) => ({ name: f.name, mimeType: f.mimeType, b64: f.buffer.toString('base64') })),
    );
  }

  /** Drags these files over the message list and drops them there. */
  async drop(...files) {
    const dt = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.mimeType }));
      return dt;
    }, files.map((f) => ({ name: f.name, mimeType: f.mimeType, b64: f.buffer.toString('base64') })));
    const target = this.page.getByTestId('message-scroll');
    await target.dispatchEvent('dragenter', { dataTransfer: dt });
    await target.dispatchEvent('dragover', { dataTransfer: dt });
    await this.page.getByTestId('drop-overlay').waitFor();
    await target.dispatchEvent('drop', { dataTransfer: dt });
    await this.page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
  }

  /** Statuses of the thumbnails in the composer. */
  statuses() {
    return this.thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  }
  async waitReady(n) {
    await this.page.waitForFunction(
      (n) => {
        const all = [...document.querySelectorAll('[data-testid=attachment]')];
        return all.length === n && all.every((e) => e.getAttribute('data-status') === 'ready');
      },
      n,
    );
  }
  /** Removes thumbnail `i`; resolves with the DELETE's status. */
  async remove(i) {
    const id = await this.thumbs.nth(i).getAttribute('data-image-id');
    const res = this.page.waitForResponse((r) => r.url().endsWith(`/api/images/${id}`) && r.request().method() === 'DELETE');
    await this.thumbs.nth(i).getByTestId('attachment-remove').click();
    return { id, status: (await res).status() };
  }

  /** Removes thumbnail `i` with the keyboard; resolves with the DELETE's status and where focus went. */
  async removeByKeyboard(i) {
    const id = await this.thumbs.nth(i).getAttribute('data-image-id');
    const res = this.page.waitForResponse((r) => r.url().endsWith(`/api/images/${id}`) && r.request().method() === 'DELETE');
    await this.thumbs.nth(i).getByTestId('attachment-remove').focus();
    await this.page.keyboard.press('Enter');
    const status = (await res).status();
    await this.thumbs.filter({ has: this.page.locator(`[data-image-id="${id}"]`) }).waitFor({ state: 'detached' }).catch(() => {});
    await this.page.waitForFunction(() => document.activeElement && document.activeElement !== document.body);
    const focused = await this.page.evaluate(() => {
      const a = document.activeElement;
      return { testid: a.getAttribute('data-testid'), image: a.closest('[data-image-id]')?.getAttribute('data-image-id') ?? null };
    });
    return { id, status, focused };
  }

  /** The pictures of a message row, once loaded: `[{ id, width, height, natural, loading, alt }]`. */
  async inMessage(row) {
    await row.getByTestId('message-image').first().waitFor();
    await row.page().waitForFunction(
      (el) => [...el.querySelectorAll('[data-testid=message-image] img')].every((i) => i.complete && i.naturalWidth > 0),
      await row.elementHandle(),
    );
    return row.locator('[data-testid=message-image] img').evaluateAll((imgs) =>
      imgs.map((i) => ({
        id: i.closest('[data-image-id]').getAttribute('data-image-id'),
        width: i.getAttribute('width'),
        height: i.getAttribute('height'),
        natural: [i.naturalWidth, i.naturalHeight],
        loading: i.getAttribute('loading'),
        alt: i.getAttribute('alt'),
      })),
    );
  }
}
