// Offline use (installed app): the service worker serves the app shell and the saved
// conversations without a network, a message sent offline waits in the outbox and goes
// out exactly once when the network returns, and signing out leaves nothing behind.
//
// About `context.setOffline` and service workers (microsoft/playwright#2311): it sets
// `navigator.onLine` and fails the page's own requests, and playwright-core 1.65 also
// sends the offline emulation to the worker's session (`CRServiceWorker.updateOffline`),
// but that is not reliable here: a fetch evaluated in the worker fails, yet the worker's
// fetches for the page after a reload reached the server. So offline here is
// `setOffline(true)` plus a context route that aborts every request the service worker
// makes (`internetdisconnected`), the workaround given in that issue. The test checks it:
// the list shown offline lacks a conversation created on the server meanwhile, so it
// came from the cache, not the network.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { DESKTOP, screenshot } from './lib/browser.mjs';

const env = setup();

/** Waits until the service worker controls the page and keeps answers for `userId`. */
async function workerReady(page, userId) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await page.waitForFunction(async (id) => {
    const r = await (await caches.open('nexus-meta')).match('/__nexus/user');
    return r && (await r.text()) === id;
  }, userId);
}

/** Every cached request URL whose path is under /api/, over all caches of the page's origin. */
function cachedApiUrls(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) if (new URL(req.url).pathname.startsWith('/api/')) out.push(`${name} ${req.url}`);
    }
    return out;
  });
}

/** Requests of the service worker fail as without a network. */
const workerOffline = (route) => (route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue());
async function goOffline(context) {
  await context.route('**/*', workerOffline);
  await context.setOffline(true);
}
async function goOnline(context) {
  await context.unroute('**/*', workerOffline);
  await context.setOffline(false);
}

const post = (path, body, as) =>
  env.api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, as);

