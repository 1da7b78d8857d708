// The interface in Russian and English in a real browser: a browser whose language is
// Russian sees the first-run screen in Russian; the profile's language switches the UI at
// once and survives a reload; plurals, dates and a server error read as Russian.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, setup } from './lib/fixture.mjs';
import { DESKTOP, screenshot } from './lib/browser.mjs';

const external = !!process.env.NEXUS_E2E_BASE_URL;
// A host nobody has set up yet: the admin is created through the (Russian) setup screen.
const env = setup({ admin: false });
const RU = { ...DESKTOP, locale: 'ru-RU' };

const json = (method, body) => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const lang = (page) => page.evaluate(() => document.documentElement.lang);
const placeholder = (page) => page.getByTestId('composer-input').getAttribute('placeholder');

/** A folder named `name` with `n` new chats in it. */
async function folderWith(name, n) {
  const folder = await env.api('/api/folders', json('POST', { name }));
  const ids = [];
  for (let i = 0; i < n; i++) ids.push((await env.api('/api/conversations', json('POST', {}))).id);
  const moved = await env.api('/api/conversations/bulk', json('POST', { ids, action: 'move', folder_id: folder.id }));
  assert.equal(moved.changed, n);
  return folder;
}

/** The folder counts as a person hears them (their aria-labels), by folder name. */
const folderCounts = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid=folder]')].map((f) => [f.dataset.name, f.querySelector('[data-testid=folder-count]')?.getAttribute('aria-label')]),
    ),
  );

/** Account → About me: chooses the language and saves; waits for the PATCH. */
async function chooseLanguage(page, value) {
  await page.getByTestId('user-menu').getByTestId('open-account').click();
  const panel = page.getByTestId('account-panel');
  await panel.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=profile-language]')?.disabled);
  await panel.getByTestId('profile-language').selectOption(value);
  const res = page.waitForResponse((r) => r.url().endsWith('/api/users/me/profile') && r.request().method() === 'PATCH');
  await panel.getByTestId('profile-save').click();
  assert.equal((await res).status(), 200);
  return panel;
}

