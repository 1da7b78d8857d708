// Accessibility and focus: the cursor stays where the user types while a reply streams,
// dialogs and the phone drawer keep Tab inside and give focus back, inline confirmations
// keep keyboard focus, and a polite live region says when a reply ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { PHONE } from './lib/browser.mjs';
import { SettingsPage } from './pages/AppPage.mjs';

const env = setup();
// A reply that streams for a few seconds (80 words, 25 ms apart).
const LONG = '[[delay=25 words=80]]';

/** Waits until the streaming reply has grown past `n` characters; returns its length. */
async function grows(page, n) {
  return page.evaluate(
    (prev) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const check = () => {
          const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
          const last = all[all.length - 1];
          const len = last?.querySelector('[data-testid=assistant-content]')?.textContent.length ?? 0;
          if (len > prev) resolve(len);
          else if (performance.now() - t0 > 10_000) reject(new Error(`the reply did not grow past ${prev}`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    n,
  );
}

const streaming = (chat) => chat.lastAssistant().getAttribute('data-status').then((s) => s === 'streaming');

describe('accessibility and focus', () => {
  it('typing while a reply streams keeps the cursor where it is: the composer, a settings field', async () => {
    const app = await env.open();
    const { chat, page, sidebar } = app;
    await chat.input.click();
    await chat.send(`keep my cursor ${LONG}`);
    await chat.stopButton.waitFor();
    await page.evaluate(() => {
      window.__composerBlurs = 0;
      document.querySelector('[data-testid=composer-input]').addEventListener('blur', () => window.__composerBlurs++);
    });
    let len = await grows(page, 0);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('a');
      len = await grows(page, len);
      assert.ok(await app.hasFocus(chat.input), `the composer has focus after ${i + 1} keys while the reply streams`);
    }
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.ok(await app.hasFocus(chat.input), 'the composer still has focus after the reply');
    assert.equal(await page.evaluate(() => window.__composerBlurs), 0);

    // The settings panel open over a streaming reply (which re-renders the app at every
    // piece of text): the cursor stays in the field being typed in, every key lands.
    await chat.send(`and again ${LONG}`);
    await chat.stopButton.waitFor();
    const settings = await sidebar.openSettings();
    const field = settings.root.getByTestId('api-key-input');
    await field.click();
    len = await grows(page, 0);
    const typed = 'sk-or-typed-while-streaming';
    for (const piece of typed.match(/.{1,4}/g)) {
      await page.keyboard.type(piece);
      len = await grows(page, len);
      assert.ok(await app.hasFocus(field), `the key field keeps focus (after "${piece}")`);
    }
    assert.ok(await streaming(chat), 'the reply was still streaming while typing');
    assert.equal(await field.inputValue(), typed, 'every key landed in the field');
    await page.keyboard.press('Escape');
    await settings.root.waitFor({ state: 'detached' });
    await chat.waitForReplyEnd();
    env.assertClean(app);
    await app.context.close();
  });

  it('Send and Stop pressed with the keyboard leave the cursor in the composer, not on the page', async () => {
    const app = await env.open();
    const { chat, page } = app;
    // Send with the button: it turns into Stop (focus stays), then back into a disabled Send.
    await chat.input.fill('send by button [[delay=10 words=20]]');
    await chat.sendButton.focus();
    await page.keyboard.press('Enter');
    await chat.stopButton.waitFor();
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await chat.sendButton.waitFor();
    assert.ok(await app.hasFocus(chat.input), `the composer has focus after the reply (${JSON.stringify(await app.focused())})`);

    // Stop with the keyboard: the button is disabled while the server stops.
    await chat.send(`stop by key ${LONG}`);
    await grows(page, 0);
    await chat.stopButton.focus();
    await page.keyboard.press('Enter');
    await chat.sendButton.waitFor();
    assert.equal(await chat.lastAssistant().getAttribute('data-status'), 'stopped');
    assert.ok(await app.hasFocus(chat.input), `the composer has focus after Stop (${JSON.stringify(await app.focused())})`);
    env.assertClean(app);
    await app.context.close();
  });

  it('settings: Tab and Shift+Tab cycle inside, Escape closes, focus goes back to the Settings button', async () => {
    const app = await env.open();
    const { page } = app;
    const button = page.getByTestId('sidebar').getByRole('button', { name: 'Settings', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    const settings = new SettingsPage(page);
    await settings.prompt('Default').waitFor();
    // The lazily loaded sections (templates, data) are there too: the controls Tab goes through.
    await settings.root.locator('[data-testid=template-list], [data-testid=templates-empty]').first().waitFor();
    await settings.root.getByTestId('data-section').waitFor();
    assert.ok((await app.focused('[data-testid=settings-panel]')).inside, 'focus moved into the panel');
    // The Providers section is a lazy chunk that loads after the models: count its controls too.
    await settings.root.locator('[data-testid=connection-add], [data-testid=providers-admin-managed]').first().waitFor();

    const forward = await app.tabAround('[data-testid=settings-panel]');
    assert.ok(forward.length >= 6, `Tab went through the panel's controls (${forward.length})`);
    const backward = await app.tabAround('[data-testid=settings-panel]', { shift: true });
    assert.equal(backward.length, forward.length, 'Shift+Tab reaches the same controls');

    // Escape in the model list closes the list only; focus back on its button.
    await settings.root.getByTestId('default-model-button').click();
    await page.getByRole('searchbox', { name: 'Search models' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Search models' }).waitFor({ state: 'detached' });
    assert.ok(await settings.root.isVisible(), 'the panel stays open');
    assert.ok(await app.hasFocus(settings.root.getByTestId('default-model-button')));

    await page.keyboard.press('Escape');
    await settings.root.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(button), 'focus is back on the Settings button');
    env.assertClean(app);
    await app.context.close();
  });

  it('phone drawer: focus moves in, Tab stays inside, Escape closes it and focus returns to the menu button', async () => {
    const app = await env.open(PHONE);
    const { page, sidebar } = app;
    const menu = page.getByTestId('open-sidebar');
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => Math.round(document.querySelector('[data-testid=sidebar]').getBoundingClientRect().left) === 0);
    assert.equal(await sidebar.root.getAttribute('aria-modal'), 'true');
    assert.ok((await app.focused('[data-testid=sidebar]')).inside, 'focus moved into the drawer');
    const keys = await app.tabAround('[data-testid=sidebar]');
    assert.ok(keys.length >= 3, `Tab went through the drawer (${keys.length})`);
    await app.tabAround('[data-testid=sidebar]', { shift: true });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid=sidebar]').getBoundingClientRect().right <= 0);
    assert.ok(await app.hasFocus(menu), 'focus is back on the menu button');

    // Settings opened from the drawer (which closes): Escape → focus on the menu button again.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => Math.round(document.querySelector('[data-testid=sidebar]').getBoundingClientRect().left) === 0);
    await sidebar.root.getByRole('button', { name: 'Settings', exact: true }).focus();
    await page.keyboard.press('Enter');
    const settings = new SettingsPage(page);
    await settings.root.waitFor();
    assert.ok((await app.focused('[data-testid=settings-panel]')).inside, 'focus moved into the settings panel');
    await app.tabAround('[data-testid=settings-panel]');
    await page.keyboard.press('Escape');
    await settings.root.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(menu), 'focus is back on the menu button after Settings');
    env.assertClean(app);
    await app.context.close();
  });

  it('a polite live region says once when a reply finished, was stopped or failed', async () => {
    const app = await env.open();
    const { chat, page } = app;
    const region = app.announcement;
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.equal(await region.getAttribute('role'), 'status');
    // Visually hidden, but there for assistive technology.
    const box = await region.boundingBox();
    assert.ok(!box || (box.width <= 1 && box.height <= 1), 'visually hidden');

    await page.evaluate(() => {
      window.__said = [];
      const el = document.querySelector('[data-testid=reply-announcement]');
      new MutationObserver(() => window.__said.push(el.textContent)).observe(el, { subtree: true, childList: true, characterData: true });
    });
    await chat.send(`announce me [[delay=10 words=30]]`);
    await chat.stopButton.waitFor();
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    await page.waitForFunction(() => document.querySelector('[data-testid=reply-announcement]').textContent === 'Reply finished');
    // Once for the reply, not once per piece of text.
    assert.deepEqual(
      (await page.evaluate(() => window.__said)).filter((t) => t),
      ['Reply finished'],
    );

    await chat.send(`stop me ${LONG}`);
    await page.waitForFunction(() => document.querySelector('[data-testid=reply-announcement]').textContent === '');
    await grows(page, 0);
    await chat.stop();
    await page.waitForFunction(() => document.querySelector('[data-testid=reply-announcement]').textContent === 'Reply stopped');

    await chat.send('fail me [[status=429]]');
    assert.equal(await chat.waitForReplyEnd(), 'error');
    const sentence = (await chat.lastAssistant().getByTestId('message-error').textContent()).trim();
    assert.ok(sentence);
    await page.waitForFunction((s) => document.querySelector('[data-testid=reply-announcement]').textContent === s, sentence);
    assert.deepEqual(
      (await page.evaluate(() => window.__said)).filter((t) => t),
      ['Reply finished', 'Reply stopped', sentence],
    );
    env.assertClean(app);
    await app.context.close();
  });

  it('inline confirmations keep keyboard focus: in on open, back on Cancel/Escape, to a neighbour after deleting', async () => {
    const app = await env.open();
    const { chat, page, sidebar } = app;
    await chat.send('first chat [[delay=0]]');
    await chat.waitForReplyEnd();
    const first = chat.conversationId();
    await sidebar.newChat();
    await chat.emptyState.waitFor();
    for (const text of ['keep me [[delay=0]]', 'delete me [[delay=0]]']) {
      await chat.send(text);
      await chat.waitForReplyEnd();
    }
    const second = chat.conversationId();

    // A message: Delete → the confirmation has focus (on Cancel); Escape → back on Delete.
    const target = chat.user.filter({ hasText: 'delete me' });
    await target.getByTestId('action-delete').focus();
    await page.keyboard.press('Enter');
    assert.ok(await app.hasFocus(target.getByTestId('delete-confirm-no')), 'focus moved into the confirmation');
    await page.keyboard.press('Escape');
    await target.getByTestId('delete-confirm').waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(target.getByTestId('action-delete')), 'focus is back on Delete');
    // Confirm with the keyboard: the row goes; focus goes to the composer, not the page.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    assert.ok(await app.hasFocus(target.getByTestId('delete-confirm-yes')));
    await page.keyboard.press('Enter');
    await target.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(chat.input), 'the composer has focus after the delete');

    // A conversation in the sidebar: deleted with the keyboard, focus goes to its neighbour.
    const item = sidebar.item(second);
    await item.getByTestId('delete-conversation').focus();
    await page.keyboard.press('Enter');
    assert.ok(await app.hasFocus(item.getByRole('button', { name: 'Cancel' })), 'focus moved into the confirmation');
    await page.keyboard.press('Escape');
    assert.ok(await app.hasFocus(item.getByTestId('delete-conversation')), 'focus is back on the trash button');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await item.waitFor({ state: 'detached' });
    const f = await app.focused(`[data-testid=conversation-item][data-id="${first}"]`);
    assert.ok(!f.body, 'focus is not lost to the page');
    assert.ok(f.inside, `focus is on the neighbouring conversation (${f.testid ?? ''} "${f.name}")`);
    env.assertClean(app);
    await app.context.close();
  });

  it('controls that go away hand focus on: version switcher, edit Cancel, rename, error Dismiss, prompt form', async () => {
    const app = await env.open();
    const { chat, page, sidebar } = app;
    const lastReply = '[data-testid=message][data-role=assistant]:last-of-type';
    await chat.send('versions [[delay=0]]');
    await chat.waitForReplyEnd();
    await chat.action(chat.lastAssistant(), 'regenerate');
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      return last?.getAttribute('data-status') === 'completed' && last.querySelector('[data-testid=branch-position]')?.textContent === '2/2';
    });

    // `<` swaps the row for the other version: focus follows into the new row.
    await chat.lastAssistant().getByTestId('branch-prev').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=branch-position]')].some((e) => e.textContent === '1/2'));
    let f = await app.focused(lastReply);
    assert.ok(f.inside && f.testid === 'branch-next', `focus on > in the new row (${JSON.stringify(f)})`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=branch-position]')].some((e) => e.textContent === '2/2'));
    f = await app.focused(lastReply);
    assert.ok(f.inside && f.testid === 'branch-prev', `focus on < in the new row (${JSON.stringify(f)})`);

    // Edit, then Escape: back on Edit.
    const user = chat.user.last();
    await user.getByTestId('action-edit').focus();
    await page.keyboard.press('Enter');
    assert.ok(await app.hasFocus(page.getByTestId('edit-input')));
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-form').waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(user.getByTestId('action-edit')), 'focus is back on Edit');

    // Rename with the keyboard: back on the title.
    await page.getByTestId('rename-title').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Renamed by keyboard');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=chat-title]')?.textContent === 'Renamed by keyboard');
    assert.ok(await app.hasFocus(page.getByTestId('rename-title')), 'focus is back on the title');

    // The error banner's Dismiss: the banner goes, the composer takes focus.
    await chat.send('fail [[status=429]]');
    assert.equal(await chat.waitForReplyEnd(), 'error');
    await chat.errorBanner.getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    await chat.errorBanner.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(chat.input), 'the composer has focus after Dismiss');

    // A prompt form opens with its name field focused and gives focus back to Edit.
    const settings = await sidebar.openSettings();
    const item = settings.prompt('Default');
    await item.getByTestId('prompt-edit').focus();
    await page.keyboard.press('Enter');
    const form = settings.root.getByTestId('prompt-form');
    assert.ok(await app.hasFocus(form.getByLabel('Prompt name')));
    await form.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    assert.ok(await app.hasFocus(item.getByTestId('prompt-edit')), 'focus is back on Edit');
    await settings.close();
    env.assertClean(app);
    await app.context.close();
  });
});
