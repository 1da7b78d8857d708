// Page objects for "find and keep" part B: prompt templates (the composer's `/` menu, the
// Templates section of Settings), share links (the header's ⋯ menu, the Share dialog,
// Account → Shared links, the public page `/s/<token>`) and Settings → Data.
import assert from 'node:assert/strict';

/** The composer's `/` menu and the form that fills a template's blanks. */
export class TemplateMenu {
  constructor(page) {
    this.page = page;
    this.input = page.getByTestId('composer-input');
    this.menu = page.getByTestId('template-menu');
    this.options = this.menu.getByTestId('template-option');
    this.fill = page.getByTestId('template-fill');
  }
  option(name) {
    return this.menu.locator(`[data-testid=template-option][data-name="${name}"]`);
  }
  /** Types `/query` into the empty composer (key by key, like a person) and waits for the list. */
  async open(query = '') {
    await this.input.fill('');
    await this.input.pressSequentially(`/${query}`);
    await this.menu.waitFor();
  }
  async names() {
    return this.options.evaluateAll((els) => els.map((e) => e.dataset.name));
  }
  /** The option the keyboard is on (`aria-activedescendant`). */
  async activeName() {
    return this.input.evaluate((el) => document.getElementById(el.getAttribute('aria-activedescendant') ?? '')?.dataset.name ?? null);
  }
  /** Fills the blanks `{ name: value }` and inserts. */
  async fillAndInsert(values) {
    await this.fill.waitFor();
    for (const [name, value] of Object.entries(values)) await this.fill.locator(`[data-testid=template-variable][data-name="${name}"]`).fill(value);
    await this.fill.getByTestId('template-insert').click();
    await this.fill.waitFor({ state: 'detached' });
  }
  async variableNames() {
    await this.fill.waitFor();
    return this.fill.getByTestId('template-variable').evaluateAll((els) => els.map((e) => e.dataset.name));
  }
}

/** Settings → Templates. */
export class TemplatesSection {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('templates-section');
    this.items = this.root.getByTestId('template-item');
  }
  item(name) {
    return this.root.locator(`[data-testid=template-item][data-name="${name}"]`);
  }
  async create(name, content, scope) {
    await this.root.getByTestId('template-new').click();
    const form = this.root.getByTestId('template-form');
    await form.getByTestId('template-form-name').fill(name);
    await form.getByTestId('template-form-content').fill(content);
    if (scope) await form.getByTestId(`template-scope-${scope}`).check();
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/templates') && r.request().method() === 'POST');
    await form.getByTestId('template-save').click();
    assert.equal((await res).status(), 201);
    await this.item(name).waitFor();
  }
}

/** The ⋯ menu of the open conversation and the Share dialog. */
export class ConversationActions {
  constructor(page) {
    this.page = page;
    this.button = page.getByTestId('header-menu-button');
    this.menu = page.getByTestId('header-menu');
    this.dialog = page.getByTestId('share-dialog');
  }
  async openMenu() {
    await this.button.click();
    await this.menu.waitFor();
  }
  async openShare() {
    await this.openMenu();
    await this.menu.getByTestId('menu-share').click();
    await this.dialog.waitFor();
    await this.dialog.locator('[data-testid=share-list], [data-testid=shares-empty]').first().waitFor();
  }
  /** Creates a link (expiry in days, '' = never); returns `{ url, share }` (the full link, the API's answer). */
  async createLink(days = '') {
    await this.dialog.getByTestId('share-days').fill(days);
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/shares') && r.request().method() === 'POST');
    await this.dialog.getByTestId('share-create').click();
    const r = await res;
    assert.equal(r.status(), 201, await r.text());
    const share = await r.json();
    const url = await this.dialog.getByTestId('share-url-value').inputValue();
    return { url, share };
  }
  async closeShare() {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }
  /** Exports from the menu; returns the Playwright download. */
  async export(format) {
    await this.openMenu();
    const download = this.page.waitForEvent('download');
    await this.menu.getByTestId(`menu-export-${format}`).click();
    return download;
  }
}

/** A list of share links (the dialog's, or Account → Shared links). */
export async function revokeShare(page, root, shareId) {
  const item = root.locator(`[data-testid=share-item][data-id="${shareId}"]`);
  await item.getByTestId('share-revoke').click();
  const res = page.waitForResponse((r) => r.url().endsWith(`/api/shares/${shareId}`) && r.request().method() === 'DELETE');
  await item.getByTestId('share-revoke-yes').click();
  assert.equal((await res).status(), 204);
  await item.waitFor({ state: 'detached' });
}

/** The public page `/s/<token>`. */
export class SharedPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('shared-page');
    this.title = page.getByTestId('shared-title');
    this.messages = page.getByTestId('shared-message');
    this.notFound = page.getByTestId('shared-not-found');
  }
  /** Waits until it has loaded (the conversation, or "not found", or an error). */
  async loaded() {
    await this.page.locator('[data-testid=shared-page]:not([data-phase=loading])').waitFor();
    return this.root.getAttribute('data-phase');
  }
  async texts() {
    return this.messages.evaluateAll((els) => els.map((e) => ({ role: e.dataset.role, text: e.querySelector('[data-testid=shared-content]').innerText.trim() })));
  }
}

/** Settings → Data. */
export class DataSection {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('data-section');
    this.report = this.root.getByTestId('import-report');
    this.error = this.root.getByTestId('data-error');
  }
  async exportAll() {
    const download = this.page.waitForEvent('download');
    await this.root.getByTestId('export-all').click();
    return download;
  }
  /** Imports a file (`{ name, mimeType, buffer }` or a path); returns the /api/import response. */
  async import(file) {
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/import') && r.request().method() === 'POST');
    await this.root.getByTestId('import-file').setInputFiles(file);
    return res;
  }
}
