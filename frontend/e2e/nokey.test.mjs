// Without an API key, sending leads the user to Settings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { screenshot } from './lib/browser.mjs';

const external = !!process.env.NEXUS_E2E_BASE_URL;
const env = external ? null : setup({ fake: false });

describe('missing API key', { skip: external && 'needs its own server without a key' }, () => {
  it('explains the problem and links to Settings', async () => {
    const app = await env.open();
    const { chat } = app;
    // Before sending: a hint with a way to Settings.
    await chat.errorBanner.getByTestId('open-settings-from-error').waitFor();
    await chat.send('hello?');
    assert.equal(await chat.waitForReplyEnd(), 'error');
    assert.match(await chat.errorBanner.textContent(), /API key/i);
    await screenshot(app.page, 'desktop-no-key');
    await chat.errorBanner.getByTestId('open-settings-from-error').click();
    const settings = new (await import('./pages/AppPage.mjs')).SettingsPage(app.page);
    await settings.root.waitFor();
    assert.match(await settings.keyStatus.textContent(), /Not set/);
    await settings.setApiKey('sk-or-new-key-9876');
    assert.match(await settings.keyStatus.textContent(), /…9876/);
    env.assertClean(app);
    await app.context.close();
  });
});
