// Accounts in a real browser: first-run setup, sign-in and sign-out (back at the same
// place), one user's chats hidden from another, disabling a user, sessions signed out
// elsewhere, the password changed, and all of it on a phone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, setup } from './lib/fixture.mjs';
import { DESKTOP, PHONE, screenshot } from './lib/browser.mjs';

const external = !!process.env.NEXUS_E2E_BASE_URL;
// A host nobody has set up yet (its own database), and one with the admin made.
const fresh = external ? null : setup({ admin: false });
const env = setup();

/** The right edge of the widest thing inside `locator` (nothing may stick out of a phone screen). */
const rightEdge = (locator) =>
  locator.evaluate((el) => Math.max(el.getBoundingClientRect().right, ...[...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)));

async function inViewport(locator) {
  const box = await locator.boundingBox();
  const vp = locator.page().viewportSize();
  return !!box && box.y >= 0 && box.y + box.height <= vp.height + 0.5 && box.x >= 0 && box.x + box.width <= vp.width + 0.5;
}

/** Sends a message in the UI, waits for the reply; returns the conversation id. */
async function chatOnce(app, text) {
  await app.chat.send(text);
  assert.equal(await app.chat.waitForReplyEnd(), 'completed');
  await app.page.waitForFunction(() => /\/c\/[^/]+$/.test(location.pathname));
  return app.chat.conversationId();
}

