// The first load's whole share of offline use: registering the service worker (after
// `load`); everything else (session.ts, the worker itself) is loaded apart.

/** Registers /sw.js once the page has loaded (production builds, secure contexts only). */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !isSecureContext) return;
  // A worker that takes over (the first install, a new build) hears who is signed in.
  navigator.serviceWorker.addEventListener('controllerchange', () => void import('./session').then((m) => m.tellAgain()));
  const go = () => void navigator.serviceWorker.register('/sw.js').catch(() => {});
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
}
