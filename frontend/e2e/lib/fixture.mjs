// Shared set-up for an e2e file: one test host (fresh database) and one browser.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './host.mjs';
import { launch, newPage, DESKTOP } from './browser.mjs';
import { AppPage } from '../pages/AppPage.mjs';

export function setup({ fake = true } = {}) {
  const env = { host: null, browser: null, pages: [] };
  before(async () => {
    env.host = await startHost({ fake });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.host?.stop();
  });
  /** Opens the app in a new browser context. */
  env.open = async (options = DESKTOP, path = '/') => {
    const { context, page, problems } = await newPage(env.browser, env.host.url, options);
    const app = new AppPage(page);
    app.problems = problems;
    app.context = context;
    await app.goto(path);
    return app;
  };
  /** No script errors and no CSP violations happened in the page. */
  env.assertClean = (app) => {
    const bad = app.problems.filter((p) => p.startsWith('pageerror') || /Content Security Policy/i.test(p));
    assert.deepEqual(bad, []);
  };
  /** Calls the API directly (for checks behind the UI's back). */
  env.api = async (path, init) => {
    const r = await fetch(env.host.url + path, init);
    return r.status === 204 ? null : r.json();
  };
  return env;
}
