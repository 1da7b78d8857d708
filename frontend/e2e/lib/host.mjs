// Starts a Nexus test host (API + static files from dist + fake provider) on
// free ports with a fresh database, or uses NEXUS_E2E_BASE_URL when given.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
export const FRONTEND = resolve(here, '../..');
export const REPO = resolve(FRONTEND, '..');
export const ARTIFACTS = process.env.NEXUS_E2E_ARTIFACTS ?? join(REPO, 'test-artifacts');

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`test host exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`test host not healthy at ${url}: ${last}`);
}

/**
 * @param {{ fake?: boolean }} opts fake: start the fake provider (and preconfigure a key)
 * @returns {Promise<{ url: string, fakeUrl: string|null, external: boolean, stop: () => Promise<void> }>}
 */
export async function startHost({ fake = true } = {}) {
  if (process.env.NEXUS_E2E_BASE_URL && fake) {
    const url = process.env.NEXUS_E2E_BASE_URL.replace(/\/$/, '');
    await waitHealthy(url, null);
    return { url, fakeUrl: process.env.NEXUS_E2E_FAKE_URL ?? null, external: true, stop: async () => {} };
  }
  const bin = resolve(FRONTEND, process.env.NEXUS_TESTHOST_BIN ?? '../target/debug/nexus-testhost');
  if (!existsSync(bin)) throw new Error(`test host binary not found: ${bin} (cargo build -p nexus-testhost, or set NEXUS_TESTHOST_BIN)`);
  if (!existsSync(join(FRONTEND, 'dist/index.html'))) throw new Error('dist/index.html missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'nexus-e2e-'));
  const port = await freePort();
  const args = ['--listen', `127.0.0.1:${port}`, '--manifest', join(REPO, 'spin.toml'), '--db', join(dir, 'nexus.db')];
  let fakeUrl = null;
  if (fake) {
    const fp = await freePort();
    args.push('--fake-upstream', `127.0.0.1:${fp}`);
    fakeUrl = `http://127.0.0.1:${fp}`;
  }
  // The suite signs in often from one address: lift the per-address limit on sign-in
  // requests (`guest_rate_limit`, 10 per 5 minutes by default) unless told otherwise.
  const env = { ...process.env, SPIN_VARIABLE_GUEST_RATE_LIMIT: process.env.SPIN_VARIABLE_GUEST_RATE_LIMIT ?? '1000/60',
    // Settings stores API keys only encrypted (crates/core/src/crypto.rs).
    SPIN_VARIABLE_ENCRYPTION_KEY: process.env.SPIN_VARIABLE_ENCRYPTION_KEY ?? 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=' };
  const child = spawn(bin, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n--- test host log ---\n${log}`);
  }
  return {
    url,
    fakeUrl,
    external: false,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
