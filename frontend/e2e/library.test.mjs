// Find and keep (part A): search and the jump to a message on another branch, folders,
// tags, pins, select mode, the paged sidebar, the Ctrl-K palette. Each test has a user of
// its own (seeded through the API), so what one test adds does not show in another's list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { PHONE, screenshot } from './lib/browser.mjs';
import { LibrarySidebar, SearchPalette } from './pages/LibraryPage.mjs';

const env = setup();
const JSON_HEADERS = { 'Content-Type': 'application/json' };

async function createConversation(user, body = {}) {
  const r = await env.fetch('/api/conversations', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }, user);
  assert.equal(r.status, 201);
  return r.json();
}

async function patch(user, id, body) {
  const r = await env.fetch(`/api/conversations/${id}`, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify(body) }, user);
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}

/** Sends a message (the fake provider answers at once) and reads the stream to its end: `{ user, reply }` ids. */
async function send(user, conversationId, content, extra = {}) {
  const r = await env.fetch(
    `/api/conversations/${conversationId}/messages`,
    { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ content, ...extra }) },
    user,
  );
  assert.equal(r.status, 200);
  const text = await r.text();
  const start = text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)))
    .find((e) => e.type === 'start');
  assert.ok(start, `no start event: ${text.slice(0, 300)}`);
  assert.match(text, /"type":"done"/);
  return { user: start.user_message_id, reply: start.message_id };
}

