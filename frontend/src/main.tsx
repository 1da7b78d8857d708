import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { preloadMarkdown } from './components/LazyMarkdown';
import { initialLang, setLang } from './i18n';
import { registerServiceWorker } from './offline/register';
import './index.css';

// The language remembered from last time (else the browser's) is loaded before the first
// render, so a Russian page does not flash English.
void setLang(initialLang())
  .catch(() => undefined)
  .finally(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );

// Fetch the markdown renderer as soon as the page has rendered.
if ('requestIdleCallback' in window) requestIdleCallback(preloadMarkdown, { timeout: 1500 });
else setTimeout(preloadMarkdown, 200);

// Offline use (installed app): the service worker, registered after the page has loaded.
registerServiceWorker();
