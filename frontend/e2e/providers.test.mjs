// Providers (connections): an admin adds an Anthropic connection in Settings, tests and
// saves it, chats with one of its models and then with a model of the server connection;
// the cost under the reply, the conversation's total in the header and this month's usage
// in Account. And a reasoning model's thinking, folded above its answer.
//
// Both connections are the fake provider (crates/testhost/src/fake_upstream.rs): the server
// connection speaks OpenAI's protocol to it (and is reported a cost, 0.000042), the new one
// Anthropic's (`/v1/messages`, `/v1/models` with `anthropic-version`) at the same base URL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { screenshot } from './lib/browser.mjs';

const env = setup();
const GPT = 'openai/gpt-4o-mini';
const CLAUDE = 'claude-sonnet-4-5';
/** What the fake thinks with `[[think=1]]`. */
const REASONING = 'The user asks something. I should answer briefly.';

/** Waits until the header's model is `model` of connection `connection`. */
function modelShown(page, model, connection) {
  return page.waitForFunction(
    ([m, c]) => {
      const v = document.querySelector('[data-testid=model-selector-value]');
      return v?.dataset.model === m && v?.dataset.connectionId === c;
    },
    [model, connection],
  );
}

/** This month's replies per model from the API (what the usage view should show, plus the new ones). */
function repliesByModel(report) {
  return Object.fromEntries(report.models.map((m) => [m.model, m.replies]));
}

