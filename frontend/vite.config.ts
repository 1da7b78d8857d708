/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies /api to a running backend (test host or `spin up`).
const backend = process.env.NEXUS_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()], // Tailwind runs through PostCSS (postcss.config.js)
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
