// Page objects for the Nexus UI. Tests talk to these, never to raw selectors.
import assert from 'node:assert/strict';

export class SidebarPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('sidebar');
    this.items = this.root.getByTestId('conversation-item');
  }
  async isOpen() {
    const box = await this.root.boundingBox();
    return !!box && box.x + box.width > 1 && (await this.root.isVisible());
  }
  async open() {
    if (!(await this.isOpen())) await this.page.getByTestId('open-sidebar').click();
    await this.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=sidebar]');
      return el && Math.round(el.getBoundingClientRect().left) === 0;
    });
  }
  item(id) {
    return this.root.locator(`[data-testid=conversation-item][data-id="${id}"]`);
  }
  async title(id) {
    return (await this.item(id).getByTestId('conversation-title').textContent())?.trim();
  }
  async newChat() {
    await this.root.getByTestId('new-chat').click();
  }
  async select(id) {
    await this.item(id).getByTestId('conversation-title').click();
  }
  async delete(id) {
    const item = this.item(id);
    await item.hover();
    await item.getByTestId('delete-conversation').click();
    await item.getByRole('button', { name: 'Delete', exact: true }).click();
    await item.waitFor({ state: 'detached' });
  }
  async ids() {
    return this.items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  }
  /** Which list is shown: `active` or `archived`. */
  view() {
    return this.root.getByTestId('conversation-list').getAttribute('data-view');
  }
  /** Archives (or, in the Archived view, brings back) a chat from its row; waits for the PATCH and the row to go. */
  async toggleArchived(id) {
    const item = this.item(id);
    await item.hover();
    const res = this.page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${id}`) && r.request().method() === 'PATCH');
    await item.getByTestId('archive-conversation').click();
    assert.equal((await res).status(), 200);
    await item.waitFor({ state: 'detached' });
  }
  /** Switches the list to the archived chats and waits for them. */
  async showArchived() {
    await this.root.getByTestId('show-archived').click();
    await this.root.locator('[data-testid=conversation-list][data-view=archived]').waitFor();
    await this.page.waitForFunction(() => !/Loading…/.test(document.querySelector('[data-testid=conversation-list]')?.textContent ?? ''));
  }
  async showChats() {
    await this.root.getByTestId('show-chats').click();
    await this.root.locator('[data-testid=conversation-list][data-view=active]').waitFor();
  }
  async openSettings() {
    await this.root.getByRole('button', { name: 'Settings', exact: true }).click();
    const s = new SettingsPage(this.page);
    await s.root.waitFor();
    return s;
  }
  /** The signed-in user's menu at the bottom (Account, Users, name, Sign out). */
  get userMenu() {
    return this.root.getByTestId('user-menu');
  }
  async username() {
    return this.userMenu.getByTestId('current-username').getAttribute('data-username');
  }
  async openAccount() {
    await this.open();
    await this.userMenu.getByTestId('open-account').click();
    const a = new AccountPage(this.page);
    await a.root.waitFor();
    return a;
  }
  async openUsers() {
    await this.open();
    await this.userMenu.getByTestId('open-users').click();
    const u = new UsersPage(this.page);
    await u.root.waitFor();
    return u;
  }
  async openHousehold() {
    await this.open();
    await this.userMenu.getByTestId('open-household').click();
    const h = new HouseholdPage(this.page);
    await h.root.waitFor();
    await h.editor.waitFor();
    return h;
  }
  /** Sign out from the menu; waits for the sign-in screen. */
  async signOut() {
    await this.open();
    await this.userMenu.getByTestId('sign-out').click();
    await this.page.getByTestId('signin-screen').waitFor();
  }
}

/** The screens before the app: first-run setup and sign-in. */
export class AuthPage {
  constructor(page) {
    this.page = page;
    this.signInScreen = page.getByTestId('signin-screen');
    this.setupScreen = page.getByTestId('setup-screen');
    /** Either screen. */
    this.screen = page.locator('[data-testid=signin-screen], [data-testid=setup-screen], [data-testid=register-screen]');
    this.registerScreen = page.getByTestId('register-screen');
    this.registerError = page.getByTestId('register-error');
    this.error = page.getByTestId('signin-error');
    this.notice = page.getByTestId('signin-notice');
    this.setupError = page.getByTestId('setup-error');
  }
  /** Fills and submits the sign-in form; returns the /api/auth/login response. */
  async submitSignIn(username, password) {
    await this.signInScreen.waitFor();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST');
    await this.page.getByTestId('signin-submit').click();
    return res;
  }
  /** Signs in and waits for the app. */
  async signIn(username, password) {
    const res = await this.submitSignIn(username, password);
    assert.equal(res.status(), 200, `sign-in as ${username}: ${res.status()}`);
    await this.page.getByTestId('composer-input').waitFor();
  }
  /** Signs in expecting a refusal; returns `{ status, code, text }` (text: what the screen says). */
  async signInFails(username, password) {
    const res = await this.submitSignIn(username, password);
    const body = await res.json();
    await this.page.waitForFunction(() => document.querySelector('[data-testid=signin-error]')?.textContent.trim());
    return { status: res.status(), code: body.code, error: body.error, text: (await this.error.textContent()).trim() };
  }
  /** Fills and submits the create-account / join form; returns the /api/auth/register response. */
  async submitRegister(username, password, confirm = password) {
    await this.registerScreen.waitFor();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Confirm password').fill(confirm);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/auth/register') && r.request().method() === 'POST');
    await this.page.getByTestId('register-submit').click();
    return res;
  }
  /** Registers expecting a refusal; returns `{ status, code, error, text }` (text: what the screen says). */
  async registerFails(username, password) {
    const res = await this.submitRegister(username, password);
    const body = await res.json();
    await this.page.waitForFunction(() => document.querySelector('[data-testid=register-error]')?.textContent.trim());
    return { status: res.status(), code: body.code, error: body.error, text: (await this.registerError.textContent()).trim() };
  }
  async fillSetup(username, password, confirm = password) {
    await this.setupScreen.waitFor();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Confirm password').fill(confirm);
    await this.page.getByTestId('setup-submit').click();
  }
}

export class AccountPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('account-panel');
    this.sessions = this.root.getByTestId('session-item');
    this.status = this.root.getByTestId('sessions-status');
  }
  async close() {
    await this.root.getByRole('button', { name: 'Close account' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
  /** Waits until the session list has loaded; returns `{ count, current }`. */
  async sessionSummary() {
    await this.root.getByTestId('session-list').waitFor();
    const rows = await this.sessions.evaluateAll((els) => els.map((e) => ({ current: e.dataset.current === 'true', device: e.querySelector('[data-testid=session-device]')?.textContent })));
    return { count: rows.length, current: rows.filter((r) => r.current).length, rows };
  }
  async signOutEverywhereElse() {
    const done = this.page.waitForResponse((r) => r.url().endsWith('/api/auth/sessions/revoke-others'));
    await this.root.getByTestId('sign-out-others').click();
    assert.equal((await done).status(), 200);
    await this.page.waitForFunction(() => document.querySelector('[data-testid=sessions-status]')?.textContent.trim());
  }
  /** Saves "about me" (and the language, when given); waits for the PATCH. */
  async saveProfile(about, language) {
    const form = this.root.getByTestId('profile-form');
    const field = form.getByTestId('profile-about');
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=profile-about]')?.disabled);
    await field.fill(about);
    if (language !== undefined) await form.getByTestId('profile-language').selectOption(language);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/users/me/profile') && r.request().method() === 'PATCH');
    await form.getByTestId('profile-save').click();
    assert.equal((await res).status(), 200);
    // Said in the language just chosen (it applies at once).
    await form.getByTestId('profile-status').filter({ hasText: /^(Saved\.|Сохранено\.)$/ }).waitFor();
  }
  /** The "about me" text once the profile has loaded. */
  async aboutMe() {
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=profile-about]')?.disabled);
    return this.root.getByTestId('profile-about').inputValue();
  }
  /**
   * "Usage and limits" → this month's report, once loaded: `{ view, replies, rows }` (the
   * total replies and each model row's model, replies, cost as shown); empty: replies 0.
   */
  async usage() {
    const view = this.root.getByTestId('my-usage');
    await view.waitFor();
    await this.page.waitForFunction(
      () => !!document.querySelector('[data-testid=my-usage] :is([data-testid=usage-table], [data-testid=usage-empty], [data-testid=usage-view-error])'),
    );
    const rows = await view.getByTestId('usage-model-row').evaluateAll((els) =>
      els.map((e) => {
        const cells = [...e.querySelectorAll('td')].map((td) => td.textContent.trim());
        return { model: e.dataset.model, replies: Number(cells[0].replace(/,/g, '')), cost: cells[3] };
      }),
    );
    const total = view.getByTestId('usage-total-row');
    const replies = (await total.count()) ? Number((await total.locator('td').first().textContent()).replace(/,/g, '')) : 0;
    const totalCost = (await total.count()) ? (await view.getByTestId('usage-total-cost').textContent()).trim() : null;
    return { view, replies, rows, totalCost };
  }
  /** Creates an API token; returns the secret shown once. */
  async createToken(name) {
    const section = this.root.getByTestId('tokens-section');
    await section.getByLabel('Token name').fill(name);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/users/me/tokens') && r.request().method() === 'POST');
    await section.getByTestId('token-create').click();
    assert.equal((await res).status(), 201);
    await section.getByTestId('token-created').waitFor();
    return section.getByTestId('token-secret-value').inputValue();
  }
  token(name) {
    return this.root.locator(`[data-testid=token-item][data-name="${name}"]`);
  }
  async tokenNames() {
    await this.page.waitForFunction(() => !!document.querySelector('[data-testid=token-list], [data-testid=tokens-empty]'));
    return this.root.getByTestId('token-item').evaluateAll((els) => els.map((e) => e.dataset.name));
  }
  async revokeToken(name) {
    const row = this.token(name);
    await row.getByTestId('token-revoke').click();
    const res = this.page.waitForResponse((r) => /\/api\/users\/me\/tokens\/[^/]+$/.test(r.url()) && r.request().method() === 'DELETE');
    await row.getByTestId('token-revoke-yes').click();
    assert.equal((await res).status(), 204);
    await row.waitFor({ state: 'detached' });
  }
  /** Fills and submits the change-password form; returns the response. */
  async changePassword(current, next, confirm = next) {
    const form = this.root.getByTestId('password-form');
    await form.getByLabel('Current password').fill(current);
    await form.getByLabel('New password', { exact: true }).fill(next);
    await form.getByLabel('Confirm new password').fill(confirm);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/users/me/password'));
    await form.getByTestId('password-save').click();
    return res;
  }
}

export class UsersPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('users-panel');
    this.rows = this.root.getByTestId('user-row');
    this.error = this.root.getByTestId('users-error');
  }
  async close() {
    await this.root.getByRole('button', { name: 'Close users' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
  row(username) {
    return this.root.locator(`[data-testid=user-row][data-username="${username}"]`);
  }
  /** Opens a user's usage under their row; returns its view (month, chart, table). */
  async openUsage(username) {
    await this.row(username).getByTestId('user-usage').click();
    const view = this.root.locator(`[data-testid=user-usage-row][data-username="${username}"] [data-testid=user-usage-view]`);
    await view.waitFor();
    return view;
  }
  async usernames() {
    await this.root.getByTestId('users-table').waitFor();
    return this.rows.evaluateAll((els) => els.map((e) => e.dataset.username));
  }
  async create(username, password, role = 'member') {
    const form = this.root.getByTestId('create-user-form');
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill(password);
    await form.getByLabel('Role').selectOption(role);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/admin/users') && r.request().method() === 'POST');
    await form.getByTestId('create-user-submit').click();
    assert.equal((await res).status(), 201);
    await this.row(username).waitFor();
  }
  /** Clicks a row action (`user-toggle-role`, `user-toggle-disabled`, …) and waits for its PATCH. */
  async patch(username, testId) {
    const res = this.page.waitForResponse((r) => /\/api\/admin\/users\/[^/]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await this.row(username).getByTestId(testId).click();
    return res;
  }
  async setDisabled(username, disabled) {
    const res = await this.patch(username, 'user-toggle-disabled');
    assert.equal(res.status(), 200);
    await this.page.waitForFunction(
      ([u, d]) => document.querySelector(`[data-testid=user-row][data-username="${u}"]`)?.dataset.disabled === String(d),
      [username, disabled],
    );
  }
  async resetPassword(username, password) {
    const row = this.row(username);
    await row.getByTestId('user-reset-password').click();
    await row.getByLabel(`New password for ${username}`).fill(password);
    const res = this.page.waitForResponse((r) => /\/api\/admin\/users\/[^/]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await row.getByTestId('user-reset-save').click();
    assert.equal((await res).status(), 200);
    await row.getByTestId('user-reset-form').waitFor({ state: 'detached' });
  }
  /** Opens a user's limits, lets `fill(form)` change them, saves; returns the PUT's JSON answer. */
  async setLimits(username, fill) {
    await this.row(username).getByTestId('user-limits').click();
    const form = this.root.locator(`[data-testid=user-limits-row][data-username="${username}"] [data-testid=limits-form]`);
    await form.getByTestId('limits-maxChats').waitFor();
    await fill(form);
    const res = this.page.waitForResponse((r) => /\/api\/admin\/users\/[^/]+\/limits$/.test(r.url()) && r.request().method() === 'PUT');
    await form.getByTestId('limits-save').click();
    const answer = await res;
    assert.equal(answer.status(), 200, `PUT limits: ${await answer.text()}`);
    await form.waitFor({ state: 'detached' });
    return answer.json();
  }
  get signup() {
    return this.root.getByTestId('signup-section');
  }
  /** Chooses who may sign up (`closed`, `invite`, `open`); waits for the PUT. */
  async setSignupMode(mode) {
    await this.page.waitForFunction(() => !!document.querySelector('[data-testid=signup-mode]')?.dataset.mode);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/admin/registration') && r.request().method() === 'PUT');
    await this.signup.getByTestId(`signup-mode-${mode}`).check();
    assert.equal((await res).status(), 200);
    await this.signup.locator(`[data-testid=signup-mode][data-mode=${mode}]`).waitFor();
  }
  /** Creates an invite (`hours`: the expiry choice); returns the link shown once. */
  async createInvite(hours) {
    if (hours) await this.signup.getByTestId('invite-expiry').selectOption(String(hours));
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/admin/invites') && r.request().method() === 'POST');
    await this.signup.getByTestId('invite-create').click();
    const answer = await res;
    assert.equal(answer.status(), 201);
    await this.signup.getByTestId('invite-created').waitFor();
    return { link: await this.signup.getByTestId('invite-link-value').inputValue(), body: await answer.json() };
  }
  invite(id) {
    return this.signup.locator(`[data-testid=invite-item][data-id="${id}"]`);
  }
  async delete(username) {
    const row = this.row(username);
    await row.getByTestId('user-delete').click();
    const confirm = row.getByTestId('user-delete-confirm');
    assert.match(await confirm.textContent(), /conversations are deleted too/);
    const res = this.page.waitForResponse((r) => /\/api\/admin\/users\/[^/]+$/.test(r.url()) && r.request().method() === 'DELETE');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    assert.equal((await res).status(), 204);
    await row.waitFor({ state: 'detached' });
  }
}

/** Household context (admins): the editor, the history, the comparison. */
export class HouseholdPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('household-panel');
    this.editor = this.root.getByTestId('household-text');
    this.versions = this.root.getByTestId('version-item');
    this.diff = this.root.getByTestId('diff');
  }
  async close() {
    await this.root.getByRole('button', { name: 'Close household context' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
  /** Saves the text as a new version; returns it (the POST's `version`). */
  async save(text) {
    await this.editor.fill(text);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/admin/context') && r.request().method() === 'POST');
    await this.root.getByTestId('household-save').click();
    const answer = await res;
    assert.equal(answer.status(), 201);
    const { version } = await answer.json();
    await this.root.locator(`[data-testid=version-item][data-id="${version.id}"][data-current=true]`).waitFor();
    return version;
  }
  version(id) {
    return this.root.locator(`[data-testid=version-item][data-id="${id}"]`);
  }
  /** Ticks two versions; waits for the comparison; returns its lines `{ kind, text }`. */
  async compare(a, b) {
    await this.version(a).getByTestId('version-compare').check();
    await this.version(b).getByTestId('version-compare').check();
    await this.diff.waitFor();
    return this.diff.getByTestId('diff-line').evaluateAll((els) =>
      els.map((e) => ({ kind: e.dataset.kind, text: e.querySelector('[data-testid=diff-text]')?.textContent ?? e.textContent.trim() })),
    );
  }
  /** Restores an old version; returns the new version it made. */
  async restore(id) {
    const res = this.page.waitForResponse((r) => /\/api\/admin\/context\/[^/]+\/restore$/.test(r.url()) && r.request().method() === 'POST');
    await this.version(id).getByTestId('version-restore').click();
    const answer = await res;
    assert.equal(answer.status(), 201);
    const { version } = await answer.json();
    await this.root.locator(`[data-testid=version-item][data-id="${version.id}"][data-current=true]`).waitFor();
    return version;
  }
}

export class ChatPage {
  constructor(page) {
    this.page = page;
    /** The conversation's usage in the header ("≈ $0.0342 · 12,345 tokens"). */
    this.usage = page.getByTestId('conversation-usage');
    /** "Next message: at least ≈ $…" above the composer (a long conversation). */
    this.nextCost = page.getByTestId('next-message-cost');
    this.input = page.getByTestId('composer-input');
    this.sendButton = page.getByTestId('send-button');
    this.stopButton = page.getByTestId('stop-button');
    this.title = page.getByTestId('chat-title');
    this.messages = page.getByTestId('message');
    this.assistant = page.locator('[data-testid=message][data-role=assistant]');
    this.user = page.locator('[data-testid=message][data-role=user]');
    this.errorBanner = page.getByTestId('error-banner');
    this.modelValue = page.getByTestId('model-selector-value');
    this.emptyState = page.getByTestId('empty-state');
    // Offline (installed app): the read-only marker and the messages waiting to be sent.
    this.offlineBanner = page.getByTestId('offline-banner');
    this.pending = page.getByTestId('outbox-item');
  }
  /** The id of the open conversation, from the URL. */
  conversationId() {
    const m = /\/c\/([^/?#]+)/.exec(this.page.url());
    return m ? decodeURIComponent(m[1]) : null;
  }
  async type(text) {
    await this.input.fill(text);
  }
  /** Types and presses Enter; returns once the request is under way. */
  async send(text) {
    const before = await this.user.count();
    await this.input.fill(text);
    await this.input.press('Enter');
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=message][data-role=user]').length > n,
      before,
    );
  }
  /** Offline: types and presses Enter; returns once the message waits in the outbox. */
  async sendOffline(text) {
    const before = await this.pending.count();
    await this.input.fill(text);
    await this.input.press('Enter');
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=outbox-item]').length > n,
      before,
    );
  }
  /** Cancels the waiting message with this text. */
  async cancelPending(text) {
    await this.pending.filter({ hasText: text }).getByTestId('outbox-cancel').click();
  }
  lastAssistant() {
    return this.assistant.last();
  }
  async lastAssistantText() {
    return (await this.lastAssistant().getByTestId('assistant-content').innerText()).trim();
  }
  /** Waits until the last reply is no longer streaming; returns its status. */
  async waitForReplyEnd(timeout = 20_000) {
    await this.page.waitForFunction(
      () => {
        const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
        const last = all[all.length - 1];
        return last && last.getAttribute('data-status') !== 'streaming';
      },
      null,
      { timeout },
    );
    return this.lastAssistant().getAttribute('data-status');
  }
  /** Records every distinct text of the streaming reply (a MutationObserver in the page). */
  async recordStreaming() {
    await this.page.evaluate(() => {
      window.__snapshots = [];
      const obs = new MutationObserver(() => {
        const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
        const last = all[all.length - 1];
        if (!last || last.getAttribute('data-status') !== 'streaming') return;
        const text = last.querySelector('[data-testid=assistant-content]')?.textContent ?? '';
        const s = window.__snapshots;
        if (text && s[s.length - 1] !== text) s.push(text);
      });
      obs.observe(document.getElementById('root'), { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }
  snapshots() {
    return this.page.evaluate(() => window.__snapshots ?? []);
  }
  async stop() {
    await this.stopButton.click();
    await this.sendButton.waitFor();
  }
  /** The folded reasoning (`<details>`) of a reply row. */
  reasoning(row) {
    return row.getByTestId('message-reasoning');
  }
  /** What a finished reply used, as shown under it ("25 → 8 tokens · $0.000042"), or null. */
  async replyUsage(row) {
    const u = row.getByTestId('message-usage');
    return (await u.count()) ? (await u.textContent()).replace(/^·\s*/, '').trim() : null;
  }
  /** A message row by its server id. */
  message(id) {
    return this.page.locator(`[data-testid=message][data-id="${id}"]`);
  }
  /** The text of a message row (user bubble or rendered reply). */
  async textOf(row) {
    const role = await row.getAttribute('data-role');
    return (await row.getByTestId(role === 'user' ? 'user-content' : 'assistant-content').innerText()).trim();
  }
  /** Ids of the messages shown, oldest first. */
  ids() {
    return this.messages.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  }
  /** `2/3` of a message's branch switcher, or null without one. */
  async branchPosition(row) {
    const sw = row.getByTestId('branch-position');
    return (await sw.count()) ? (await sw.textContent()).trim() : null;
  }
  /** Clicks `<` or `>` under a message and waits until the switcher shows `expected`. */
  async switchBranch(row, direction, expected) {
    const before = await this.ids();
    await row.getByTestId(direction === 'prev' ? 'branch-prev' : 'branch-next').click();
    await this.page.waitForFunction(
      ([b, pos]) => {
        const ids = [...document.querySelectorAll('[data-testid=message]')].map((e) => e.getAttribute('data-id'));
        const shown = [...document.querySelectorAll('[data-testid=branch-position]')].map((e) => e.textContent.trim());
        return ids.join() !== b.join() && shown.includes(pos);
      },
      [before, expected],
    );
  }
  /** Clicks an action (copy, edit, regenerate, delete) under a message. */
  async action(row, name) {
    await row.hover();
    await row.getByTestId(`action-${name}`).click();
  }
  /** Edit & resend a user message; returns once the new version is being answered. */
  async edit(row, text) {
    await this.action(row, 'edit');
    const form = this.page.getByTestId('edit-form');
    await form.getByTestId('edit-input').fill(text);
    await form.getByTestId('edit-save').click();
    await form.waitFor({ state: 'detached' });
  }
  async deleteMessage(row) {
    await this.action(row, 'delete');
    await row.getByTestId('delete-confirm-yes').click();
    await row.waitFor({ state: 'detached' });
  }
  /** Renames the open conversation through its title in the header. */
  async rename(title) {
    await this.page.getByTestId('rename-title').click();
    const input = this.page.getByTestId('title-input');
    await input.fill(title);
    await input.press('Enter');
    await input.waitFor({ state: 'detached' });
  }
  /** Chooses a model in the header's picker; `connectionId` when the same id comes from several connections. */
  async chooseModel(search, id, connectionId) {
    await this.page.getByTestId('model-selector-button').click();
    await this.page.getByRole('searchbox', { name: 'Search models' }).fill(search);
    const where = connectionId ? `[data-connection-id="${connectionId}"]` : '';
    await this.page.locator(`[role=option][data-model-id="${id}"]${where}`).first().click();
  }
  /** The connection of the model shown in the header (`default`: the server connection). */
  async currentConnection() {
    return this.modelValue.getAttribute('data-connection-id');
  }
  /** Opens Parameters, fills the fields given (empty string: the provider's default) and saves. */
  async setParams({ temperature, maxTokens, topP } = {}) {
    await this.page.getByTestId('params-button').click();
    const dialog = this.page.getByTestId('params-dialog');
    if (temperature !== undefined) await dialog.getByLabel('Temperature').fill(String(temperature));
    if (maxTokens !== undefined) await dialog.getByLabel('Max output tokens').fill(String(maxTokens));
    if (topP !== undefined) await dialog.getByLabel('Top P').fill(String(topP));
    await dialog.getByTestId('params-save').click();
  }
  /** The model shown in the header (waits until settings or the conversation have loaded). */
  async currentModel() {
    await this.page.waitForFunction(() => !!document.querySelector('[data-testid=model-selector-value]')?.dataset.model);
    return this.modelValue.getAttribute('data-model');
  }
}

export class SettingsPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('settings-panel');
    this.keyStatus = this.root.getByTestId('api-key-status');
    this.prompts = this.root.getByTestId('prompt-item');
  }
  async close() {
    await this.root.getByRole('button', { name: 'Close settings' }).click();
    await this.root.waitFor({ state: 'detached' });
  }
  async setTheme(theme) {
    const done = this.page.waitForResponse((r) => r.url().endsWith('/api/settings') && r.request().method() === 'PATCH');
    await this.root.getByTestId(`theme-${theme}`).click();
    assert.equal((await done).status(), 200);
  }
  async theme() {
    return this.root.locator('[role=radio][aria-checked=true]').getAttribute('data-testid').then((t) => t?.replace('theme-', ''));
  }
  async setDefaultModel(search, id) {
    const done = this.page.waitForResponse((r) => r.url().endsWith('/api/settings') && r.request().method() === 'PATCH');
    await this.root.getByTestId('default-model-button').click();
    await this.page.getByRole('searchbox', { name: 'Search models' }).fill(search);
    await this.page.locator(`[data-model-id="${id}"]`).click();
    assert.equal((await done).status(), 200);
  }
  async defaultModel() {
    return this.root.getByTestId('default-model-value').getAttribute('data-model');
  }
  async setApiKey(key) {
    await this.root.getByTestId('api-key-input').fill(key);
    await this.root.getByTestId('api-key-save').click();
    await this.root.getByText('Saved.').waitFor();
  }
  prompt(name) {
    return this.root.locator(`[data-testid=prompt-item][data-name="${name}"]`);
  }
  /** A saved connection's row (Settings → Providers), by name. */
  connection(name) {
    return this.root.locator(`[data-testid=connection-item][data-name="${name}"]`);
  }
  /** The names of the connections listed after the server connection. */
  async connectionNames() {
    // Loaded: the add button, the form, or the sentence that the admin manages them.
    await this.root.locator('[data-testid=connection-add], [data-testid=connection-form], [data-testid=providers-admin-managed]').first().waitFor();
    return this.root.locator('[data-testid=connection-item][data-name]').evaluateAll((els) => els.map((e) => e.dataset.name));
  }
  /**
   * Fills the add-connection form; `submit`: 'save' (waits for the row), 'test' (waits for
   * the outcome or the error) or null (leaves it filled).
   */
  async addConnection({ kind, name, baseUrl, apiKey, scope }, submit = 'save') {
    const add = this.root.getByTestId('connection-add');
    const form = this.root.getByTestId('connection-form');
    // The Providers section is a lazily loaded chunk: wait for it (the button, or a form already open).
    await this.root.locator('[data-testid=connection-add], [data-testid=connection-form]').first().waitFor();
    if (await add.isVisible()) await add.click();
    if (kind) await form.getByTestId('connection-form-kind').selectOption(kind);
    if (name !== undefined) await form.getByTestId('connection-form-name').fill(name);
    if (baseUrl !== undefined) {
      const url = form.getByTestId('connection-form-base-url');
      if (!(await url.isVisible())) await form.getByText('Advanced').click();
      await url.fill(baseUrl);
    }
    if (apiKey !== undefined) await form.getByTestId('connection-form-key').fill(apiKey);
    if (scope) await form.getByTestId('connection-form-scope').selectOption(scope);
    if (submit === 'test') {
      await form.getByTestId('connection-form-test').click();
      const outcome = form.locator('[data-testid=connection-form-test-result][data-ok], [data-testid=connection-form-error]:not(:empty)');
      await outcome.first().waitFor();
      return outcome.first().textContent();
    }
    if (submit === 'save') {
      await form.getByTestId('connection-form-save').click();
      await form.waitFor({ state: 'detached' });
      if (name) await this.connection(name).waitFor();
    }
    return null;
  }
  /** Saves the add-connection form as filled (after `addConnection(…, 'test')`); returns the new row. */
  async saveConnection(name) {
    const form = this.root.getByTestId('connection-form');
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/settings/connections') && r.request().method() === 'POST');
    await form.getByTestId('connection-form-save').click();
    const answer = await res;
    assert.equal(answer.status(), 201, `POST /api/settings/connections: ${await answer.text()}`);
    await form.waitFor({ state: 'detached' });
    const row = this.connection(name);
    await row.waitFor();
    return row;
  }
  /** Switches a saved connection on or off. */
  async setConnectionEnabled(name, on) {
    const box = this.connection(name).getByTestId('connection-enabled');
    if ((await box.isChecked()) !== on) await box.click();
    await this.page.waitForFunction(
      ([n, v]) => document.querySelector(`[data-testid=connection-item][data-name="${n}"]`)?.getAttribute('data-enabled') === String(v),
      [name, on],
    );
  }
  async deleteConnection(name) {
    await this.connection(name).getByTestId('connection-delete').click();
    await this.connection(name).getByRole('button', { name: 'Yes, delete' }).click();
    await this.connection(name).waitFor({ state: 'detached' });
  }
  async promptNames() {
    return this.prompts.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  }
  async createPrompt(name, content) {
    await this.root.getByTestId('prompt-new').click();
    const form = this.root.getByTestId('prompt-form');
    await form.getByLabel('Prompt name').fill(name);
    await form.getByLabel('Prompt text').fill(content);
    await form.getByRole('button', { name: 'Save' }).click();
    await this.prompt(name).waitFor();
  }
  async editPrompt(name, newName, newContent) {
    await this.prompt(name).getByRole('button', { name: 'Edit' }).click();
    const form = this.root.getByTestId('prompt-form');
    await form.getByLabel('Prompt name').fill(newName);
    await form.getByLabel('Prompt text').fill(newContent);
    await form.getByRole('button', { name: 'Save' }).click();
    await this.prompt(newName).waitFor();
  }
  async makeDefault(name) {
    await this.prompt(name).getByRole('button', { name: 'Make default' }).click();
    await this.prompt(name).getByText('default', { exact: true }).waitFor();
  }
  async deletePrompt(name) {
    await this.prompt(name).getByTestId('prompt-delete').click();
    await this.prompt(name).getByRole('button', { name: 'Yes, delete' }).click();
    await this.prompt(name).waitFor({ state: 'detached' });
  }
}

export class AppPage {
  constructor(page) {
    this.page = page;
    this.sidebar = new SidebarPage(page);
    this.chat = new ChatPage(page);
    this.auth = new AuthPage(page);
    /** The polite live region that says when a reply ends. */
    this.announcement = page.getByTestId('reply-announcement');
  }
  /**
   * The element with keyboard focus: a stable key (the same element gives the same key),
   * its test id and accessible-ish name, and whether it is inside `within` (a CSS selector).
   */
  focused(within) {
    return this.page.evaluate((sel) => {
      const a = document.activeElement;
      if (!a || a === document.body) return { key: 'body', body: true, inside: false };
      window.__focusKeys ??= new WeakMap();
      if (!window.__focusKeys.has(a)) window.__focusKeys.set(a, `el${window.__focusKeys.n = (window.__focusKeys.n ?? 0) + 1}`);
      return {
        key: window.__focusKeys.get(a),
        body: false,
        testid: a.getAttribute('data-testid'),
        name: a.getAttribute('aria-label') ?? a.textContent.trim(),
        inside: sel ? !!a.closest(sel) : false,
      };
    }, within ?? null);
  }
  /** Whether `locator` is the focused element. */
  hasFocus(locator) {
    return locator.evaluate((el) => el === document.activeElement);
  }
  /**
   * Presses Tab (or Shift+Tab) until focus comes back to an element it has been on;
   * asserts focus never leaves `within`. Returns the keys of the elements visited.
   */
  async tabAround(within, { shift = false, max = 80 } = {}) {
    const seen = [];
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
      const f = await this.focused(within);
      assert.ok(f.inside, `Tab ${i + 1} left ${within}: focus on ${f.body ? 'body' : `${f.testid ?? ''} "${f.name}"`}`);
      if (seen.includes(f.key)) return seen;
      seen.push(f.key);
    }
    assert.fail(`Tab did not come back around within ${max} presses`);
  }
  async goto(path = '/') {
    await this.page.goto(path);
    await this.chat.input.waitFor();
  }
  async reload() {
    await this.page.reload();
    await this.chat.input.waitFor();
  }
  /** The path (and query, hash) the page is at. */
  path() {
    const u = new URL(this.page.url());
    return `${u.pathname}${u.search}${u.hash}`;
  }
  /** The theme actually applied to the page. */
  isDark() {
    return this.page.evaluate(() => document.documentElement.classList.contains('dark'));
  }
}
