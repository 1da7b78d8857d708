// A household in a real browser: archiving chats, per-user limits set by the admin (chat
// count, allowed models), the household context (versions, comparison, restore, and
// what reaches the provider), sign-up by invite (and open sign-up), personal API tokens,
// and "about me" — plus the new panels on a phone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { DESKTOP, PHONE, screenshot } from './lib/browser.mjs';

const env = setup();
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Sends a message in the UI, waits for the reply; returns the conversation id. */
async function chatOnce(app, text) {
  await app.chat.send(text);
  assert.equal(await app.chat.waitForReplyEnd(), 'completed');
  await app.page.waitForFunction(() => /\/c\/[^/]+$/.test(location.pathname));
  return app.chat.conversationId();
}

/** Starts a new chat in the UI (the empty state). */
async function newChat(app) {
  await app.sidebar.newChat();
  await app.chat.emptyState.waitFor();
}

/** The right edge of the widest thing inside `locator` (nothing may stick out of a phone screen). */
const rightEdge = (locator) =>
  locator.evaluate((el) => Math.max(el.getBoundingClientRect().right, ...[...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));

const unique = (prefix) => `${prefix}${Date.now().toString(36).slice(-5)}`;

describe('household', () => {
  it('archive: a chat leaves the list, shows under Archived, and Unarchive brings it back', async () => {
    const ann = await env.createUser('ann');
    const app = await env.open(DESKTOP, '/', { as: ann });
    const { sidebar, page } = app;
    const keep = await chatOnce(app, 'keep me');
    await newChat(app);
    const id = await chatOnce(app, 'archive me');
    assert.deepEqual(await sidebar.ids(), [id, keep]);

    // From the sidebar row: gone from the list, kept on the server.
    await sidebar.toggleArchived(id);
    assert.deepEqual(await sidebar.ids(), [keep]);
    const active = await env.api('/api/conversations', {}, ann);
    assert.deepEqual(active.conversations.map((c) => c.id), [keep]);
    const archived = await env.api('/api/conversations?archived=true', {}, ann);
    assert.deepEqual(archived.conversations.map((c) => c.id), [id]);
    assert.ok(archived.conversations[0].archived_at, 'archived_at is set');
    // The open chat stays open, marked archived.
    await page.getByTestId('archived-badge').waitFor();
    assert.equal(await page.getByTestId('header-archive').getAttribute('aria-label'), 'Unarchive this chat');

    await sidebar.showArchived();
    assert.deepEqual(await sidebar.ids(), [id]);
    await screenshot(page, 'desktop-archived');
    await sidebar.toggleArchived(id); // Unarchive, from the Archived view
    assert.deepEqual(await sidebar.ids(), []);
    await sidebar.root.getByText('No archived chats.').waitFor();
    await page.getByTestId('archived-badge').waitFor({ state: 'detached' });
    await sidebar.showChats();
    assert.deepEqual((await sidebar.ids()).sort(), [id, keep].sort());

    // From the chat header; a reload of an archived chat's link still shows it as archived.
    const patched = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${id}`) && r.request().method() === 'PATCH');
    await page.getByTestId('header-archive').click();
    assert.equal((await patched).status(), 200);
    await sidebar.item(id).waitFor({ state: 'detached' });
    await app.reload();
    await page.getByTestId('archived-badge').waitFor();
    await app.chat.lastAssistant().waitFor();
    assert.match(await app.chat.lastAssistantText(), /archive me/);
    assert.equal(await sidebar.item(id).count(), 0);
    await page.getByTestId('header-archive').click();
    await sidebar.item(id).waitFor();
    await page.getByTestId('archived-badge').waitFor({ state: 'detached' });
    assert.equal((await env.api('/api/conversations?archived=true', {}, ann)).conversations.length, 0);
    env.assertClean(app);
    await app.context.close();
  });

  it('limits: the admin sets bob’s max chats to 1; the second chat is refused with the server’s sentence until he archives one', async () => {
    const bob = await env.createUser('bob');
    const admin = await env.open();
    const users = await admin.sidebar.openUsers();
    await users.row(bob.username).waitFor();
    const saved = await users.setLimits(bob.username, (form) => form.getByLabel('Max chats').fill('1'));
    assert.equal(saved.limits.max_chats, 1);
    assert.equal(saved.limits.allowed_models, null, 'the rest stays at the default');
    assert.equal(saved.defaults.max_chats, 200);
    await users.root.getByTestId('users-status').filter({ hasText: `Saved the limits for ${bob.username}` }).waitFor();
    const stored = await env.api(`/api/admin/users/${bob.user.id}/limits`);
    assert.equal(stored.limits.max_chats, 1);
    // Opened again, the form shows what is stored.
    await users.row(bob.username).getByTestId('user-limits').click();
    assert.equal(await users.root.getByLabel('Max chats').inputValue(), '1');
    await users.root.getByTestId('limits-cancel').click();
    await screenshot(admin.page, 'desktop-users-limits');
    await admin.context.close();

    const app = await env.open(DESKTOP, '/', { as: bob });
    const { chat, page, sidebar } = app;
    const first = await chatOnce(app, 'my only chat');
    await newChat(app);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/conversations') && r.request().method() === 'POST');
    await chat.input.fill('a second chat');
    await chat.input.press('Enter');
    const refused = await created;
    assert.equal(refused.status(), 403);
    const body = await refused.json();
    assert.equal(body.code, 'chat_limit');
    await chat.errorBanner.waitFor();
    assert.equal((await page.getByTestId('error-text').textContent()).trim(), body.error, 'the server’s sentence is shown');
    assert.equal(await chat.errorBanner.getAttribute('role'), 'alert');
    assert.equal(await chat.input.inputValue(), 'a second chat', 'the text is kept');
    await screenshot(page, 'desktop-chat-limit');

    // Archived chats do not count.
    await sidebar.toggleArchived(first);
    await newChat(app);
    const second = await chatOnce(app, 'a second chat');
    assert.notEqual(second, first);
    const mine = await env.api('/api/users/me/limits', {}, bob);
    assert.equal(mine.limits.max_chats, 1);
    assert.equal(mine.usage.active_chats, 1);
    const account = await sidebar.openAccount();
    await account.root.getByTestId('usage-chats').filter({ hasText: '1 of 1' }).waitFor();
    await account.close();
    // Bringing the first one back would pass the limit: refused, said.
    await sidebar.showArchived();
    await sidebar.item(first).hover();
    const unarchive = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${first}`) && r.request().method() === 'PATCH');
    await sidebar.item(first).getByTestId('archive-conversation').click();
    const no = await unarchive;
    assert.equal(no.status(), 403);
    const noBody = await no.json();
    assert.equal(noBody.code, 'chat_limit');
    await page.getByTestId('error-text').filter({ hasText: noBody.error }).waitFor();
    assert.equal(await sidebar.item(first).count(), 1, 'still archived');
    env.assertClean(app);
    await app.context.close();
  });

  it('limits: the admin allows carol one model; her model picker offers only that one', async () => {
    const carol = await env.createUser('carol');
    const before = await env.api('/api/settings/models', {}, carol);
    assert.ok(before.models.length >= 2, `more than one model at first (${before.models.map((m) => m.id)})`);
    const allowed = 'openai/gpt-4o-mini';

    const admin = await env.open();
    const users = await admin.sidebar.openUsers();
    await users.row(carol.username).waitFor();
    const saved = await users.setLimits(carol.username, async (form) => {
      await form.getByTestId('limits-models-only').check();
      const box = form.locator(`[data-model-id="${allowed}"]`);
      await box.waitFor();
      await box.check();
    });
    assert.deepEqual(saved.limits.allowed_models, [allowed]);
    await admin.context.close();

    const app = await env.open(DESKTOP, '/', { as: carol });
    const { page, chat } = app;
    await page.getByTestId('model-selector-button').click();
    const options = page.locator('[role=listbox] [role=option][data-model-id]');
    await options.first().waitFor();
    assert.deepEqual(await options.evaluateAll((els) => els.map((e) => e.dataset.modelId)), [allowed]);
    await screenshot(page, 'desktop-allowed-models');
    await page.keyboard.press('Escape');
    // That model works; another one is refused by the server.
    const id = await chatOnce(app, 'allowed model');
    assert.equal(await chat.currentModel(), allowed);
    const other = await env.fetch(`/api/conversations/${id}`, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ model: before.models.find((m) => m.id !== allowed).id }) }, carol);
    assert.equal(other.status, 403);
    assert.equal((await other.json()).code, 'model_not_allowed');
    const mine = await env.api('/api/users/me/limits', {}, carol);
    assert.deepEqual(mine.limits.allowed_models, [allowed]);
    env.assertClean(app);
    await app.context.close();
  });

  it('household context: two versions saved, compared line by line, the first restored; it reaches the provider first', async () => {
    const first = 'We are the Silva household in Porto.\nThe kids are 9 and 12.\nAnswer briefly.';
    const second = 'We are the Silva household in Porto.\nThe kids are 10 and 13.\nAnswer briefly.';
    const app = await env.open();
    const h = await app.sidebar.openHousehold();
    assert.equal(await h.editor.inputValue(), '', 'nothing saved yet');
    const v1 = await h.save(first);
    const v2 = await h.save(second);
    assert.equal(v1.created_by, env.admin.username);
    assert.equal(await h.versions.count(), 2);
    assert.equal(await h.version(v2.id).getByTestId('version-author').textContent(), env.admin.username);

    const lines = await h.compare(v1.id, v2.id);
    assert.deepEqual(
      lines.filter((l) => l.kind === 'add' || l.kind === 'del'),
      [
        { kind: 'del', text: 'The kids are 9 and 12.' },
        { kind: 'add', text: 'The kids are 10 and 13.' },
      ],
    );
    assert.ok(lines.some((l) => l.kind === 'same' && l.text === 'We are the Silva household in Porto.'), 'unchanged lines around it');
    await screenshot(app.page, 'desktop-household-diff');

    const v3 = await h.restore(v1.id);
    assert.equal(v3.content, first);
    assert.equal(await h.editor.inputValue(), first, 'the editor shows the restored text');
    assert.equal(await h.versions.count(), 3);
    const stored = await env.api('/api/admin/context');
    assert.equal(stored.current.content, first);
    assert.deepEqual(stored.versions.map((v) => v.id), [v3.id, v2.id, v1.id]);
    await h.close();

    // What the provider receives: the household text first, then "about me".
    const about = 'I am the one who set this server up.';
    assert.equal((await env.fetch('/api/users/me/profile', { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ about_me: about }) })).status, 200);
    const question = `what do you know about us ${unique('q')}`;
    await chatOnce(app, question);
    if (env.host.fakeUrl) {
      const received = await (await fetch(`${env.host.fakeUrl}/__requests`)).json();
      const sent = received.filter(
        (r) => r.path === '/v1/chat/completions' && r.body?.stream && r.body.messages?.some((m) => m.role === 'user' && String(m.content).includes(question)),
      );
      assert.equal(sent.length, 1, 'the reply request reached the fake provider');
      const [system] = sent[0].body.messages;
      assert.equal(system.role, 'system');
      assert.ok(system.content.startsWith(first), `the household text comes first: ${JSON.stringify(system.content)}`);
      assert.ok(system.content.indexOf(about) > first.length, 'then the person’s “about me”');
    }
    await env.fetch('/api/users/me/profile', { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ about_me: '' }) });
    env.assertClean(app);
    await app.context.close();
  });

  it('invites: the admin switches to invite mode and makes a link; a fresh browser joins with it as a member; the link works once', async () => {
    const admin = await env.open();
    let users = await admin.sidebar.openUsers();
    await users.setSignupMode('invite');
    assert.equal((await (await env.fetch('/api/auth/status', {}, null)).json()).registration, 'invite');
    const { link, body } = await users.createInvite(168);
    assert.match(body.path, /^\/join\/[^/]+$/);
    assert.equal(link, `${env.host.url}${body.path}`, 'the full link: origin + path');
    assert.match(await users.signup.getByTestId('invite-created').textContent(), /not shown again/);
    assert.equal(await users.invite(body.invite.id).getAttribute('data-state'), 'active');
    await screenshot(admin.page, 'desktop-invite');

    // Nobody signed in: the link shows "Join this Nexus".
    const path = new URL(link).pathname;
    const guest = await env.open(DESKTOP, path, { signedIn: false });
    await guest.auth.registerScreen.waitFor();
    assert.match(await guest.page.title(), /Join this Nexus/);
    assert.equal(await guest.page.getByTestId('signin-screen').count(), 0);
    await screenshot(guest.page, 'desktop-join');
    const name = unique('dan');
    const joined = await guest.auth.submitRegister(name, 'dans-password-1');
    assert.equal(joined.status(), 201);
    await guest.chat.input.waitFor();
    assert.equal(guest.path(), '/');
    assert.equal(await guest.sidebar.username(), name);
    assert.equal(await guest.sidebar.userMenu.getByTestId('open-users').count(), 0, 'a member');
    await guest.reload();
    assert.equal(await guest.sidebar.username(), name, 'signed in with a session cookie');
    env.assertClean(guest);
    await guest.context.close();

    // The same link again: refused with the server's sentence.
    const late = await env.open(DESKTOP, path, { signedIn: false });
    const refused = await late.auth.registerFails(unique('eve'), 'eves-password-1');
    assert.equal(refused.status, 403);
    assert.equal(refused.code, 'invalid_invite');
    assert.equal(refused.text, refused.error);
    assert.equal(await late.auth.registerError.getAttribute('role'), 'alert');
    await late.context.close();

    // The admin's list says who used it; a revoked invite's link is refused too.
    await users.close();
    users = await admin.sidebar.openUsers();
    await users.invite(body.invite.id).waitFor();
    assert.equal(await users.invite(body.invite.id).getAttribute('data-state'), 'used');
    assert.equal((await users.invite(body.invite.id).getByTestId('invite-status').textContent()).trim(), `Used by ${name}`);
    assert.equal(await users.row(name).getAttribute('data-role'), 'member');
    const other = await users.createInvite();
    const revoked = admin.page.waitForResponse((r) => r.url().endsWith(`/api/admin/invites/${other.body.invite.id}`) && r.request().method() === 'DELETE');
    await users.invite(other.body.invite.id).getByTestId('invite-revoke').click();
    assert.equal((await revoked).status(), 204);
    await users.invite(other.body.invite.id).waitFor({ state: 'detached' });
    const gone = await env.fetch('/api/auth/register', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username: unique('zed'), password: 'zeds-password-1', invite: other.body.token }) }, null);
    assert.equal(gone.status, 403);
    assert.equal((await gone.json()).code, 'invalid_invite');

    // Open: the sign-in screen offers "Create an account". Closed: it does not.
    await users.setSignupMode('open');
    const walkIn = await env.open(DESKTOP, '/', { signedIn: false });
    await walkIn.auth.signInScreen.waitFor();
    await walkIn.page.getByTestId('show-register').click();
    await walkIn.auth.registerScreen.waitFor();
    assert.match(await walkIn.page.title(), /Create an account/);
    const walker = unique('fox');
    assert.equal((await walkIn.auth.submitRegister(walker, 'foxs-password-1')).status(), 201);
    await walkIn.chat.input.waitFor();
    assert.equal(await walkIn.sidebar.username(), walker);
    await walkIn.context.close();
    await users.setSignupMode('closed');
    const closed = await env.open(DESKTOP, '/', { signedIn: false });
    await closed.auth.signInScreen.waitFor();
    assert.equal(await closed.page.getByTestId('show-register').count(), 0);
    await closed.context.close();
    env.assertClean(admin);
    await admin.context.close();
  });

  it('API token: created in Account and shown once; listed by name; it works until revoked', async () => {
    const fay = await env.createUser('fay');
    const app = await env.open(DESKTOP, '/', { as: fay });
    let account = await app.sidebar.openAccount();
    assert.deepEqual(await account.tokenNames(), []);
    const secret = await account.createToken('my script');
    assert.match(secret, /^nx_[0-9a-f]{64}$/);
    assert.match(await account.root.getByTestId('token-created').textContent(), /will not be shown again/);
    assert.deepEqual(await account.tokenNames(), ['my script']);
    await screenshot(app.page, 'desktop-api-token');
    const me = await fetch(`${env.host.url}/api/users/me`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.username, fay.username);

    // Shown once: not after the panel is opened again.
    await account.close();
    account = await app.sidebar.openAccount();
    assert.deepEqual(await account.tokenNames(), ['my script']);
    assert.equal(await account.root.getByTestId('token-created').count(), 0);
    assert.ok(!(await app.page.content()).includes(secret), 'the secret is nowhere on the page');

    await account.revokeToken('my script');
    assert.deepEqual(await account.tokenNames(), []);
    const after = await fetch(`${env.host.url}/api/users/me`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401);
    env.assertClean(app);
    await app.context.close();
  });

  it('about me: saved in Account, still there after a reload', async () => {
    const gil = await env.createUser('gil');
    const app = await env.open(DESKTOP, '/', { as: gil });
    let account = await app.sidebar.openAccount();
    assert.equal(await account.aboutMe(), '');
    const about = 'I am Gil, a nurse in Lisbon.\nShort answers, metric units please.';
    await account.saveProfile(about, 'ru');
    await app.reload();
    account = await app.sidebar.openAccount();
    assert.equal(await account.aboutMe(), about);
    assert.equal(await account.root.getByTestId('profile-language').inputValue(), 'ru');
    assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'ru', 'the interface follows the choice');
    assert.deepEqual(await env.api('/api/users/me/profile', {}, gil), { about_me: about, language: 'ru' });
    // Too long is said before sending.
    await account.root.getByTestId('profile-about').fill('x'.repeat(5001));
    await account.root.getByTestId('profile-save').click();
    await account.root.getByTestId('profile-error').filter({ hasText: /5\u00a0000/ }).waitFor(); // in Russian now
    env.assertClean(app);
    await app.context.close();
  });

  it('phone: the archived list, the limits form, the household panel and the join screen fit the screen', async () => {
    const hal = await env.createUser('hal');
    const app = await env.open(PHONE);
    const { sidebar, page } = app;
    await sidebar.open();
    await sidebar.root.getByTestId('show-archived').tap();
    await sidebar.root.locator('[data-testid=conversation-list][data-view=archived]').waitFor();
    assert.ok((await rightEdge(sidebar.root)) <= 390.5, 'the drawer fits');
    await sidebar.root.getByTestId('show-chats').tap();
    const users = await sidebar.openUsers();
    await users.row(hal.username).getByTestId('user-limits').tap();
    await users.root.getByTestId('limits-form').waitFor();
    await users.root.getByLabel('Max chats').waitFor();
    assert.ok((await rightEdge(users.root)) <= 390.5, `the users panel with limits fits (${await rightEdge(users.root)})`);
    await screenshot(page, 'phone-users-limits');
    await users.close();
    const h = await sidebar.openHousehold();
    assert.ok((await rightEdge(h.root)) <= 390.5, `the household panel fits (${await rightEdge(h.root)})`);
    await screenshot(page, 'phone-household');
    await h.close();
    env.assertClean(app);
    await app.context.close();

    const invite = await env.api('/api/admin/invites', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    const guest = await env.open(PHONE, invite.path, { signedIn: false });
    await guest.auth.registerScreen.waitFor();
    assert.ok((await guest.page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no horizontal overflow');
    await screenshot(guest.page, 'phone-join');
    await guest.context.close();
  });
});