describe('providers', () => {
  it('an Anthropic connection: test, save, chat with its model and a server model; cost, total and usage', async (t) => {
    const fake = env.host.fakeUrl;
    if (!fake) return t.skip('needs the fake provider (NEXUS_E2E_FAKE_URL) to point a connection at');
    // Whatever happens, leave no connection of this test behind on a shared server.
    let created = null;
    t.after(async () => {
      if (created) await env.fetch(`/api/settings/connections/${created}`, { method: 'DELETE' });
    });
    // On a shared server other files have replies this month already: count from here.
    const before = await env.api('/api/users/me/usage');
    const app = await env.open();
    const { chat, page } = app;

    // Settings → Providers: Anthropic, the fake's base URL under Advanced, a key.
    const settings = await app.sidebar.openSettings();
    const name = `Claude ${Date.now().toString(36)}`;
    const tested = await settings.addConnection({ kind: 'anthropic', name, baseUrl: `${fake}/v1`, apiKey: 'sk-ant-test-key-9876' }, 'test');
    assert.equal(tested.trim(), 'Connected: 2 models');
    assert.equal(await settings.root.getByTestId('connection-form-test-result').getAttribute('data-ok'), 'true');
    const row = await settings.saveConnection(name);
    const connectionId = await row.getAttribute('data-id');
    created = connectionId;
    assert.ok(connectionId && connectionId !== 'default', `a new connection id: ${connectionId}`);
    const described = await row.textContent();
    assert.match(described, /Anthropic/);
    assert.ok(described.includes(`${fake}/v1`), described);
    assert.match(described, /…9876/, 'the key hint, never the key');
    assert.ok(!(await settings.root.textContent()).includes('sk-ant-test-key-9876'), 'the key is never shown');
    assert.match(await row.getByTestId('connection-scope').textContent(), /Household/);
    await settings.root.getByTestId('providers-status').filter({ hasText: `Added ${name}` }).waitFor();
    await screenshot(page, 'desktop-settings-providers');
    await settings.close();

    // The picker: grouped by connection; Claude Sonnet of the new connection.
    await page.getByTestId('model-selector-button').click();
    const list = page.getByRole('listbox', { name: 'Models' });
    await list.getByRole('group', { name, exact: true }).waitFor();
    await list.locator(`[role=option][data-model-id="${CLAUDE}"][data-connection-id="${connectionId}"]`).waitFor();
    assert.equal(await list.locator(`[role=option][data-connection-id="${connectionId}"]`).count(), 2, 'the fake has two Anthropic models');
    assert.ok((await list.locator(`[role=option][data-model-id="${GPT}"][data-connection-id=default]`).count()) === 1);
    await screenshot(page, 'desktop-model-picker-connections');
    await page.keyboard.press('Escape');
    await chat.chooseModel('sonnet', CLAUDE, connectionId);
    await modelShown(page, CLAUDE, connectionId);

    // A new chat with Claude: the conversation is created on that connection.
    await chat.send('hello claude');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await chat.lastAssistantText(), 'You said: hello claude');
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), CLAUDE);
    const id = chat.conversationId();
    let detail = await env.api(`/api/conversations/${id}`);
    assert.equal(detail.conversation.connection_id, connectionId);
    assert.equal(detail.conversation.model, CLAUDE);
    assert.equal(detail.messages.at(-1).metadata.connection_id, connectionId);
    assert.equal(detail.messages.at(-1).metadata.provider, 'anthropic');
    await modelShown(page, CLAUDE, connectionId);

    // Back to a model of the server connection.
    const patched = page.waitForResponse((r) => r.url().endsWith(`/api/conversations/${id}`) && r.request().method() === 'PATCH');
    await chat.chooseModel('gpt', GPT, 'default');
    const patch = await patched;
    assert.equal(patch.status(), 200);
    assert.deepEqual(JSON.parse(patch.request().postData()), { model: GPT, connection_id: null });
    await modelShown(page, GPT, 'default');
    await chat.send('and now gpt');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await chat.lastAssistantText(), 'You said: and now gpt');
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), 'gpt-4o-mini');

    // The cost the server connection reported, under the reply: tokens in → out · $0.000042.
    detail = await env.api(`/api/conversations/${id}`);
    const last = detail.messages.at(-1);
    assert.equal(last.metadata.cost, 0.000042);
    assert.equal(last.metadata.connection_id, 'default');
    const expected = `${last.metadata.prompt_tokens} → ${last.metadata.completion_tokens} tokens · $0.000042`;
    await chat.lastAssistant().getByTestId('message-usage').filter({ hasText: '$0.000042' }).waitFor();
    assert.equal(await chat.replyUsage(chat.lastAssistant()), expected);
    // The Claude reply has tokens but no cost (no price list, none reported).
    const claudeRow = chat.assistant.first();
    assert.match(await chat.replyUsage(claudeRow), /^\d+ → \d+ tokens$/);

    // The conversation's total in the header (every reply): $0.000042 · N tokens.
    const u = detail.usage;
    assert.equal(u.replies, 2);
    const tokens = (u.prompt_tokens + u.completion_tokens).toLocaleString('en-US');
    await chat.usage.filter({ hasText: `$0.000042 · ${tokens} tokens` }).waitFor();
    // (With its words for a screen reader before it.)
    assert.equal((await chat.usage.textContent()).trim(), `This conversation so far: $0.000042 · ${tokens} tokens`);
    await screenshot(page, 'desktop-chat-two-providers');

    // Account → Usage: this month's replies (2 more) and a row per model.
    const account = await app.sidebar.openAccount();
    const had = repliesByModel(before);
    const usage = await account.usage();
    assert.equal(usage.replies, before.total.replies + 2);
    const byModel = Object.fromEntries(usage.rows.map((r) => [r.model, r]));
    assert.ok(byModel[CLAUDE], `a row for ${CLAUDE}: ${JSON.stringify(usage.rows)}`);
    assert.ok(byModel[GPT], `a row for ${GPT}: ${JSON.stringify(usage.rows)}`);
    assert.equal(byModel[CLAUDE].replies, (had[CLAUDE] ?? 0) + 1);
    assert.equal(byModel[GPT].replies, (had[GPT] ?? 0) + 1);
    // No cost is known for the Claude reply (no price list, none reported): unknown, not free.
    assert.equal(byModel[CLAUDE].cost, '—');
    assert.match(byModel[GPT].cost, /^\$\d/);
    if (!before.total.replies) {
      assert.equal(byModel[GPT].cost, '$0.000042');
      assert.equal(usage.totalCost, '$0.000042');
    }
    await usage.view.scrollIntoViewIfNeeded();
    await screenshot(page, 'desktop-account-usage');
    await account.close();

    // Deleted again (the server may be shared with other files): the chat goes back to the
    // server connection, and the picker no longer has the connection's models.
    const again = await app.sidebar.openSettings();
    await again.connection(name).waitFor();
    await again.deleteConnection(name);
    await again.close();
    detail = await env.api(`/api/conversations/${id}`);
    assert.equal(detail.conversation.connection_id, null);
    const models = await env.api('/api/settings/models');
    assert.equal(models.models.filter((m) => m.connection_id === connectionId).length, 0);
    env.assertClean(app);
    await app.context.close();
  });

  it("a reasoning model's thinking is folded above its answer, apart from it", async () => {
    const app = await env.open();
    const { chat, page } = app;
    const fake = env.host.fakeUrl;
    // With the fake reachable, hold the reply after its reasoning, before the answer.
    await chat.send(fake ? 'Why is the sky blue? [[think=1 hold=0]]' : 'Why is the sky blue? [[think=1]]');
    const reply = chat.lastAssistant();
    const reasoning = chat.reasoning(reply);
    if (fake) {
      // While it thinks: "Thinking…", closed, the reasoning so far inside; no answer yet.
      await page.waitForFunction((text) => {
        const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
        const d = all[all.length - 1]?.querySelector('[data-testid=message-reasoning]');
        return d?.querySelector('summary')?.textContent === 'Thinking…' && d.querySelector('[data-testid=message-reasoning-text]')?.textContent === text;
      }, REASONING);
      assert.equal(await reply.getAttribute('data-status'), 'streaming');
      assert.equal(await reasoning.evaluate((d) => d.open), false, 'closed by default');
      assert.equal((await chat.lastAssistantText()).includes('The user asks'), false);
      await fetch(`${fake}/__release`, { method: 'POST' });
    }
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    assert.equal(await chat.lastAssistantText(), 'You said: Why is the sky blue?');

    const check = async () => {
      const r = chat.reasoning(chat.lastAssistant());
      await r.waitFor();
      assert.equal(await r.evaluate((d) => d.tagName), 'DETAILS');
      assert.equal(await r.evaluate((d) => d.open), false, 'closed by default');
      const summary = r.locator('summary');
      assert.equal((await summary.innerText()).trim(), 'Reasoning');
      // Above the answer.
      const above = await chat.lastAssistant().evaluate((row) => {
        const d = row.querySelector('[data-testid=message-reasoning]');
        const a = row.querySelector('[data-testid=assistant-content]');
        return !!(d.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(above, 'the reasoning comes before the answer');
      // Opened with the keyboard (a native disclosure), it shows the reasoning as text.
      await summary.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => {
        const all = document.querySelectorAll('[data-testid=message-reasoning]');
        return all[all.length - 1]?.open === true;
      });
      assert.equal((await r.getByTestId('message-reasoning-text').innerText()).trim(), REASONING);
      const answer = await chat.lastAssistantText();
      assert.equal(answer, 'You said: Why is the sky blue?');
      assert.ok(!answer.includes('The user asks'), 'the answer does not contain the reasoning');
    };
    await check();
    await screenshot(page, 'desktop-reasoning');

    // Stored apart from the text, and shown the same after a reload.
    const detail = await env.api(`/api/conversations/${chat.conversationId()}`);
    const stored = detail.messages.at(-1);
    assert.equal(stored.content, 'You said: Why is the sky blue?');
    assert.deepEqual(stored.parts, [
      { type: 'reasoning', text: REASONING },
      { type: 'text', text: 'You said: Why is the sky blue?' },
    ]);
    await app.reload();
    await chat.lastAssistant().waitFor();
    await check();
    // The user's message has none.
    assert.equal(await chat.user.last().getByTestId('message-reasoning').count(), 0);
    env.assertClean(app);
    await app.context.close();
  });
});
