/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies /api to a running backend (test host or `spin up`).
const backend = process.env.NEXUS_BACKEND ?? 'http://127.0.0.1:3000';

/** Every file under `dir`, as site paths (`/icon.svg`). */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, base) : [`/${relative(base, p).split('\\').join('/')}`];
  });
}

/**
 * Builds the service worker (src/offline/sw.ts) into dist/sw.js after the app: one
 * classic script outside the first load, told the files to precache (everything the
 * build wrote: index.html, hashed JS/CSS incl. lazy chunks, icons, manifest) and a
 * version made from their contents, so each deploy installs a new worker.
 */
function serviceWorker(): Plugin {
  let outDir = 'dist';
  let root = process.cwd();
  return {
    name: 'nexus-service-worker',
    apply: 'build',
    configResolved(c) {
      root = c.root;
      outDir = join(c.root, c.build.outDir);
    },
    async closeBundle() {
      const files = filesUnder(outDir).filter((f) => f !== '/sw.js' && !f.endsWith('.map'));
      const hash = createHash('sha256');
      for (const f of files.sort()) hash.update(f).update(readFileSync(join(outDir, f)));
      const precache = files.map((f) => (f === '/index.html' ? '/index.html' : f));
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        publicDir: false,
        define: { __PRECACHE__: JSON.stringify(precache), __BUILD__: JSON.stringify(hash.digest('hex').slice(0, 16)) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          sourcemap: false,
          lib: { entry: join(root, 'src/offline/sw.ts'), formats: ['iife'], name: 'nexusSw', fileName: () => 'sw.js' },
        },
      });
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), serviceWorker()], // Tailwind runs through PostCSS (postcss.config.js)
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: backend, changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
