// Prints the gzipped size of the chat page's first load (the JS and CSS that
// dist/index.html references, not lazily loaded chunks) and fails over budget.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 150 * 1000; // bytes, gzipped
const dist = new URL('../dist/', import.meta.url).pathname;
const indexPath = join(dist, 'index.html');
if (!existsSync(indexPath)) {
  console.error('dist/index.html not found: run `npm run build` first.');
  process.exit(2);
}
const html = readFileSync(indexPath, 'utf8');

const refs = new Set();
for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
for (const m of html.matchAll(/<link\b[^>]*>/g)) {
  const tag = m[0];
  const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
  const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
  if (href && /\b(stylesheet|modulepreload|preload)\b/.test(rel) && /\.(m?js|css)$/.test(href)) refs.add(href);
}

let total = 0;
const rows = [];
for (const ref of refs) {
  if (/^(https?:)?\/\//.test(ref)) {
    console.error(`External resource on first load: ${ref}`);
    process.exit(1);
  }
  const file = join(dist, ref.replace(/^\//, ''));
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  rows.push([ref, raw.length, gz]);
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log('First load of the chat page (JS + CSS referenced by index.html):');
for (const [ref, raw, gz] of rows) console.log(`  ${ref.padEnd(44)} ${kb(raw).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
console.log(`  ${'total'.padEnd(44)} ${''.padStart(14)} ${kb(total).padStart(10)} gzip (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`Over budget by ${kb(total - BUDGET)}.`);
  process.exit(1);
}
console.log('Within budget.');