describe('library', () => {
  it('Ctrl-K opens the search palette; Escape closes it and focus goes back', async () => {
    const user = await env.createUser('kbd');
    const app = await env.open(undefined, '/', { as: user });
    const palette = new SearchPalette(app.page);
    await palette.openWithKeys();
    assert.ok(await app.hasFocus(palette.input), 'the search field has the focus');
    assert.equal(await palette.root.locator('xpath=..').getAttribute('role'), 'dialog');
    await app.page.keyboard.press('Escape');
    await palette.root.waitFor({ state: 'detached' });
    // The sidebar's search box opens it too, with what was typed.
    await app.page.getByTestId('sidebar-search').pressSequentially('ab');
    await palette.input.waitFor();
    assert.equal(await palette.input.inputValue(), 'ab');
    await app.page.keyboard.press('Control+k');
    await palette.root.waitFor({ state: 'detached' });
    env.assertClean(app);
  });

  it('search finds a message on another branch, far up: it opens on that branch, scrolled to and highlighted', async () => {
    const user = await env.createUser('srch');
    const conv = await createConversation(user);
    // Branch 1: the word first, then enough exchanges that it is not on the newest page.
    const first = await send(user, conv.id, 'Tell me about the Colosseum opening hours');
    for (let i = 0; i < 28; i++) await send(user, conv.id, `filler question number ${i}`);
    // Branch 2 (edit & resend of the first message): shown now; it has no "Colosseum".
    await send(user, conv.id, 'Tell me about the Pantheon instead', { parent_id: null });
    const detail = await env.api(`/api/conversations/${conv.id}`, {}, user);
    assert.ok(!detail.messages.some((m) => m.id === first.user), 'the first branch is not shown');

    const app = await env.open(undefined, '/', { as: user });
    const palette = new SearchPalette(app.page);
    await palette.openWithKeys();
    await palette.search('colosseum');
    const hit = palette.message(first.user);
    await hit.waitFor();
    assert.equal(await hit.locator('mark').first().textContent(), 'Colosseum');
    await screenshot(app.page, 'desktop-search-palette');

    // Keyboard: move to that result and open it.
    const order = await palette.results.evaluateAll((els) => els.map((e) => e.dataset.messageId ?? e.dataset.conversationId));
    const index = order.indexOf(first.user);
    for (let i = 0; i < index; i++) await palette.input.press('ArrowDown');
    assert.equal(await hit.getAttribute('aria-selected'), 'true');
    const activated = app.page.waitForResponse((r) => r.url().endsWith(`/messages/${first.user}/activate`) && r.request().method() === 'POST');
    await palette.input.press('Enter');
    assert.equal((await activated).status(), 200);
    await palette.root.waitFor({ state: 'detached' });

    const row = app.chat.message(first.user);
    await row.waitFor({ timeout: 20_000 });
    await app.page.locator(`[data-testid=message][data-id="${first.user}"][data-highlighted]`).waitFor();
    assert.equal(app.chat.conversationId(), conv.id);
    assert.match(await app.chat.textOf(row), /Colosseum opening hours/);
    assert.equal(await app.chat.branchPosition(row), '1/2');
    const inView = await row.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const s = document.querySelector('[data-testid=message-scroll]').getBoundingClientRect();
      return r.bottom > s.top && r.top < s.bottom;
    });
    assert.ok(inView, 'scrolled into view');
    await screenshot(app.page, 'desktop-search-jump');
    // The highlight fades and goes.
    await app.page.locator('[data-highlighted]').waitFor({ state: 'detached', timeout: 10_000 });
    env.assertClean(app);
  });

  it('folders: create, move by the menu, see it inside; tags: add and filter; pin moves it to Pinned', async () => {
    const user = await env.createUser('fold');
    const a = await patch(user, (await createConversation(user)).id, { title: 'Alpha plans' });
    const b = await patch(user, (await createConversation(user)).id, { title: 'Beta notes' });
    const c = await patch(user, (await createConversation(user)).id, { title: 'Gamma list' });
    const app = await env.open(undefined, '/', { as: user });
    const lib = new LibrarySidebar(app.page);
    await lib.item(c.id).waitFor();

    // Folder: create, move Alpha into it through the menu, open it.
    const folderId = await lib.createFolder('Work');
    await lib.moveByMenu(a.id, folderId);
    await lib.openFolder('Work');
    await lib.folderItems('Work').first().waitFor();
    assert.deepEqual(await lib.folderItems('Work').evaluateAll((els) => els.map((e) => e.dataset.id)), [a.id]);
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid=folder][data-name=Work] [data-testid=folder-count]')?.textContent.trim() === '1',
    );
    assert.equal(await lib.root.getByTestId('chats-section').locator(`[data-id="${a.id}"]`).count(), 0, 'no longer among the chats in no folder');
    assert.equal((await env.api(`/api/conversations/${a.id}`, {}, user)).conversation.folder_id, folderId);

    // Drag and drop (desktop): Beta onto a second folder, then back out of it onto the chats.
    const laterId = await lib.createFolder('Later');
    const dropped = app.page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${b.id}`) && r.request().method() === 'PATCH');
    await lib.item(b.id).dragTo(lib.folder('Later').getByTestId('folder-row'));
    assert.equal((await dropped).status(), 200);
    await lib.openFolder('Later');
    await lib.folderItems('Later').first().waitFor();
    assert.equal(await lib.folderItems('Later').first().getAttribute('data-id'), b.id);
    assert.equal((await env.api(`/api/conversations/${b.id}`, {}, user)).conversation.folder_id, laterId);
    const back = app.page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${b.id}`) && r.request().method() === 'PATCH');
    await lib.item(b.id).dragTo(lib.root.getByTestId('chats-section'));
    assert.equal((await back).status(), 200);
    await lib.root.getByTestId('chats-section').locator(`[data-id="${b.id}"]`).waitFor();

    // Tags: add two to Beta, one to Gamma; click a chip to filter.
    await lib.addTags(b.id, ['travel', 'rome']);
    await lib.chip(b.id, 'travel').waitFor();
    await lib.addTags(c.id, ['travel']);
    assert.deepEqual((await env.api(`/api/conversations/${b.id}`, {}, user)).conversation.tags, ['rome', 'travel']);
    await lib.chip(b.id, 'rome').click();
    await lib.tagFilter.waitFor();
    await app.page.waitForFunction(
      (id) => [...document.querySelectorAll('[data-testid=sidebar] [data-testid=conversation-item]')].map((e) => e.dataset.id).join() === id,
      b.id,
    );
    await screenshot(app.page, 'desktop-tag-filter');
    await lib.tagFilter.click();
    await lib.item(c.id).waitFor();
    await lib.folder('Work').waitFor();

    // Pin: Gamma moves to the Pinned section at the top.
    await lib.pin(c.id);
    assert.equal(await lib.root.getByTestId('chats-section').locator(`[data-id="${c.id}"]`).count(), 0);
    const firstRow = await lib.root.getByTestId('conversation-item').first().getAttribute('data-id');
    assert.equal(firstRow, c.id, 'pinned first');
    assert.ok((await env.api(`/api/conversations/${c.id}`, {}, user)).conversation.pinned_at);
    await screenshot(app.page, 'desktop-sidebar-library');

    // Rename a folder and delete another: its chats stay, in no folder.
    await lib.folder('Later').getByTestId('folder-menu').click();
    await app.page.getByRole('menu').getByTestId('folder-rename').click();
    await lib.root.getByTestId('folder-name-input').fill('Someday');
    const renamed = app.page.waitForResponse((r) => r.url().endsWith(`/api/folders/${laterId}`) && r.request().method() === 'PATCH');
    await lib.root.getByTestId('folder-name-input').press('Enter');
    assert.equal((await renamed).status(), 200);
    await lib.folder('Someday').waitFor();
    await lib.folder('Work').getByTestId('folder-menu').click();
    await app.page.getByRole('menu').getByTestId('folder-delete').click();
    const deleted = app.page.waitForResponse((r) => r.url().endsWith(`/api/folders/${folderId}`) && r.request().method() === 'DELETE');
    await lib.root.getByTestId('folder-delete-confirm').getByRole('button', { name: 'Delete', exact: true }).click();
    assert.equal((await deleted).status(), 204);
    await lib.folder('Work').waitFor({ state: 'detached' });
    await lib.root.getByTestId('chats-section').locator(`[data-id="${a.id}"]`).waitFor();
    assert.equal((await env.api(`/api/conversations/${a.id}`, {}, user)).conversation.folder_id, null);

    // After a reload it is all still there (from the server).
    await app.reload();
    await lib.pinned.locator(`[data-id="${c.id}"]`).waitFor();
    await lib.folder('Someday').waitFor();
    await lib.item(a.id).waitFor();
    env.assertClean(app);
  });

  it('select mode: tag and archive several at once, delete after a confirmation', async () => {
    const user = await env.createUser('bulk');
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await createConversation(user)).id);
    const app = await env.open(undefined, '/', { as: user });
    const lib = new LibrarySidebar(app.page);
    await lib.item(ids[0]).waitFor();
    await lib.root.getByTestId('select-mode').click();
    for (const id of ids.slice(0, 2)) await lib.item(id).getByTestId('select-conversation').check();
    assert.equal((await lib.bulkBar.getByTestId('bulk-count').textContent()).trim(), '2 selected');

    await lib.bulkBar.getByTestId('bulk-tag').click();
    await lib.bulkBar.getByTestId('bulk-tag-input').fill('batch');
    const tagged = app.page.waitForResponse((r) => r.url().endsWith('/api/conversations/bulk'));
    await lib.bulkBar.getByTestId('bulk-tag-add').click();
    const t = await tagged;
    assert.equal(t.status(), 200);
    assert.deepEqual(await t.json(), { changed: 2 });
    await lib.chip(ids[0], 'batch').waitFor();
    await lib.chip(ids[1], 'batch').waitFor();

    for (const id of ids.slice(0, 2)) await lib.item(id).getByTestId('select-conversation').check();
    await lib.bulkBar.getByTestId('bulk-archive').click();
    await lib.item(ids[0]).waitFor({ state: 'detached' });
    await lib.item(ids[1]).waitFor({ state: 'detached' });

    await lib.item(ids[2]).getByTestId('select-conversation').check();
    await lib.bulkBar.getByTestId('bulk-delete').click();
    await lib.bulkBar.getByTestId('bulk-delete-confirm').waitFor();
    await lib.bulkBar.getByTestId('bulk-delete-yes').click();
    await lib.item(ids[2]).waitFor({ state: 'detached' });
    const left = (await env.api('/api/conversations', {}, user)).conversations.map((c) => c.id);
    assert.deepEqual(left, [ids[3]]);
    const archived = (await env.api('/api/conversations?archived=true', {}, user)).conversations.map((c) => c.id).sort();
    assert.deepEqual(archived, ids.slice(0, 2).sort());
    env.assertClean(app);
  });

  it('the sidebar loads more as it scrolls: 120 chats, the oldest after scrolling', async () => {
    const user = await env.createUser('page');
    const ids = [];
    for (let i = 0; i < 120; i++) ids.push((await createConversation(user)).id);
    const app = await env.open(undefined, '/', { as: user });
    const lib = new LibrarySidebar(app.page);
    await lib.item(ids[119]).waitFor();
    const firstPage = (await lib.ids()).length;
    assert.ok(firstPage < 120, `one page first (${firstPage})`);
    assert.equal(await lib.item(ids[0]).count(), 0, 'the oldest is not loaded yet');
    for (let i = 0; i < 10 && !(await lib.item(ids[0]).count()); i++) {
      await lib.scrollToEnd();
      await app.page.waitForTimeout(300);
    }
    await lib.item(ids[0]).waitFor();
    const all = await lib.ids();
    assert.equal(all.length, 120);
    assert.equal(new Set(all).size, 120, 'no duplicates');
    env.assertClean(app);
  });

  it('on a phone: the menu pins from the drawer; the palette opens from the search box', async () => {
    const user = await env.createUser('phon');
    const a = await patch(user, (await createConversation(user)).id, { title: 'Phone chat' });
    await createConversation(user);
    const app = await env.open(PHONE, '/', { as: user });
    const lib = new LibrarySidebar(app.page);
    await app.sidebar.open();
    await lib.item(a.id).getByTestId('conversation-menu').click();
    await app.page.getByRole('menu').getByTestId('menu-pin').click();
    await lib.pinned.locator(`[data-id="${a.id}"]`).waitFor();
    const width = await app.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal overflow (${width})`);
    await screenshot(app.page, 'phone-sidebar-library');
    await app.page.getByTestId('sidebar-search').pressSequentially('Phone');
    const palette = new SearchPalette(app.page);
    await palette.root.waitFor();
    await palette.root.locator(`[data-testid=search-result][data-kind=title][data-conversation-id="${a.id}"]`).click();
    await palette.root.waitFor({ state: 'detached' });
    await app.page.waitForFunction((id) => location.pathname === `/c/${id}`, a.id);
    await screenshot(app.page, 'phone-search-opened');
    env.assertClean(app);
  });
});
