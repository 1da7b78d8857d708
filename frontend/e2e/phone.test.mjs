// The whole flow on a 390×844 phone viewport.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { PHONE, screenshot } from './lib/browser.mjs';

const env = setup();

async function inViewport(locator) {
  const box = await locator.boundingBox();
  const vp = locator.page().viewportSize();
  return !!box && box.y >= 0 && box.y + box.height <= vp.height + 0.5 && box.x >= 0 && box.x + box.width <= vp.width + 0.5;
}

describe('phone', () => {
  it('works at 390×844 with the sidebar as an overlay', async () => {
    const app = await env.open(PHONE);
    const { chat, sidebar, page } = app;
    assert.equal(await sidebar.isOpen(), false, 'sidebar collapsed');
    assert.ok(await inViewport(chat.input), 'input visible');
    await chat.emptyState.waitFor();
    await screenshot(page, 'phone-empty');

    await chat.send('Hello from a phone [[delay=20 words=60]]');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await page.waitForFunction(() => document.querySelector('[data-testid=chat-title]')?.textContent === 'Greetings From The Test Suite');
    assert.ok(await inViewport(chat.input));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal overflow (${width})`);
    await screenshot(page, 'phone-chat');
    const id = chat.conversationId();

    // Sidebar slides in over the chat; choosing "New chat" closes it.
    await sidebar.open();
    await sidebar.item(id).waitFor();
    await screenshot(page, 'phone-sidebar');
    await sidebar.newChat();
    await page.waitForFunction(() => document.querySelector('[data-testid=sidebar]')?.getBoundingClientRect().right <= 0);
    await chat.emptyState.waitFor();

    // Back to the conversation through the sidebar.
    await sidebar.open();
    await sidebar.select(id);
    await page.waitForFunction(() => document.querySelector('[data-testid=sidebar]')?.getBoundingClientRect().right <= 0);
    await chat.lastAssistant().waitFor();

    // An on-screen keyboard shrinks the visual viewport: the input stays visible.
    await page.setViewportSize({ width: 390, height: 480 });
    await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--app-height') === '480px');
    await chat.input.focus();
    assert.ok(await inViewport(chat.input), 'input visible above the keyboard');
    await chat.send('typing with the keyboard open');
    await chat.waitForReplyEnd();
    assert.ok(await inViewport(chat.input));
    await screenshot(page, 'phone-keyboard');
    await page.setViewportSize({ width: 390, height: 844 });

    const settings = await sidebar.open().then(() => sidebar.openSettings());
    await screenshot(page, 'phone-settings');
    await settings.close();

    // No hover on a phone: a long press reveals Delete, which asks before deleting.
    await sidebar.open();
    const item = sidebar.item(id);
    await item.getByTestId('conversation-title').dispatchEvent('touchstart');
    await page.waitForFunction(
      (cid) => getComputedStyle(document.querySelector(`[data-id="${cid}"] [data-testid=delete-conversation]`)).opacity === '1',
      id,
    );
    await item.getByTestId('conversation-title').dispatchEvent('touchend');
    await item.getByTestId('delete-conversation').tap();
    await item.getByRole('button', { name: 'Delete', exact: true }).tap();
    await item.waitFor({ state: 'detached' });
    assert.equal((await env.api(`/api/conversations`)).conversations.some((c) => c.id === id), false);
    env.assertClean(app);
    await app.context.close();
  });
});
