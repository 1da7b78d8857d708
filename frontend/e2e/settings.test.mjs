// Model selection, settings (theme, default model, API key) and system prompts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { screenshot } from './lib/browser.mjs';

const env = setup();
const LLAMA = 'meta-llama/llama-3.1-8b-instruct:free';
const GPT = 'openai/gpt-4o-mini';

describe('models and settings', () => {
  it('changes the model of a conversation', async () => {
    const app = await env.open();
    const { chat } = app;
    assert.equal(await chat.currentModel(), GPT);
    await chat.send('hi');
    await chat.waitForReplyEnd();
    const id = chat.conversationId();

    // Searchable, grouped by provider, with context length and price. (With more than one
    // connection — another file's, on a shared server — the provider groups sit inside a
    // group per connection, named after it: "OpenAI-compatible" must not match "openai".)
    await app.page.getByTestId('model-selector-button').click();
    const list = app.page.getByRole('listbox', { name: 'Models' });
    await list.getByRole('group', { name: 'openai', exact: true }).waitFor();
    await list.getByRole('group', { name: 'meta-llama', exact: true }).waitFor();
    assert.match(await list.locator(`[data-model-id="${GPT}"]`).textContent(), /128K ctx.*\$0\.15 \/ \$0\.60 per M/);
    await app.page.getByRole('searchbox', { name: 'Search models' }).fill('llama free');
    assert.equal(await list.getByRole('option').count(), 1);
    await screenshot(app.page, 'desktop-model-selector');
    await list.locator(`[data-model-id="${LLAMA}"]`).click();

    await app.page.waitForFunction((m) => document.querySelector('[data-testid=model-selector-value]')?.dataset.model === m, LLAMA);
    for (;;) {
      const detail = await env.api(`/api/conversations/${id}`);
      if (detail.conversation.model === LLAMA) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await chat.send('and now?');
    await chat.waitForReplyEnd();
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), 'llama-3.1-8b-instruct:free');
    await app.reload();
    await chat.lastAssistant().waitFor();
    assert.equal(await chat.currentModel(), LLAMA);
    env.assertClean(app);
    await app.context.close();
  });

  it('settings persist across reload: theme, default model, API key', async () => {
    const app = await env.open();
    assert.equal(await app.isDark(), true, 'dark by default');
    let settings = await app.sidebar.openSettings();
    assert.match(await settings.keyStatus.textContent(), /Set/);
    assert.match(await settings.keyStatus.textContent(), /…0000/);
    assert.equal(await settings.root.getByTestId('api-key-input').getAttribute('type'), 'password');

    await settings.setTheme('light');
    assert.equal(await app.isDark(), false);
    await settings.setDefaultModel('llama', LLAMA);
    await settings.setApiKey('sk-or-test-key-abcd');
    assert.match(await settings.keyStatus.textContent(), /…abcd/);
    assert.ok(!(await settings.root.textContent()).includes('sk-or-test-key-abcd'), 'the key is never shown');
    await screenshot(app.page, 'desktop-settings-light');
    await settings.close();

    await app.reload();
    assert.equal(await app.isDark(), false, 'light theme after reload');
    // A new chat starts with the new default model.
    assert.equal(await app.chat.currentModel(), LLAMA);
    settings = await app.sidebar.openSettings();
    assert.equal(await settings.theme(), 'light');
    assert.equal(await settings.defaultModel(), LLAMA);
    assert.match(await settings.keyStatus.textContent(), /…abcd/);

    // Put things back (also matters when run against a shared server).
    await settings.root.getByRole('button', { name: 'Remove the saved key' }).click();
    await settings.root.getByText('Key removed.').waitFor();
    await settings.setDefaultModel('gpt', GPT);
    await settings.setTheme('dark');
    assert.equal(await app.isDark(), true);
    env.assertClean(app);
    await app.context.close();
  });

  it('creates, edits, makes default and deletes system prompts; the default cannot be deleted', async () => {
    const app = await env.open();
    let settings = await app.sidebar.openSettings();
    await settings.prompt('Default').waitFor();
    assert.equal(await settings.prompt('Default').getByTestId('prompt-delete').isDisabled(), true);

    await settings.createPrompt('Pirate', 'Answer like a pirate.');
    await settings.editPrompt('Pirate', 'Captain', 'Answer like a ship captain.');
    assert.equal(await settings.prompt('Captain').getByTestId('prompt-content').textContent(), 'Answer like a ship captain.');
    await settings.createPrompt('Terse', 'Answer in one line.');
    await settings.makeDefault('Terse');
    assert.equal(await settings.prompt('Terse').getByTestId('prompt-delete').isDisabled(), true);
    assert.equal(await settings.prompt('Default').getByTestId('prompt-delete').isDisabled(), false);
    await settings.deletePrompt('Captain');
    await screenshot(app.page, 'desktop-settings-prompts');
    await settings.close();

    await app.reload();
    settings = await app.sidebar.openSettings();
    await settings.prompt('Terse').waitFor();
    const names = await settings.promptNames();
    assert.equal(names[0], 'Terse', 'default first');
    assert.ok(!names.includes('Captain'));
    // Restore the seeded default and tidy up.
    await settings.makeDefault('Default');
    await settings.deletePrompt('Terse');
    env.assertClean(app);
    await app.context.close();
  });
});
