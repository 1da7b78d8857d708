// Conversations: create, stream, reload, switch, delete, auto-title, errors, XSS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './lib/fixture.mjs';
import { screenshot } from './lib/browser.mjs';

const env = setup();
const AUTO_TITLE = 'Greetings From The Test Suite';

describe('chat', () => {
  it('creates a chat, streams the reply in visible steps, titles it, and keeps it across reload', async () => {
    const app = await env.open();
    const { chat, sidebar } = app;
    await chat.emptyState.waitFor();
    assert.equal(await chat.sendButton.isDisabled(), true, 'empty input cannot be sent');

    await chat.recordStreaming();
    await chat.send('Hello Nexus [[delay=40 words=25]]');
    // While streaming: Stop is offered and the input is read-only.
    await chat.stopButton.waitFor();
    assert.equal(await chat.input.getAttribute('aria-disabled'), 'true');
    assert.equal(await chat.waitForReplyEnd(), 'completed');

    const final = await chat.lastAssistantText();
    assert.match(final, /^You said: Hello Nexus/);
    assert.ok(!final.includes('[['), 'directive is not echoed');
    const steps = (await chat.snapshots()).filter((s) => s.trim() && s.trim() !== final);
    assert.ok(steps.length >= 2, `at least two intermediate states, saw ${steps.length}`);
    for (const s of steps) assert.ok(final.startsWith(s.trim().slice(0, 20)), `intermediate "${s.slice(0, 30)}" is a prefix`);
    assert.ok(steps[0].length < steps[steps.length - 1].length, 'the reply grows');

    // Auto-title lands in the header and the sidebar without a reload.
    const id = chat.conversationId();
    assert.ok(id, 'URL names the conversation');
    await app.page.waitForFunction((t) => document.querySelector('[data-testid=chat-title]')?.textContent === t, AUTO_TITLE);
    assert.equal(await sidebar.title(id), AUTO_TITLE);
    assert.equal(await sidebar.item(id).getAttribute('data-active'), 'true');
    assert.equal(await chat.lastAssistant().getByTestId('message-model').textContent(), 'gpt-4o-mini');
    // What the reply used, as the provider reported it (the fake: tokens and OpenRouter's cost).
    assert.match(await chat.lastAssistant().getByTestId('message-usage').textContent(), /^· \d[\d,]* → \d[\d,]* tokens · \$0\.000042$/);
    await screenshot(app.page, 'desktop-chat');

    await app.reload();
    await chat.lastAssistant().waitFor();
    assert.equal(await chat.lastAssistantText(), final);
    assert.equal(await sidebar.title(id), AUTO_TITLE);
    assert.equal(await chat.title.textContent(), AUTO_TITLE);
    env.assertClean(app);
    await app.context.close();
  });

  it('switches between conversations and deletes one', async () => {
    const app = await env.open();
    const { chat, sidebar } = app;
    await chat.send('first conversation');
    await chat.waitForReplyEnd();
    const a = chat.conversationId();

    await sidebar.newChat();
    await chat.emptyState.waitFor();
    await chat.send('second conversation [[title=fail]]');
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const b = chat.conversationId();
    assert.notEqual(a, b);
    await sidebar.item(b).waitFor();
    // Newest activity first.
    const ids = await sidebar.ids();
    assert.ok(ids.indexOf(b) < ids.indexOf(a));
    assert.equal(await sidebar.title(b), 'New chat', 'a failed auto-title leaves the default title');

    await sidebar.select(a);
    await app.page.waitForURL(`**/c/${a}`);
    await chat.user.filter({ hasText: 'first conversation' }).waitFor();
    assert.equal(await chat.user.count(), 1);
    await sidebar.select(b);
    await chat.user.filter({ hasText: 'second conversation' }).waitFor();

    // Delete the open one: back to a new chat; the other stays.
    await sidebar.delete(b);
    await chat.emptyState.waitFor();
    assert.equal(chat.conversationId(), null);
    await app.reload();
    await sidebar.item(a).waitFor();
    const after = await sidebar.ids();
    assert.ok(!after.includes(b));
    assert.ok(after.includes(a));
    const gone = await env.fetch(`/api/conversations/${b}`);
    assert.equal(gone.status, 404);
    env.assertClean(app);
    await app.context.close();
  });

  it('Stop stops the server, keeps the partial text, and the server keeps exactly what was shown', async () => {
    const app = await env.open();
    const { chat } = app;
    const fake = env.host.fakeUrl;
    // With the fake reachable, hold the reply after 3 chunks; otherwise make it slow.
    await chat.send(fake ? 'please stop here [[hold=3 words=40]]' : 'please stop here [[delay=200 words=60]]');
    await app.page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      return (all[all.length - 1]?.textContent ?? '').includes('You said:');
    });
    const stop = app.page.waitForRequest((r) => r.method() === 'POST' && /\/messages\/[^/]+\/stop$/.test(r.url()));
    await chat.stop();
    await stop;
    const partial = await chat.lastAssistantText();
    assert.match(partial, /^You said:/);
    assert.equal(await chat.lastAssistant().getAttribute('data-status'), 'stopped');
    await chat.lastAssistant().getByTestId('stopped-note').waitFor();
    // The server really stopped: it stored exactly what was shown, marked stopped.
    const id = chat.conversationId();
    const detail = await env.api(`/api/conversations/${id}`);
    assert.equal(detail.messages.at(-1).status, 'stopped');
    assert.equal(detail.messages.at(-1).content, partial);
    if (fake) {
      // Unblock the fake's held producer (the server already closed that connection).
      await fetch(`${fake}/__release`, { method: 'POST' });
    }
    await app.reload();
    await chat.lastAssistant().getByTestId('stopped-note').waitFor();
    assert.equal(await chat.lastAssistantText(), partial);
    // The input works again.
    await chat.type('next');
    assert.equal(await chat.sendButton.isEnabled(), true);
    env.assertClean(app);
    await app.context.close();
  });

  it('a reply with <img onerror> and <script> is shown as text and runs nothing', async () => {
    const app = await env.open();
    const { chat, page } = app;
    const evil = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> [x](javascript:window.__pwned=3)';
    await chat.send(evil);
    assert.equal(await chat.waitForReplyEnd(), 'completed');
    const reply = chat.lastAssistant();
    assert.equal(await reply.locator('img, script, iframe, [onerror]').count(), 0);
    assert.equal(await chat.user.last().locator('img, script').count(), 0);
    const text = await chat.lastAssistantText();
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), text);
    assert.ok(text.includes('<script>window.__pwned=2</script>'), text);
    const link = reply.getByText('x', { exact: true });
    assert.equal(await link.getAttribute('href'), null, 'javascript: link dropped');
    await link.click();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    env.assertClean(app);
    await app.context.close();
  });

  it('renders markdown with highlighted code, a copy button and safe links', async () => {
    const app = await env.open();
    const { chat } = app;
    await chat.send('# Heading\n\nSome **bold**, a [link](https://example.com) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\ndef hello():\n    return "hi"\n```');
    await chat.waitForReplyEnd();
    const reply = chat.lastAssistant();
    await reply.locator('code.hljs .hljs-keyword').first().waitFor();
    assert.equal(await reply.locator('table td').first().textContent(), '1');
    const a = reply.getByRole('link', { name: 'link' });
    assert.equal(await a.getAttribute('target'), '_blank');
    assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
    await reply.getByRole('button', { name: 'Copy code' }).click();
    await reply.getByRole('button', { name: 'Copy code' }).getByText('Copied').waitFor();
    await screenshot(app.page, 'desktop-markdown');
    env.assertClean(app);
    await app.context.close();
  });

  it('shows provider errors with Retry, and a dropped stream keeps what arrived', async () => {
    const app = await env.open();
    const { chat } = app;
    await chat.send('busy [[status=429]]');
    assert.equal(await chat.waitForReplyEnd(), 'error');
    await chat.errorBanner.waitFor();
    assert.match(await chat.errorBanner.textContent(), /429|rate/i);
    const users = await chat.user.count();
    const failed = await chat.lastAssistant().getAttribute('data-id');
    // Retry regenerates the failed reply: a second version of it, no second user message.
    const regen = app.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/messages/${failed}/regenerate`));
    await chat.errorBanner.getByTestId('retry-button').click();
    await regen;
    await app.page.waitForFunction((id) => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      return last && !last.getAttribute('data-id').startsWith('tmp-') && last.getAttribute('data-id') !== id;
    }, failed);
    assert.equal(await chat.waitForReplyEnd(), 'error');
    await chat.errorBanner.waitFor();
    assert.equal(await chat.user.count(), users);
    assert.equal(await chat.branchPosition(chat.lastAssistant()), '2/2');

    await chat.errorBanner.getByRole('button', { name: 'Dismiss' }).click();
    await chat.send('cut me off [[cut=3 words=20]]');
    assert.equal(await chat.waitForReplyEnd(), 'error');
    assert.match(await chat.lastAssistantText(), /^You said: cut/);
    await chat.errorBanner.waitFor();
    await chat.lastAssistant().getByTestId('message-error').waitFor();
    await screenshot(app.page, 'desktop-error');
    env.assertClean(app);
    await app.context.close();
  });

  it('follows a long reply, stops following when the user scrolls up, and jumps back', async (t) => {
    const app = await env.open();
    const { chat, page } = app;
    const scroller = page.getByTestId('message-scroll');
    const gap = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    });
    await chat.send('long one [[delay=4 words=1500]]');
    // Following while it streams.
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=message-scroll]');
      return el.scrollHeight > el.clientHeight * 2;
    });
    assert.ok((await gap()) < 100, 'following the stream');
    // The user scrolls up: following stops, "jump to latest" appears.
    await scroller.hover();
    await page.mouse.wheel(0, -800);
    await page.getByTestId('jump-to-latest').waitFor();
    const len = (await chat.lastAssistantText()).length;
    await page.waitForFunction((n) => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      return all[all.length - 1].textContent.length > n + 200;
    }, len);
    assert.ok((await gap()) > 300, 'not dragged back down while reading');
    await page.getByTestId('jump-to-latest').click();
    await page.getByTestId('jump-to-latest').waitFor({ state: 'detached' });
    assert.equal(await chat.waitForReplyEnd(60_000), 'completed');
    assert.ok((await gap()) < 100, 'following again after the jump');
    const longest = Math.max(0, ...(await page.evaluate(() => window.__longTasks)));
    t.diagnostic(`longest main-thread task while streaming: ${Math.round(longest)} ms`);
    env.assertClean(app);
    await app.context.close();
  });

  it('streams a 20,000-word reply smoothly', async (t) => {
    const app = await env.open();
    const { chat, page } = app;
    // 250 paragraphs of 80 words with a few code blocks, echoed back as fast as the fake can.
    const paras = [];
    for (let p = 0; p < 250; p++) {
      paras.push(Array.from({ length: 80 }, (_, i) => ['ab', 'cd', 'ef', 'gh'][i % 4]).join(' '));
      if (p % 50 === 0) paras.push('```js\nconst x = ' + p + ';\n```');
    }
    await chat.type('[[delay=0]] ' + paras.join('\n\n'));
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      window.__frames = 0;
      const f = () => {
        window.__frames++;
        requestAnimationFrame(f);
      };
      requestAnimationFrame(f);
    });
    const t0 = Date.now();
    await chat.input.press('Enter');
    assert.equal(await chat.waitForReplyEnd(120_000), 'completed');
    const secs = (Date.now() - t0) / 1000;
    const { longTasks, frames } = await page.evaluate(() => ({ longTasks: window.__longTasks, frames: window.__frames }));
    const longest = Math.max(0, ...longTasks);
    const fps = frames / secs;
    t.diagnostic(`20,000 words in ${secs.toFixed(1)} s, ${fps.toFixed(0)} frames/s, longest task ${Math.round(longest)} ms`);
    assert.equal(await chat.lastAssistant().locator('.markdown p').count(), 250);
    await chat.lastAssistant().locator('code.hljs').first().waitFor();
    // Generous bounds (a loaded CI machine): catches re-rendering everything per token.
    assert.ok(fps > 10, `frames per second ${fps.toFixed(1)}`);
    assert.ok(longest < 1500, `longest task ${Math.round(longest)} ms`);
    env.assertClean(app);
    await app.context.close();
  });
});