describe('offline', () => {
  it('shows saved conversations offline, sends a message typed offline exactly once, and forgets everything on sign-out', async () => {
    const me = await env.createUser('offline');
    const app = await env.open(DESKTOP, '/', { as: me, newSession: true });
    const { page, context, chat, sidebar } = app;
    await workerReady(page, me.user.id);

    // Two conversations, made through the app (their GETs go through the worker).
    await chat.send('first saved chat [[delay=0]]');
    await chat.waitForReplyEnd();
    const a = chat.conversationId();
    await sidebar.newChat();
    await chat.send('second saved chat [[delay=0]]');
    await chat.waitForReplyEnd();
    const b = chat.conversationId();
    // Open both (the list's first page and each conversation are now saved).
    await app.reload();
    await sidebar.select(a);
    await chat.user.filter({ hasText: 'first saved chat' }).waitFor();
    await sidebar.select(b);
    await chat.user.filter({ hasText: 'second saved chat' }).waitFor();
    const saved = (urls) => urls.map((u) => new URL(u.split(' ')[1]).pathname);
    for (let i = 0; ; i++) {
      const paths = saved(await cachedApiUrls(page));
      if ([a, b].every((id) => paths.includes(`/api/conversations/${id}`)) && paths.includes('/api/conversations')) break;
      assert.ok(i < 100, `saved for offline: ${paths}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Offline: the page's requests and the worker's own fail.
    await goOffline(context);
    const [worker] = context.serviceWorkers();
    assert.ok(worker, 'a service worker runs');
    assert.equal(await worker.evaluate(() => fetch('/api/health').then(() => 'reached', () => 'failed')), 'failed');
    // Meanwhile a third conversation appears on the server: offline, it cannot be known.
    const c = await post('/api/conversations', {}, me);
    assert.ok(c.id);

    // Reload: the shell comes from the worker, the saved list and conversation show, marked offline.
    await app.reload();
    await chat.offlineBanner.waitFor();
    assert.match(await chat.offlineBanner.innerText(), /Offline — showing saved conversations \(read-only\)/);
    await chat.user.filter({ hasText: 'second saved chat' }).waitFor();
    assert.match(await chat.lastAssistantText(), /^You said: second saved chat/);
    await sidebar.item(a).waitFor();
    assert.equal(await sidebar.item(c.id).count(), 0, 'the list shown is the saved one');
    // What needs the server is off, with the reason.
    assert.equal(await page.getByTestId('new-chat').isDisabled(), true);
    assert.match(await page.getByTestId('new-chat').getAttribute('title'), /offline/);
    assert.equal(await chat.lastAssistant().getByTestId('action-regenerate').isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Settings' }).isDisabled(), true);
    assert.equal(await sidebar.item(a).getByTestId('delete-conversation').count(), 0, 'no delete offline');
    assert.equal(await chat.lastAssistant().getByTestId('action-delete').isDisabled(), true);
    await sidebar.select(a);
    await chat.user.filter({ hasText: 'first saved chat' }).waitFor();
    await screenshot(page, 'offline-saved');

    // Two messages typed offline: one cancelled, one kept across a reload.
    await chat.sendOffline('changed my mind');
    await chat.sendOffline('sent while offline');
    assert.match(await chat.pending.filter({ hasText: 'sent while offline' }).innerText(), /Will be sent when you’re back online/);
    await chat.cancelPending('changed my mind');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=outbox-item]').length === 1);
    await app.reload();
    await chat.pending.filter({ hasText: 'sent while offline' }).waitFor();
    assert.equal(await chat.pending.count(), 1);
    const before = await env.api(`/api/conversations/${a}`, {}, me);

    // Back online: sent once, the reply streams in, the pending mark goes.
    await goOnline(context);
    await chat.pending.first().waitFor({ state: 'detached', timeout: 20_000 });
    await chat.user.filter({ hasText: 'sent while offline' }).waitFor();
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      return last && last.getAttribute('data-status') === 'completed' && last.textContent.includes('You said: sent while offline');
    });
    await chat.offlineBanner.waitFor({ state: 'detached' });
    const after = await env.api(`/api/conversations/${a}`, {}, me);
    const users = (d, text) => d.messages.filter((m) => m.role === 'user' && m.content === text);
    assert.equal(users(before, 'sent while offline').length, 0);
    assert.equal(users(after, 'sent while offline').length, 1, 'exactly one copy stored');
    assert.equal(users(after, 'changed my mind').length, 0, 'the cancelled message never went');
    assert.equal(after.messages.length, before.messages.length + 2, 'one new message and one reply');
    assert.match(after.messages.at(-1).content, /^You said: sent while offline/);
    // A second reload does not send it again.
    await app.reload();
    await chat.user.filter({ hasText: 'sent while offline' }).waitFor();
    const again = await env.api(`/api/conversations/${a}`, {}, me);
    assert.equal(users(again, 'sent while offline').length, 1);

    // Sign out: no API answer stays in any cache, nothing in storage.
    await sidebar.signOut();
    await page.waitForFunction(async () => {
      for (const name of await caches.keys())
        for (const req of await (await caches.open(name)).keys()) if (new URL(req.url).pathname.startsWith('/api/')) return false;
      return true;
    });
    assert.deepEqual(await cachedApiUrls(page), []);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nexus.outbox.') || k === 'nexus.offline.user'));
    assert.deepEqual(stored, []);
    // Offline again: the shell opens, but none of that user's conversations.
    await goOffline(context);
    await page.reload();
    await page.getByTestId('auth-error').waitFor(); // "Nexus cannot be reached": nobody to show
    assert.equal(await page.getByTestId('sidebar').count(), 0);
    assert.equal(await page.getByTestId('conversation-item').count(), 0);
    assert.equal(await page.getByText('first saved chat').count(), 0);
    await screenshot(page, 'offline-signed-out');
    await goOnline(context);
    env.assertClean(app);
    await context.close();
  });

  it('forgets what it saved when the session ends elsewhere (a 401), before anyone else sees it', async () => {
    const me = await env.createUser('expired');
    const app = await env.open(DESKTOP, '/', { as: me });
    const { page, chat } = app;
    await workerReady(page, me.user.id);
    await chat.send('soon forgotten [[delay=0]]');
    await chat.waitForReplyEnd();
    const id = chat.conversationId();
    await app.reload();
    await chat.user.filter({ hasText: 'soon forgotten' }).waitFor();
    for (let i = 0; !(await cachedApiUrls(page)).some((u) => u.includes(`/api/conversations/${id}`)); i++) {
      assert.ok(i < 100, 'the conversation was saved');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Signed out from somewhere else: the next API call here answers 401.
    const out = await env.fetch('/api/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }, me);
    assert.equal(out.status, 204);
    await app.sidebar.newChat();
    await chat.input.fill('after the session ended'); // POST /api/conversations → 401
    await chat.input.press('Enter');
    await page.getByTestId('signin-screen').waitFor();
    await page.waitForFunction(async () => {
      for (const name of await caches.keys())
        for (const req of await (await caches.open(name)).keys()) if (new URL(req.url).pathname.startsWith('/api/')) return false;
      return !localStorage.getItem('nexus.offline.user');
    });
    // Offline now: nothing of theirs opens.
    await goOffline(app.context);
    await page.reload();
    await page.getByTestId('auth-error').waitFor();
    assert.equal(await page.getByText('soon forgotten').count(), 0);
    await goOnline(app.context);
    await app.context.close();
  });

  it('is installable: the manifest names the app, its icons (one maskable), start, scope and colours', async () => {
    const r = await fetch(`${env.host.url}/manifest.webmanifest`);
    assert.equal(r.headers.get('content-type'), 'application/manifest+json');
    const m = await r.json();
    assert.equal(m.name, 'Nexus');
    assert.ok(m.short_name);
    assert.equal(m.start_url, '/');
    assert.equal(m.scope, '/');
    assert.equal(m.display, 'standalone');
    assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
    assert.match(m.background_color, /^#[0-9a-f]{6}$/i);
    const png = m.icons.filter((i) => i.type === 'image/png');
    for (const size of ['192x192', '512x512']) assert.ok(png.some((i) => i.sizes === size && (i.purpose ?? 'any').includes('any')), size);
    assert.ok(png.some((i) => i.purpose === 'maskable'));
    for (const icon of png) {
      const bytes = new Uint8Array(await (await fetch(env.host.url + icon.src)).arrayBuffer());
      const view = new DataView(bytes.buffer);
      assert.equal(`${view.getUint32(16)}x${view.getUint32(20)}`, icon.sizes, icon.src); // the PNG's IHDR
    }
  });
});
