// Shared set-up for an e2e file: one test host (fresh database) and one browser.
//
// Every API route but a few needs a session, so after the host starts the fixture
// creates the admin account (`ADMIN`, via POST /api/auth/setup) and keeps its session
// cookie for `env.api` / `env.fetch`. `env.open()` gives each new browser context that
// session's cookie (`{ newSession: true }`: a session of its own, by POST /api/auth/login
// through `context.request`, which shares the context's cookie jar); `{ signedIn: false }`
// opens an anonymous one, `{ as: user }` signs in as someone else (`env.createUser`).
// `setup({ admin: false })` skips the automatic admin (first-run tests).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from './host.mjs';
import { launch, newPage, DESKTOP } from './browser.mjs';
import { AppPage } from '../pages/AppPage.mjs';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };
export const SESSION_COOKIE = 'nexus_session';
/** Sent with every API request from the app (and these tests): proof of same origin. */
export const CLIENT_HEADERS = { 'X-Requested-With': 'nexus' };

/** The session token a setup/login response set, or null. */
function sessionFrom(res) {
  for (const c of res.headers.getSetCookie?.() ?? []) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
    if (m && m[1]) return m[1];
  }
  return null;
}

export function setup({ fake = true, admin = true } = {}) {
  const env = { host: null, browser: null, pages: [], admin: null };
  let seq = 0;

  /** A raw request to the API with the headers the app sends; `as`: whose session (default: the admin's). */
  env.fetch = (path, init = {}, as = env.admin) => {
    const headers = { ...CLIENT_HEADERS, ...(init.headers ?? {}) };
    if (as?.token) headers.Cookie = `${SESSION_COOKIE}=${as.token}`;
    return fetch(env.host.url + path, { ...init, headers });
  };

  /** Calls the API directly (for checks behind the UI's back); the JSON body, null for 204. */
  env.api = async (path, init = {}, as = env.admin) => {
    const r = await env.fetch(path, init, as);
    return r.status === 204 ? null : r.json();
  };

  /** Signs in through the API: `{ username, password, token, user }`. */
  env.login = async ({ username, password }) => {
    const r = await env.fetch(
      '/api/auth/login',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) },
      null,
    );
    const body = await r.json();
    assert.equal(r.status, 200, `login as ${username}: ${r.status} ${JSON.stringify(body)}`);
    const token = sessionFrom(r);
    assert.ok(token, `login as ${username} set no ${SESSION_COOKIE} cookie`);
    return { username, password, token, user: body.user };
  };

  /** Creates the admin account (first run); against a server set up already, signs in as it. */
  env.setUpAdmin = async (creds = ADMIN) => {
    const r = await env.fetch(
      '/api/auth/setup',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(creds) },
      null,
    );
    const body = await r.json();
    if (r.status === 409 && body.code === 'already_set_up') return (env.admin = await env.login(creds));
    assert.equal(r.status, 201, `setup: ${r.status} ${JSON.stringify(body)}`);
    const token = sessionFrom(r);
    assert.ok(token, `setup set no ${SESSION_COOKIE} cookie`);
    env.admin = { ...creds, token, user: body.user };
    return env.admin;
  };

  /**
   * Creates a user through the admin API (a unique name from `prefix`) and signs it in:
   * `{ username, password, token, user }`.
   */
  env.createUser = async (prefix = 'user', { role = 'member', password } = {}) => {
    const username = `${prefix}${Date.now().toString(36).slice(-4)}${++seq}`.slice(0, 32);
    const pw = password ?? `pw-${username}-123`;
    const r = await env.fetch('/api/admin/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: pw, role }),
    });
    const body = await r.json();
    assert.equal(r.status, 201, `create user ${username}: ${r.status} ${JSON.stringify(body)}`);
    return env.login({ username, password: pw });
  };

  before(async () => {
    env.host = await startHost({ fake });
    if (admin) await env.setUpAdmin();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.host?.stop();
  });

  /**
   * Opens the app in a new browser context: signed in (as the admin, or `as`: an account
   * from `env.login`/`env.createUser`) with that account's session cookie, or with a
   * session of its own (`newSession: true`: POST /api/auth/login through
   * `context.request`, so the session is this browser's, with its user agent); or
   * anonymous with `signedIn: false` (then `path` shows the sign-in or setup screen).
   */
  env.open = async (options = DESKTOP, path = '/', { signedIn = true, as = null, newSession = false } = {}) => {
    const { context, page, problems } = await newPage(env.browser, env.host.url, options);
    const app = new AppPage(page);
    app.problems = problems;
    app.context = context;
    if (signedIn) {
      const who = as ?? env.admin;
      assert.ok(who, 'no account to sign in with (setup({ admin: false })? pass `as` or signedIn: false)');
      if (newSession || !who.token) {
        const r = await context.request.post(`${env.host.url}/api/auth/login`, {
          data: { username: who.username, password: who.password },
          headers: CLIENT_HEADERS,
        });
        assert.equal(r.status(), 200, `login as ${who.username}: ${r.status()} ${await r.text()}`);
      } else {
        await context.addCookies([{ name: SESSION_COOKIE, value: who.token, url: env.host.url, httpOnly: true, sameSite: 'Lax' }]);
      }
      app.username = who.username;
      await app.goto(path);
    } else {
      await page.goto(path);
      await app.auth.screen.waitFor();
    }
    return app;
  };
  /** No script errors and no CSP violations happened in the page. */
  env.assertClean = (app) => {
    const bad = app.problems.filter((p) => p.startsWith('pageerror') || /Content Security Policy/i.test(p));
    assert.deepEqual(bad, []);
  };
  return env;
}
