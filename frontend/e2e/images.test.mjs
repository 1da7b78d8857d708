// Pictures in the chat (issue 12): attach by the file chooser, paste and drop; shrunk in
// the browser before upload; thumbnails with remove; sent with the text; shown in the
// conversation after a reload and on a share page; a model that cannot see images.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { newPage, PHONE, screenshot } from './lib/browser.mjs';
import { imageSize, makePng } from './lib/png.mjs';
import { ImagesPage } from './pages/ImagesPage.mjs';

const env = setup();
const IMAGE_MODEL = 'openai/gpt-4o-mini';
const TEXT_MODEL = 'meta-llama/llama-3.1-8b-instruct:free';
const png = (name, w, h, opts) => ({ name, mimeType: 'image/png', buffer: makePng(w, h, opts) });

/** The bytes the server stores for a picture, read back through the API. */
async function stored(id) {
  const r = await env.fetch(`/api/images/${id}`);
  assert.equal(r.status, 200, `GET /api/images/${id}`);
  return { type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

describe('pictures in the chat', () => {
  it('file chooser: a large PNG is shrunk to 2048 px before upload, sent, shown after a reload and on a share page', async () => {
    const app = await env.open();
    const { page, chat } = app;
    const images = new ImagesPage(page);
    const big = png('holiday.png', 4000, 3000);
    assert.ok(big.buffer.length > 5 * 1024 * 1024, `the test picture is over the server's limit as it is (${big.buffer.length})`);

    const [up] = await images.uploads(() => images.choose(big));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    // An opaque 4000×3000 picture: a JPEG of 2048×1536, well under the limit.
    assert.equal(up.request.headers()['content-type'], 'image/jpeg');
    assert.equal(up.request.headers()['x-requested-with'], 'nexus', 'the same-origin header of every other request');
    assert.deepEqual([up.body.width, up.body.height, up.body.content_type], [2048, 1536, 'image/jpeg']);
    // What the server stored: the bytes the browser made (the picture's own header says 2048×1536).
    const sent = await stored(up.body.id);
    assert.equal(sent.type, 'image/jpeg');
    assert.equal(sent.bytes.length, up.body.bytes);
    assert.ok(sent.bytes.length < 1024 * 1024, `shrunk from ${big.buffer.length} to ${sent.bytes.length} bytes`);
    assert.deepEqual(imageSize(sent.bytes), { type: 'image/jpeg', width: 2048, height: 1536 });
    await images.waitReady(1);
    await screenshot(page, 'desktop-image-attached');

    // Send with text: the request carries the id; the message shows the picture.
    const req = page.waitForRequest((r) => /\/api\/conversations\/[^/]+\/messages$/.test(r.url()) && r.method() === 'POST');
    await chat.send('What is in this picture?');
    assert.deepEqual((await req).postDataJSON().images, [up.body.id]);
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await images.thumbs.count(), 0, 'the composer is empty again');
    const id = chat.conversationId();

    await app.reload();
    const row = chat.user.first();
    const shown = await images.inMessage(row);
    assert.deepEqual(shown, [
      { id: up.body.id, width: '192', height: '144', natural: [2048, 1536], loading: 'lazy', alt: 'Attached picture' },
    ]);
    assert.equal((await row.getByTestId('user-content').innerText()).trim(), 'What is in this picture?');

    // A click opens the full picture; Escape closes it and focus goes back.
    await row.getByTestId('message-image').click();
    await images.lightbox.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=lightbox-image]')?.naturalWidth === 2048);
    await screenshot(page, 'desktop-image-lightbox');
    await page.keyboard.press('Escape');
    await images.lightbox.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'message-image');

    // Edit & resend keeps the picture (the server stores a copy for the new version).
    const edit = page.waitForRequest((r) => /\/api\/conversations\/[^/]+\/messages$/.test(r.url()) && r.method() === 'POST');
    await chat.edit(row, 'And now?');
    assert.deepEqual((await edit).postDataJSON().images, [up.body.id]);
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await app.reload();
    const edited = chat.user.first();
    const copy = await images.inMessage(edited);
    assert.equal(await chat.branchPosition(edited), '2/2');
    assert.equal((await edited.getByTestId('user-content').innerText()).trim(), 'And now?');
    assert.equal(copy.length, 1);
    assert.deepEqual(copy[0].natural, [2048, 1536]);

    // The share page shows it from the share link's own address.
    const share = await env.api('/api/shares', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ conversation_id: id }),
    });
    const { context, page: p, problems } = await newPage(env.browser, env.host.url);
    await p.goto(`/s/${share.token}`);
    const img = p.locator('[data-testid=shared-message][data-role=user] [data-testid=message-image] img');
    await img.waitFor();
    // The branch shown now: the edited version, with its copy of the picture.
    assert.equal(await img.getAttribute('src'), `/api/shared/${share.token}/images/${copy[0].id}`);
    await p.waitForFunction(() => document.querySelector('[data-testid=message-image] img')?.naturalWidth === 2048);
    assert.deepEqual(problems.filter((x) => /pageerror|Content Security Policy/.test(x)), []);
    await context.close();
    env.assertClean(app);
    await app.context.close();
  });

  it('paste and drop attach pictures; a fifth is refused; removing one deletes it; pictures alone can be sent', async () => {
    const app = await env.open();
    const { page, chat } = app;
    const images = new ImagesPage(page);

    const pasted = await images.uploads(() => images.paste(png('clip.png', 300, 200, { alpha: true })));
    // Transparent: stays PNG, at its size.
    assert.deepEqual([pasted[0].body.content_type, pasted[0].body.width, pasted[0].body.height], ['image/png', 300, 200]);
    const dropped = await images.uploads(() => images.drop(png('a.png', 64, 64), png('b.png', 80, 60)), 2);
    assert.deepEqual(dropped.map((d) => d.status), [201, 201]);
    await images.waitReady(3);

    // One more fits, the one after it is refused with a sentence.
    await images.uploads(() => images.paste(png('d.png', 50, 50), png('e.png', 50, 50)));
    await images.waitReady(4);
    assert.match(await images.error.innerText(), /at most 4 pictures/);
    // A file that is not a picture is refused too (after making room).
    const removed = await images.remove(3);
    assert.equal(removed.status, 204);
    assert.equal((await env.fetch(`/api/images/${removed.id}`)).status, 404, 'deleted on the server');
    await images.drop({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    assert.match(await images.error.innerText(), /notes\.pdf is not a picture/);
    assert.equal(await images.thumbs.count(), 3);
    await screenshot(page, 'desktop-images-tray');

    // Removed with the keyboard: focus moves to the neighbour's remove button, not to the page.
    const [extra] = await images.uploads(() => images.paste(png('extra.png', 30, 30)));
    await images.waitReady(4);
    const byKey = await images.removeByKeyboard(3);
    assert.equal(byKey.status, 204);
    assert.equal(byKey.id, extra.body.id);
    assert.deepEqual(byKey.focused, { testid: 'attachment-remove', image: dropped[1].body.id });

    // Pictures alone (no text) can be sent.
    const req = page.waitForRequest((r) => /\/api\/conversations\/[^/]+\/messages$/.test(r.url()) && r.method() === 'POST');
    await chat.sendButton.click();
    const body = (await req).postDataJSON();
    assert.equal(body.content, '');
    assert.deepEqual(body.images, [pasted[0].body.id, ...dropped.map((d) => d.body.id)]);
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const shown = await images.inMessage(chat.user.first());
    assert.equal(shown.length, 3);
    assert.equal(await chat.user.first().getByTestId('user-content').count(), 0, 'no empty bubble');
    env.assertClean(app);
    await app.context.close();
  });

  it('a model that cannot see images: attaching is off and Send is blocked until another model is chosen', async () => {
    const app = await env.open();
    const { page, chat } = app;
    const images = new ImagesPage(page);
    await chat.chooseModel('llama', TEXT_MODEL);
    await page.waitForFunction(() => document.querySelector('[data-testid=attach-button]')?.getAttribute('aria-disabled') === 'true');
    assert.match(await images.attachButton.getAttribute('title'), /can't see images/);
    // Still focusable (aria-disabled): pressing it says why.
    await images.attachButton.focus();
    await page.keyboard.press('Enter');
    assert.match(await images.error.innerText(), /Llama 3\.1 8B \(free\) can't see images — choose a model that can/);

    // A pasted picture is kept, but nothing is sent.
    await images.uploads(() => images.paste(png('x.png', 40, 40)));
    await images.waitReady(1);
    assert.match(await images.error.innerText(), /can't see images — choose a model that can, or remove the pictures/);
    let posted = 0;
    page.on('request', (r) => void (/\/messages$/.test(r.url()) && r.method() === 'POST' && posted++));
    await chat.input.fill('describe it');
    await chat.input.press('Enter');
    assert.equal(await chat.sendButton.isDisabled(), true);
    await page.waitForTimeout(300);
    assert.equal(posted, 0, 'nothing was sent');

    // The picker marks the models that take images.
    await page.getByTestId('model-selector-button').click();
    await page.getByRole('searchbox', { name: 'Search models' }).fill('openai');
    const option = page.locator(`[role=option][data-model-id="${IMAGE_MODEL}"]`);
    assert.equal(await option.getByTestId('model-takes-images').count(), 1);
    await option.click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=send-button]')?.disabled);
    assert.equal(await images.attachButton.getAttribute('aria-disabled'), null);
    await chat.input.press('Enter');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(posted, 1);
    env.assertClean(app);
    await app.context.close();
  });

  it('the server refuses pictures for a model that cannot see them (changed behind the page): the sentence is shown, nothing is stored', async () => {
    const app = await env.open();
    const { page, chat } = app;
    const images = new ImagesPage(page);
    await chat.send('first, text only');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const id = chat.conversationId();
    await images.uploads(() => images.paste(png('late.png', 60, 40)));
    await images.waitReady(1);
    // Another tab switches the conversation to a text-only model; this page still shows the old one.
    await env.api(`/api/conversations/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: TEXT_MODEL }),
    });
    const res = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${id}/messages`) && r.request().method() === 'POST');
    await chat.send('and this picture?');
    const answer = await res;
    assert.equal(answer.status(), 400);
    assert.equal((await answer.json()).code, 'images_not_supported');
    await chat.errorBanner.waitFor();
    assert.match(await chat.errorBanner.innerText(), /cannot see images/);
    const page1 = await env.api(`/api/conversations/${id}/messages`);
    assert.equal(page1.messages.length, 2, 'nothing stored');
    env.assertClean(app);
    await app.context.close();
  });

  it('phone: the attach and camera buttons fit, a picture is sent, no sideways scrolling', async () => {
    const app = await env.open(PHONE);
    const { page, chat } = app;
    const images = new ImagesPage(page);
    for (const b of [images.attachButton, images.cameraButton, chat.input, chat.sendButton]) {
      const box = await b.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844, `in view: ${JSON.stringify(box)}`);
    }
    assert.ok((await chat.input.boundingBox()).width >= 200, 'the text field keeps room to type');
    assert.equal(await images.cameraInput.getAttribute('capture'), 'environment');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), images.cameraButton.tap()]);
    const [up] = await images.uploads(() => chooser.setFiles(png('photo.png', 2400, 3200), { timeout: 60_000 }));
    assert.deepEqual([up.body.width, up.body.height], [1536, 2048]);
    await images.waitReady(1);
    await screenshot(page, 'phone-image-attached');
    await chat.send('from the camera');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await images.inMessage(chat.user.first());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal overflow (${width})`);
    await screenshot(page, 'phone-image-sent');
    env.assertClean(app);
    await app.context.close();
  });
});