describe('accounts', () => {
  it('first run: the create-admin screen, then the app; a reload stays signed in', { skip: external && 'needs a server nobody has set up' }, async () => {
    const before = await (await fresh.fetch('/api/auth/status', {}, null)).json();
    assert.deepEqual(before, { setup_required: true, user: null, registration: 'closed' });
    // Nothing else answers without a session.
    const anon = await fresh.fetch('/api/conversations', {}, null);
    assert.equal(anon.status, 401);
    assert.equal((await anon.json()).code, 'unauthenticated');

    const app = await fresh.open(DESKTOP, '/', { signedIn: false });
    const { auth, page } = app;
    await auth.setupScreen.waitFor();
    assert.match(await auth.setupScreen.textContent(), /own the conversations already on this server/);
    assert.match(await page.title(), /Create the admin account/);
    await screenshot(page, 'desktop-setup');

    // Checked before sending: the confirmation must match, the password be long enough.
    await auth.fillSetup('admin', 'admin-password-1', 'admin-password-2');
    assert.match(await auth.setupError.textContent(), /do not match/);
    await auth.fillSetup('admin', 'short');
    assert.match(await auth.setupError.textContent(), /at least 8/);

    const created = page.waitForResponse((r) => r.url().endsWith('/api/auth/setup'));
    await auth.fillSetup(ADMIN.username, ADMIN.password);
    assert.equal((await created).status(), 201);
    await app.chat.input.waitFor();
    assert.equal(await app.sidebar.username(), ADMIN.username);
    assert.equal(await app.sidebar.userMenu.getByTestId('open-users').count(), 1, 'the admin has Users');

    await app.reload();
    assert.equal(await app.sidebar.username(), ADMIN.username, 'still signed in after a reload');
    // Setup is a one-time thing.
    const again = await fresh.fetch('/api/auth/setup', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'mallory', password: 'password-123' }) }, null);
    assert.equal(again.status, 409);
    assert.equal((await again.json()).code, 'already_set_up');
    // A second browser now gets the sign-in screen, not setup.
    const other = await fresh.open(DESKTOP, '/', { signedIn: false });
    await other.auth.signInScreen.waitFor();
    await other.context.close();
    fresh.assertClean(app);
    await app.context.close();
  });

  it('sign out → the sign-in screen; a wrong password is refused; the right one returns to the same conversation', async () => {
    // A session of its own: signing out ends it (not the fixture's).
    const app = await env.open(DESKTOP, '/', { newSession: true });
    const { auth, page, chat } = app;
    const id = await chatOnce(app, 'remember where I was');
    assert.equal(app.path(), `/c/${id}`);

    await app.sidebar.signOut();
    assert.equal(await chat.input.count(), 0, 'the app is gone');
    assert.match(await page.title(), /Sign in/);
    // Signed out for real: the API refuses this browser now.
    const after = await page.evaluate(() => fetch('/api/conversations', { headers: { 'X-Requested-With': 'nexus' } }).then((r) => r.status));
    assert.equal(after, 401);

    const refused = await auth.signInFails(ADMIN.username, 'not-the-password');
    assert.equal(refused.status, 401);
    assert.equal(refused.code, 'bad_credentials');
    assert.equal(refused.text, refused.error, 'the server sentence is shown');
    assert.equal(await auth.error.getAttribute('role'), 'alert');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password field is cleared');
    await screenshot(page, 'desktop-signin-error');

    await auth.signIn(ADMIN.username, ADMIN.password);
    assert.equal(app.path(), `/c/${id}`, 'back at the conversation');
    await chat.lastAssistant().waitFor();
    assert.match(await chat.lastAssistantText(), /remember where I was/);
    env.assertClean(app);
    await app.context.close();
  });

  it('a link opened while signed out leads through sign-in to that conversation', async () => {
    const conv = await env.api('/api/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const app = await env.open(DESKTOP, `/c/${conv.id}`, { signedIn: false });
    await app.auth.signInScreen.waitFor();
    await app.auth.signIn(ADMIN.username, ADMIN.password);
    assert.equal(app.path(), `/c/${conv.id}`);
    await app.chat.emptyState.waitFor();
    env.assertClean(app);
    await app.context.close();
  });

  it('two users: the admin adds bob in the Users panel; neither sees the other’s chats', async () => {
    const admin = await env.open();
    const users = await admin.sidebar.openUsers();
    const bobName = `bob${Date.now().toString(36).slice(-5)}`;
    const bobPassword = 'bob-password-1';
    await users.create(bobName, bobPassword, 'member');
    assert.equal(await users.row(bobName).getByTestId('user-role').textContent(), 'Member');
    assert.ok((await users.usernames()).includes(ADMIN.username));
    await screenshot(admin.page, 'desktop-users');
    await users.close();
    const adminChat = await chatOnce(admin, 'the admin’s secret');

    const bob = await env.open(DESKTOP, '/', { signedIn: false });
    await bob.auth.signIn(bobName, bobPassword);
    assert.equal(await bob.sidebar.username(), bobName);
    assert.equal(await bob.sidebar.userMenu.getByTestId('open-users').count(), 0, 'a member has no Users');
    await bob.page.getByText('No conversations yet.').waitFor();
    assert.equal(await bob.sidebar.item(adminChat).count(), 0);
    const bobChat = await chatOnce(bob, 'bob’s secret');

    // The other's conversation URL: not found, in the UI and in the API.
    await bob.page.goto(`/c/${adminChat}`);
    await bob.page.getByTestId('load-error').waitFor();
    assert.equal((await bob.context.request.get(`/api/conversations/${adminChat}`)).status(), 404);
    assert.equal(await bob.sidebar.item(adminChat).count(), 0);

    await admin.page.goto(`/c/${bobChat}`);
    await admin.page.getByTestId('load-error').waitFor();
    assert.equal((await admin.context.request.get(`/api/conversations/${bobChat}`)).status(), 404);
    await admin.sidebar.item(adminChat).waitFor();
    assert.equal(await admin.sidebar.item(bobChat).count(), 0);

    // The admin's table counts bob's chat.
    const again = await admin.sidebar.openUsers();
    await again.row(bobName).waitFor();
    assert.equal((await again.row(bobName).getByTestId('user-chats').textContent()).trim(), '1');
    env.assertClean(admin);
    env.assertClean(bob);
    await admin.context.close();
    await bob.context.close();
  });

  it('disabling a user signs them out at their next step, and their sign-in says the account is disabled', async () => {
    const dave = await env.createUser('dave');
    const daveApp = await env.open(DESKTOP, '/', { as: dave });
    const admin = await env.open();
    const users = await admin.sidebar.openUsers();
    await users.setDisabled(dave.username, true);
    assert.match(await users.row(dave.username).getByTestId('user-status').textContent(), /Disabled/);

    // Dave's next action goes to the server, which no longer knows his session.
    await daveApp.chat.input.fill('anyone there?');
    await daveApp.chat.input.press('Enter');
    await daveApp.auth.signInScreen.waitFor();
    assert.match(await daveApp.auth.notice.textContent(), /session has ended/i);
    const refused = await daveApp.auth.signInFails(dave.username, dave.password);
    assert.equal(refused.status, 403);
    assert.equal(refused.code, 'account_disabled');
    assert.equal(refused.text, refused.error);

    // Enabled again, he can sign in; a reset password replaces the old one.
    await users.setDisabled(dave.username, false);
    await users.resetPassword(dave.username, 'a-new-password-9');
    const old = await daveApp.auth.signInFails(dave.username, dave.password);
    assert.equal(old.code, 'bad_credentials');
    await daveApp.auth.signIn(dave.username, 'a-new-password-9');

    // Deleting him (after the inline confirmation) takes his chats too.
    const id = await chatOnce(daveApp, 'soon gone');
    await users.delete(dave.username);
    assert.equal((await env.fetch(`/api/conversations/${id}`)).status, 404);
    await daveApp.page.reload();
    await daveApp.auth.signInScreen.waitFor();
    env.assertClean(admin);
    await admin.context.close();
    await daveApp.context.close();
  });

  it('sessions: “Sign out everywhere else” ends the other browser’s session; the password can be changed', async () => {
    const erin = await env.createUser('erin');
    const laptop = await env.open(DESKTOP, '/', { as: erin, newSession: true });
    const phone = await env.open(PHONE, '/', { as: erin, newSession: true });

    const account = await laptop.sidebar.openAccount();
    const before = await account.sessionSummary();
    assert.ok(before.count >= 3, `the fixture's, the laptop's and the phone's sessions (${before.count})`);
    assert.equal(before.current, 1, 'one is this device');
    assert.ok(before.rows.some((r) => /iPhone/.test(r.device)), `the phone is named: ${before.rows.map((r) => r.device)}`);
    await screenshot(laptop.page, 'desktop-account');
    await account.signOutEverywhereElse();
    assert.match(await account.status.textContent(), /Signed out \d+ other session/);
    assert.deepEqual(await account.sessionSummary().then((s) => [s.count, s.current]), [1, 1]);

    // The phone is signed out at its next request.
    await phone.page.reload();
    await phone.auth.signInScreen.waitFor();

    // Change the password: the wrong current one is refused, then the new one works.
    const wrong = await account.changePassword('not-my-password', 'erins-new-password');
    assert.equal(wrong.status(), 403);
    assert.equal((await wrong.json()).code, 'wrong_password');
    await account.root.getByTestId('password-error').filter({ hasText: /\S/ }).waitFor();
    const ok = await account.changePassword(erin.password, 'erins-new-password');
    assert.equal(ok.status(), 204);
    await account.root.getByTestId('password-status').filter({ hasText: 'Password changed' }).waitFor();
    await account.close();
    await laptop.reload();
    assert.equal(await laptop.sidebar.username(), erin.username, 'this device stays signed in');
    const old = await phone.auth.signInFails(erin.username, erin.password);
    assert.equal(old.code, 'bad_credentials');
    await phone.auth.signIn(erin.username, 'erins-new-password');

    // Signing this device out from the list: straight to the sign-in screen.
    const acc = await laptop.sidebar.openAccount();
    await acc.sessionSummary();
    await acc.root.locator('[data-testid=session-item][data-current=true]').getByTestId('session-revoke').click();
    await laptop.auth.signInScreen.waitFor();
    env.assertClean(laptop);
    env.assertClean(phone);
    await laptop.context.close();
    await phone.context.close();
  });

  it('keyboard: Account and Users trap Tab, close on Escape and give focus back; a user’s delete confirmation keeps focus', async () => {
    const victim = await env.createUser('kim');
    const app = await env.open();
    const { page, sidebar } = app;
    const accountButton = sidebar.userMenu.getByTestId('open-account');
    await accountButton.focus();
    await page.keyboard.press('Enter');
    const account = page.getByTestId('account-panel');
    await account.waitFor();
    assert.ok((await app.focused('[data-testid=account-panel]')).inside, 'focus moved into Account');
    await app.tabAround('[data-testid=account-panel]');
    await page.keyboard.press('Escape');
    await account.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(accountButton), 'focus is back on Account');

    const usersButton = sidebar.userMenu.getByTestId('open-users');
    await usersButton.focus();
    await page.keyboard.press('Enter');
    const users = new (await import('./pages/AppPage.mjs')).UsersPage(page);
    await users.row(victim.username).waitFor();
    await app.tabAround('[data-testid=users-panel]');
    // Delete → the confirmation takes focus (Cancel); Escape → back on Delete, panel still open.
    const del = users.row(victim.username).getByTestId('user-delete');
    await del.focus();
    await page.keyboard.press('Enter');
    const confirm = users.row(victim.username).getByTestId('user-delete-confirm');
    await confirm.waitFor();
    assert.ok(await app.hasFocus(confirm.getByRole('button', { name: 'Cancel' })), 'Cancel has focus');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(del), 'focus is back on Delete');
    // Reset password: the field takes focus; Escape cancels it, not the panel.
    const reset = users.row(victim.username).getByTestId('user-reset-password');
    await reset.focus();
    await page.keyboard.press('Enter');
    assert.ok(await app.hasFocus(users.row(victim.username).getByTestId('user-reset-input')), 'the new-password field has focus');
    await page.keyboard.press('Escape');
    await users.row(victim.username).getByTestId('user-reset-form').waitFor({ state: 'detached' });
    assert.ok(await users.root.isVisible(), 'the panel stays open');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'user-reset-password');
    await page.keyboard.press('Escape');
    await users.root.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(usersButton), 'focus is back on Users');
    env.assertClean(app);
    await app.context.close();
  });

  it('phone: the sign-in screen fits, and the drawer has the user menu with Sign out', async () => {
    const phil = await env.createUser('phil');
    const app = await env.open(PHONE, '/', { signedIn: false });
    const { auth, page, sidebar } = app;
    await auth.signInScreen.waitFor();
    for (const el of [page.getByLabel('Username'), page.getByLabel('Password', { exact: true }), page.getByTestId('signin-submit')]) {
      assert.ok(await inViewport(el), 'sign-in controls on screen');
    }
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no horizontal overflow');
    await screenshot(page, 'phone-signin');
    await page.getByLabel('Username').tap();
    await page.getByLabel('Username').fill(phil.username);
    await page.getByLabel('Password', { exact: true }).fill(phil.password);
    await page.getByTestId('signin-submit').tap();
    await app.chat.input.waitFor();

    await sidebar.open();
    assert.ok(await inViewport(sidebar.userMenu.getByTestId('sign-out')), 'Sign out visible in the drawer');
    assert.equal(await sidebar.username(), phil.username);
    await screenshot(page, 'phone-user-menu');
    const account = await sidebar.openAccount();
    assert.ok((await rightEdge(account.root)) <= 390.5, 'the account panel fits');
    await page.keyboard.press('Escape');
    await account.root.waitFor({ state: 'detached' });
    await sidebar.open();
    await sidebar.userMenu.getByTestId('sign-out').tap();
    await auth.signInScreen.waitFor();
    env.assertClean(app);
    await app.context.close();

    // The admin's Users panel on a phone: rows as cards, nothing wider than the screen.
    const admin = await env.open(PHONE);
    const users = await admin.sidebar.openUsers();
    await users.row(phil.username).waitFor();
    assert.ok((await rightEdge(users.root)) <= 390.5, `the users panel fits (${await rightEdge(users.root)})`);
    await screenshot(admin.page, 'phone-users');
    env.assertClean(admin);
    await admin.context.close();
  });
});