describe('interface language', { skip: external && 'needs a server nobody has set up' }, () => {
  it('Russian from the browser, English from the profile at once and after a reload, Russian plurals, dates and errors', async () => {
    // ── A Russian browser, before anyone signs in: the setup screen is in Russian ──
    const app = await env.open(RU, '/', { signedIn: false });
    const { page } = app;
    await page.getByTestId('setup-screen').waitFor();
    assert.equal(await lang(page), 'ru');
    assert.match(await page.getByTestId('setup-screen').textContent(), /Создайте аккаунт администратора/);
    assert.match(await page.getByTestId('setup-screen').textContent(), /Добро пожаловать в Nexus/);
    assert.equal(await page.title(), 'Создайте аккаунт администратора · Nexus');
    assert.equal(await page.getByLabel('Имя пользователя').count(), 1, 'the labels are Russian');
    assert.equal(await page.getByLabel('Повторите пароль').count(), 1);
    // Checked in the browser, said in Russian.
    await page.getByTestId('setup-username').fill(ADMIN.username);
    await page.getByTestId('setup-password').fill(ADMIN.password);
    await page.getByTestId('setup-confirm').fill('something-else-1');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-error').filter({ hasText: 'Пароли не совпадают.' }).waitFor();
    await screenshot(page, 'desktop-i18n-setup-ru');

    await page.getByTestId('setup-confirm').fill(ADMIN.password);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/auth/setup'));
    await page.getByTestId('setup-submit').click();
    assert.equal((await created).status(), 201);
    await page.getByTestId('composer-input').waitFor();
    assert.equal(await placeholder(page), 'Сообщение для Nexus');
    await env.setUpAdmin(); // a session for the API calls below (signs in: set up already)
    assert.equal((await env.api('/api/users/me/profile')).language, '', 'nothing chosen yet: the browser’s');

    // ── The profile's language: English at once, and after a reload ──
    const panel = await chooseLanguage(page, 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await panel.getByTestId('profile-status').filter({ hasText: 'Saved.' }).waitFor();
    assert.match(await panel.textContent(), /About me/);
    assert.equal(await placeholder(page), 'Message Nexus', 'the page behind the dialog too');
    assert.equal((await env.api('/api/users/me/profile')).language, 'en');
    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByTestId('composer-input').waitFor();
    assert.equal(await lang(page), 'en');
    assert.equal(await placeholder(page), 'Message Nexus');
    assert.equal(await page.evaluate(() => localStorage.getItem('nexus.lang')), 'en', 'remembered, so the next load starts in English');

    // ── Back to Russian: plurals and dates ──
    await folderWith('Один', 1);
    await folderWith('Три', 3);
    await folderWith('Пять', 5);
    for (const title of ['Отчёт за май', 'Отчёт за июнь', 'Отчёт за июль']) {
      const c = await env.api('/api/conversations', json('POST', {}));
      await env.api(`/api/conversations/${c.id}`, json('PATCH', { title }));
    }
    await chooseLanguage(page, 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    const account = page.getByTestId('account-panel');
    await account.getByTestId('profile-status').filter({ hasText: 'Сохранено.' }).waitFor();
    // Dates: the sessions list says when, the usage view which month, in Russian.
    await account.getByTestId('session-list').waitFor();
    assert.match(await account.getByTestId('session-item').first().textContent(), /Последняя активность только что · вход только что/);
    const month = new Intl.DateTimeFormat('ru-RU', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    const monthLabel = month.charAt(0).toUpperCase() + month.slice(1);
    await account.getByTestId('my-usage').getByText(monthLabel).first().waitFor();
    await screenshot(page, 'desktop-i18n-account-ru');
    await page.keyboard.press('Escape');
    await account.waitFor({ state: 'detached' });

    await page.reload();
    await page.getByTestId('composer-input').waitFor();
    assert.equal(await placeholder(page), 'Сообщение для Nexus');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=folder]').length === 3);
    await page.waitForFunction(() => document.querySelector('[data-testid=folder][data-name=Пять] [data-testid=folder-count]')?.textContent.trim() === '5');
    assert.deepEqual(await folderCounts(page), { Один: '1 чат', Пять: '5 чатов', Три: '3 чата' });
    assert.equal(await page.locator('[data-testid=date-group][data-group=today]').first().getByText('Сегодня').count(), 1);
    // The search palette counts what it found.
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('search-palette');
    const searched = page.waitForResponse((r) => r.url().includes('/api/search?'));
    await palette.getByTestId('search-input').fill('Отчёт');
    const found = await (await searched).json();
    assert.equal(found.titles?.length, 3, JSON.stringify(found));
    // The live region says how many (for a screen reader).
    const announced = palette.locator('p[role=status]');
    await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-testid=search-palette] p[role=status]')?.textContent.trim() ?? ''));
    assert.equal((await announced.textContent()).trim(), '3 чата, 0 сообщений');
    await screenshot(page, 'desktop-i18n-search-ru');
    await page.keyboard.press('Escape');

    // ── A server error, in Russian: a wrong password ──
    await page.getByTestId('user-menu').getByTestId('sign-out').click();
    await page.getByTestId('signin-screen').waitFor();
    assert.equal(await lang(page), 'ru', 'still Russian after signing out');
    assert.equal(await page.title(), 'Войти · Nexus');
    await page.getByTestId('signin-username').fill(ADMIN.username);
    await page.getByTestId('signin-password').fill('not-the-password');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('signin-submit').click();
    const res = await refused;
    assert.equal(res.status(), 401);
    const body = await res.json();
    assert.equal(body.code, 'bad_credentials');
    assert.equal(body.error, 'The username or the password is wrong.', 'the API keeps its English sentence');
    await page.getByTestId('signin-error').filter({ hasText: 'Неверное имя пользователя или пароль.' }).waitFor();
    await screenshot(page, 'desktop-i18n-signin-error-ru');
    env.assertClean(app);
  });

  it('an English browser that never chose sees English', async () => {
    const app = await env.open(DESKTOP, '/', { signedIn: false });
    await app.page.getByTestId('signin-screen').waitFor();
    assert.equal(await lang(app.page), 'en');
    assert.equal(await app.page.title(), 'Sign in · Nexus');
    assert.equal(await app.page.getByLabel('Username').count(), 1);
  });
});
