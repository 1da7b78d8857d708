// Page objects for "find and keep" in the sidebar (folders, tags, pins, select mode) and
// the search palette. Tests talk to these, never to raw selectors.
import assert from 'node:assert/strict';

export class LibrarySidebar {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('sidebar');
    this.list = this.root.getByTestId('conversation-list');
    this.pinned = this.root.getByTestId('pinned-section');
    this.tagFilter = this.root.getByTestId('tag-filter');
    this.bulkBar = this.root.getByTestId('bulk-bar');
  }
  item(id) {
    return this.root.locator(`[data-testid=conversation-item][data-id="${id}"]`);
  }
  folder(name) {
    return this.root.locator(`[data-testid=folder][data-name="${name}"]`);
  }
  /** The rows inside a folder (opened). */
  folderItems(name) {
    return this.folder(name).getByTestId('folder-contents').getByTestId('conversation-item');
  }
  /** Opens a row's menu and chooses an item (`menu-pin`, `menu-tags`, …). */
  async menu(id, testId) {
    const item = this.item(id);
    await item.hover();
    await item.getByTestId('conversation-menu').click();
    const menu = this.page.getByRole('menu');
    await menu.waitFor();
    await menu.getByTestId(testId).click();
  }
  /** Waits for the PATCH of a conversation that `action` causes; asserts 200. */
  async patched(id, action) {
    const res = this.page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${id}`) && r.request().method() === 'PATCH');
    await action();
    const answer = await res;
    assert.equal(answer.status(), 200, await answer.text());
    return answer.json();
  }
  async pin(id) {
    await this.patched(id, () => this.menu(id, 'menu-pin'));
    await this.pinned.locator(`[data-testid=conversation-item][data-id="${id}"]`).waitFor();
  }
  async createFolder(name) {
    await this.root.getByTestId('new-folder').click();
    const res = this.page.waitForResponse((r) => r.url().endsWith('/api/folders') && r.request().method() === 'POST');
    await this.root.getByTestId('folder-name-input').fill(name);
    await this.root.getByTestId('folder-name-input').press('Enter');
    assert.equal((await res).status(), 201);
    await this.folder(name).waitFor();
    return this.folder(name).getAttribute('data-folder-id');
  }
  /** Moves a chat into a folder through its menu (Move to folder ▸ name). */
  async moveByMenu(id, folderId) {
    await this.patched(id, async () => {
      await this.menu(id, 'menu-move');
      await this.page.getByRole('menu').locator(`[data-testid=menu-folder][data-folder-id="${folderId}"]`).click();
    });
  }
  async openFolder(name) {
    const toggle = this.folder(name).getByTestId('folder-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await this.folder(name).getByTestId('folder-contents').waitFor();
  }
  /** Adds tags through the menu's tag editor. */
  async addTags(id, tags) {
    await this.menu(id, 'menu-tags');
    const editor = this.page.getByTestId('tag-editor');
    await editor.waitFor();
    for (const t of tags) {
      await editor.getByTestId('tag-input').fill(t);
      await editor.getByTestId('tag-input').press('Enter');
      await editor.locator(`[data-testid=tag-editor-tag][data-tag="${t}"]`).waitFor();
    }
    await this.patched(id, () => editor.getByTestId('tag-save').click());
    await editor.waitFor({ state: 'detached' });
  }
  chip(id, tag) {
    return this.item(id).locator(`[data-testid=tag-chip][data-tag="${tag}"]`);
  }
  async ids() {
    return this.root.getByTestId('conversation-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  }
  /** Scrolls the list to its end (the sentinel loads the next page). */
  scrollToEnd() {
    return this.list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  }
}

export class SearchPalette {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('search-palette');
    this.input = this.root.getByTestId('search-input');
    this.results = this.root.getByTestId('search-result');
  }
  async openWithKeys() {
    await this.page.keyboard.press('Control+k');
    await this.input.waitFor();
  }
  /** Types a query and waits for the answer to it. */
  async search(q) {
    const res = this.page.waitForResponse((r) => r.url().includes('/api/search?') && new URL(r.url()).searchParams.get('q') === q);
    await this.input.fill(q);
    assert.equal((await res).status(), 200);
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=search-status]')?.textContent.includes('Searching'));
  }
  message(id) {
    return this.root.locator(`[data-testid=search-result][data-kind=message][data-message-id="${id}"]`);
  }
}
