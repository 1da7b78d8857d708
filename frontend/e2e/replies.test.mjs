// Replies that are never lost: resume after reload / a dropped stream / in a second tab,
// Stop, the wake lock, regenerate and edit as branches, delete, rename, paged history.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { DESKTOP, PHONE, screenshot } from './lib/browser.mjs';

const env = setup();

/** The fake's reply to `text` (the directive removed) with `words` filler words. */
function fakeReply(text, words = 0) {
  let t = `You said: ${text}`;
  for (let i = 0; i < words; i++) t += i % 2 === 0 ? ' lorem' : ' ipsum';
  return t;
}

/** Sends a message through the API and reads its stream to the end. */
async function apiSend(conversationId, content) {
  const r = await env.fetch(`/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  assert.equal(r.status, 200);
  const text = await r.text();
  assert.match(text, /"type":"done"/);
}

/** Waits until the last reply is a new one (not `oldId`, not a placeholder) that has ended. */
async function waitForNewReply(page, oldId) {
  await page.waitForFunction(
    (old) => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      const id = last?.getAttribute('data-id') ?? '';
      return id && id !== old && !id.startsWith('tmp-') && last.getAttribute('data-status') !== 'streaming';
    },
    oldId,
    { timeout: 20_000 },
  );
}

/** Waits until the last reply shows some of its filler text. */
const waitForSomeText = (page) =>
  page.waitForFunction(() => {
    const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
    return (all[all.length - 1]?.textContent ?? '').includes('lorem');
  });

describe('replies that are never lost', () => {
  it('a reload during a stream resumes it: the final text is exactly the full reply', async () => {
    const app = await env.open();
    const { chat, page } = app;
    // Multi-byte text (👋 is 1 code point, 2 UTF-16 units) makes an offset mistake visible.
    const said = 'hello 👋 wörld';
    const expected = fakeReply(said, 80);
    await chat.send(`${said} [[delay=80 words=80]]`);
    await waitForSomeText(page);
    const id = chat.conversationId();
    const following = page.waitForRequest((r) => /\/messages\/[^/]+\/stream\?offset=\d+$/.test(r.url()));
    await app.reload();
    // The text so far is there at once, and the rest keeps streaming in.
    const follow = await following;
    await chat.stopButton.waitFor();
    assert.ok(Number(new URL(follow.url()).searchParams.get('offset')) > 10, 'follows from the text already shown');
    await chat.recordStreaming();
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await chat.lastAssistantText(), expected);
    for (const s of await chat.snapshots()) assert.ok(expected.startsWith(s.trim()), `"${s.slice(-30)}" is a prefix of the reply`);
    const detail = await env.api(`/api/conversations/${id}`);
    assert.equal(detail.messages.at(-1).content, expected);
    env.assertClean(app);
    await app.context.close();
  });

  it('when its own stream breaks mid-reply, the page follows the reply instead of failing', async () => {
    const app = await env.open();
    const { chat, page, context } = app;
    // Cut this page's POST stream after a few network chunks, like a network drop.
    await context.addInitScript(() => {
      const orig = window.fetch;
      window.fetch = async (input, init) => {
        const res = await orig(input, init);
        const url = typeof input === 'string' ? input : input.url;
        if (!window.__dropAfter || init?.method !== 'POST' || !/\/messages$/.test(url) || !res.body) return res;
        const n = window.__dropAfter;
        window.__dropAfter = 0;
        const reader = res.body.getReader();
        let seen = 0;
        const body = new ReadableStream({
          async pull(c) {
            if (seen >= n) {
              reader.cancel().catch(() => {});
              c.error(new TypeError('network error'));
              return;
            }
            const { value, done } = await reader.read();
            if (done) return c.close();
            seen++;
            c.enqueue(value);
          },
        });
        return new Response(body, { status: res.status, headers: res.headers });
      };
    });
    await app.reload();
    await page.evaluate(() => (window.__dropAfter = 6));
    const said = 'drop 🎉 me';
    const followed = page.waitForRequest((r) => /\/stream\?offset=\d+$/.test(r.url()));
    await chat.send(`${said} [[delay=40 words=40]]`);
    await followed;
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await chat.lastAssistantText(), fakeReply(said, 40));
    assert.equal(await chat.errorBanner.count(), 0, 'no error shown');
    env.assertClean(app);
    await context.close();
  });

  it('two tabs on the same chat both see the reply stream (open mid-reply, or becoming visible)', async () => {
    const a = await env.open();
    await a.chat.send('first [[delay=0]]');
    await a.chat.waitForReplyEnd();
    const id = a.chat.conversationId();
    // Tab B is open on the chat before the next message is sent.
    const b = await env.open(DESKTOP, `/c/${id}`);
    await b.chat.lastAssistant().waitFor();
    const said = 'two tabs 🎉';
    const expected = fakeReply(said, 80);
    await a.chat.send(`${said} [[delay=80 words=80]]`);
    await waitForSomeText(a.page);
    // Tab C opens the chat mid-reply.
    const c = await env.open(DESKTOP, `/c/${id}`);
    await c.chat.stopButton.waitFor();
    // Tab B becomes visible again.
    await b.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await b.chat.stopButton.waitFor();
    for (const t of [a, b, c]) {
      assert.equal(await t.chat.waitForReplyEnd(), 'completed');
      assert.equal(await t.chat.lastAssistantText(), expected);
      env.assertClean(t);
    }
    await Promise.all([a, b, c].map((t) => t.context.close()));
  });

  it('holds a screen wake lock while a reply streams and releases it after', async () => {
    const app = await env.open();
    await app.context.addInitScript(() => {
      const w = (window.__wake = { requests: 0, releases: 0, held: 0 });
      const api = {
        request: async (type) => {
          w.requests++;
          w.held++;
          const s = {
            type,
            released: false,
            release: async () => {
              if (s.released) return;
              s.released = true;
              w.releases++;
              w.held--;
            },
            addEventListener() {},
            removeEventListener() {},
          };
          return s;
        },
      };
      Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => api });
    });
    await app.reload();
    const { chat, page } = app;
    await chat.send('keep the screen on [[delay=40 words=30]]');
    await chat.stopButton.waitFor();
    await page.waitForFunction(() => window.__wake.held === 1);
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await page.waitForFunction(() => window.__wake.held === 0 && window.__wake.releases >= 1);
    env.assertClean(app);
    await app.context.close();
  });

  it('regenerate (with another model) then switch branches with < 1/2 >, at any depth', async () => {
    const app = await env.open();
    const { chat, page } = app;
    await chat.send('branch me [[delay=0]]');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const firstId = await chat.lastAssistant().getAttribute('data-id');
    assert.equal(await chat.branchPosition(chat.lastAssistant()), null, 'no switcher with one version');

    // Regenerate uses the model chosen in the header.
    await chat.chooseModel('llama', 'meta-llama/llama-3.1-8b-instruct:free');
    await chat.action(chat.lastAssistant(), 'regenerate');
    await waitForNewReply(page, firstId);
    const secondId = await chat.lastAssistant().getAttribute('data-id');
    assert.equal(await chat.branchPosition(chat.lastAssistant()), '2/2');
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), 'llama-3.1-8b-instruct:free');
    assert.equal(await chat.user.count(), 1, 'no second user message');
    await screenshot(page, 'desktop-branch-switcher');

    await chat.switchBranch(chat.lastAssistant(), 'prev', '1/2');
    assert.equal(await chat.lastAssistant().getAttribute('data-id'), firstId);
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), 'gpt-4o-mini');
    const id = chat.conversationId();
    assert.equal((await env.api(`/api/conversations/${id}`)).conversation.active_leaf_id, firstId);
    await chat.switchBranch(chat.lastAssistant(), 'next', '2/2');
    assert.equal(await chat.lastAssistant().getAttribute('data-id'), secondId);

    // One level deeper: a follow-up on branch 2, regenerated.
    await chat.send('deeper [[delay=0]]');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const deepA = await chat.lastAssistant().getAttribute('data-id');
    await chat.action(chat.lastAssistant(), 'regenerate');
    await waitForNewReply(page, deepA);
    const deepB = await chat.lastAssistant().getAttribute('data-id');
    assert.equal(await chat.branchPosition(chat.lastAssistant()), '2/2');
    assert.equal(await chat.branchPosition(chat.message(secondId)), '2/2');

    // The first version has no follow-up; coming back shows the newest one again.
    await chat.switchBranch(chat.message(secondId), 'prev', '1/2');
    assert.deepEqual((await chat.ids()).slice(1), [firstId]);
    await chat.switchBranch(chat.message(firstId), 'next', '2/2');
    assert.equal((await chat.ids()).length, 4);
    assert.equal(await chat.lastAssistant().getAttribute('data-id'), deepB);
    await chat.switchBranch(chat.lastAssistant(), 'prev', '1/2');
    assert.equal(await chat.lastAssistant().getAttribute('data-id'), deepA);

    // The branch shown is the conversation's: it survives a reload.
    await app.reload();
    await chat.message(deepA).waitFor();
    assert.equal(await chat.branchPosition(chat.message(deepA)), '1/2');
    assert.equal(await chat.branchPosition(chat.message(secondId)), '2/2');
    env.assertClean(app);
    await app.context.close();
  });

  it('edit & resend creates a branch; the old version stays reachable', async () => {
    const app = await env.open();
    const { chat, page } = app;
    await chat.send('first version [[delay=0]]');
    await chat.waitForReplyEnd();
    const oldUser = await chat.user.last().getAttribute('data-id');
    const oldReply = await chat.lastAssistant().getAttribute('data-id');

    await chat.edit(chat.user.last(), 'second version [[delay=0]]');
    await waitForNewReply(page, oldReply);
    assert.equal(await chat.lastAssistantText(), 'You said: second version');
    assert.equal(await chat.textOf(chat.user.last()), 'second version [[delay=0]]');
    assert.equal(await chat.user.count(), 1);
    assert.equal(await chat.branchPosition(chat.user.last()), '2/2');

    await chat.switchBranch(chat.user.last(), 'prev', '1/2');
    assert.equal(await chat.user.last().getAttribute('data-id'), oldUser);
    assert.equal(await chat.textOf(chat.user.last()), 'first version [[delay=0]]');
    assert.equal(await chat.lastAssistantText(), 'You said: first version');
    await chat.switchBranch(chat.user.last(), 'next', '2/2');

    // Deeper: edit a follow-up; the root keeps its own versions.
    await chat.send('follow-up [[delay=0]]');
    await chat.waitForReplyEnd();
    const followReply = await chat.lastAssistant().getAttribute('data-id');
    await chat.edit(chat.user.last(), 'follow-up, edited [[delay=0]]');
    await waitForNewReply(page, followReply);
    assert.equal(await chat.lastAssistantText(), 'You said: follow-up, edited');
    assert.equal(await chat.branchPosition(chat.user.last()), '2/2');
    assert.equal(await chat.branchPosition(chat.user.first()), '2/2');
    assert.equal(await chat.user.count(), 2);

    const detail = await env.api(`/api/conversations/${chat.conversationId()}`);
    assert.equal(detail.messages[0].sibling_ids.length, 2);
    assert.equal(detail.conversation.message_count, 8);
    env.assertClean(app);
    await app.context.close();
  });

  it('deletes a message with what hangs off it, after confirming', async () => {
    const app = await env.open();
    const { chat, page } = app;
    for (const text of ['keep me [[delay=0]]', 'delete me [[delay=0]]', 'and me [[delay=0]]']) {
      await chat.send(text);
      await chat.waitForReplyEnd();
    }
    assert.equal(await chat.messages.count(), 6);
    const target = chat.user.filter({ hasText: 'delete me' });
    // Cancel first: nothing happens.
    await chat.action(target, 'delete');
    await target.getByTestId('delete-confirm').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await chat.messages.count(), 6);

    await chat.deleteMessage(target);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 2);
    const id = chat.conversationId();
    assert.equal((await env.api(`/api/conversations/${id}`)).conversation.message_count, 2);

    // Deleting the reply leaves the question, which can be answered again.
    const reply = await chat.lastAssistant().getAttribute('data-id');
    await chat.deleteMessage(chat.lastAssistant());
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 1);
    await chat.action(chat.user.last(), 'regenerate');
    await waitForNewReply(page, reply);
    assert.equal(await chat.lastAssistantText(), 'You said: keep me');
    await app.reload();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 2);
    assert.equal(await chat.lastAssistantText(), 'You said: keep me');
    env.assertClean(app);
    await app.context.close();
  });

  it('renames a conversation inline from the header', async () => {
    const app = await env.open();
    const { chat, sidebar, page } = app;
    await chat.send('name me [[delay=0 title=fail]]');
    await chat.waitForReplyEnd();
    const id = chat.conversationId();
    await sidebar.item(id).waitFor();
    await chat.rename('Renamed inline ✓');
    await page.waitForFunction(() => document.querySelector('[data-testid=chat-title]')?.textContent === 'Renamed inline ✓');
    assert.equal(await sidebar.title(id), 'Renamed inline ✓');
    assert.equal((await env.api(`/api/conversations/${id}`)).conversation.title, 'Renamed inline ✓');
    // Escape cancels.
    await page.getByTestId('rename-title').click();
    await page.getByTestId('title-input').fill('not this');
    await page.getByTestId('title-input').press('Escape');
    await page.getByTestId('title-input').waitFor({ state: 'detached' });
    assert.equal(await chat.title.textContent(), 'Renamed inline ✓');
    await app.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=chat-title]')?.textContent === 'Renamed inline ✓');
    env.assertClean(app);
    await app.context.close();
  });

  it('opens a long conversation at its newest page and loads older pages on scrolling up, in place', async () => {
    const conv = await env.api('/api/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    for (let i = 0; i < 60; i++) await apiSend(conv.id, `m${i} [[delay=0]]`);
    const app = await env.open(DESKTOP, `/c/${conv.id}`);
    const { chat, page } = app;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 50);
    assert.equal(await chat.lastAssistantText(), 'You said: m59');
    assert.equal(await chat.textOf(chat.messages.first()), 'm35 [[delay=0]]');
    await page.getByTestId('load-older').waitFor();

    // Hold the older page until the position before it arrives is measured.
    let release;
    const gate = new Promise((r) => (release = r));
    const isOlder = (url) => url.pathname.endsWith('/messages') && url.searchParams.has('before');
    await page.route(isOlder, async (route) => {
      await gate;
      await route.continue();
    });
    const scroller = page.getByTestId('message-scroll');
    const firstId = await chat.messages.first().getAttribute('data-id');
    const requested = page.waitForRequest((r) => isOlder(new URL(r.url())));
    await scroller.hover();
    while (!(await scroller.evaluate((el) => el.scrollTop < 300))) await page.mouse.wheel(0, -1500);
    const req = await requested;
    assert.equal(new URL(req.url()).searchParams.get('before'), firstId);
    const y = () => chat.message(firstId).evaluate((el) => el.getBoundingClientRect().top);
    const before = await y();
    release();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 100);
    await page.waitForFunction(() => !document.querySelector('[data-testid=loading-older]'));
    const after = await y();
    assert.ok(Math.abs(after - before) < 2, `the message read stays in place (${before} → ${after})`);
    assert.ok((await scroller.evaluate((el) => el.scrollTop)) > 1000, 'older messages are above');
    await page.unroute(isOlder);

    // Up to the very beginning.
    while (!(await scroller.evaluate((el) => el.scrollTop < 300))) await page.mouse.wheel(0, -3000);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message]').length === 120);
    await page.getByTestId('load-older').waitFor({ state: 'detached' });
    assert.equal(await chat.textOf(chat.messages.first()), 'm0 [[delay=0]]');
    const ids = await chat.ids();
    assert.equal(new Set(ids).size, 120, 'every message exactly once');
    env.assertClean(app);
    await app.context.close();
  });

  it('message actions are reachable on a phone (no hover)', async () => {
    const app = await env.open(PHONE);
    const { chat, page } = app;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await chat.send('on a phone [[delay=0]]');
    await chat.waitForReplyEnd();
    const reply = chat.lastAssistant();
    const user = chat.user.last();
    for (const row of [reply, user]) {
      const actions = row.getByTestId('message-actions');
      assert.equal(await actions.evaluate((el) => getComputedStyle(el).opacity), '1', 'visible without hover');
      const box = await actions.getByTestId('action-copy').boundingBox();
      assert.ok(box.width >= 32 && box.height >= 32, 'big enough to tap');
    }
    await reply.getByTestId('action-copy').tap();
    await reply.getByRole('button', { name: 'Copied' }).waitFor();
    await screenshot(page, 'phone-message-actions');

    const old = await reply.getAttribute('data-id');
    await reply.getByTestId('action-regenerate').tap();
    await waitForNewReply(page, old);
    assert.equal(await chat.branchPosition(chat.lastAssistant()), '2/2');
    await chat.lastAssistant().getByTestId('branch-prev').tap();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=branch-position]')].some((e) => e.textContent === '1/2'));
    await screenshot(page, 'phone-branch-switcher');

    await user.getByTestId('action-edit').tap();
    await page.getByTestId('edit-input').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal overflow while editing (${width})`);
    await screenshot(page, 'phone-edit');
    await page.getByTestId('edit-form').getByRole('button', { name: 'Cancel' }).tap();
    env.assertClean(app);
    await app.context.close();
  });
});
