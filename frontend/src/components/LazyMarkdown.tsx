// The markdown renderer (react-markdown + remark-gfm, ~60 KB gzipped) is not
// part of the first load: it is fetched right after start-up, and until it
// arrives a message shows as plain text.
import { lazy, Suspense } from 'react';

const load = () => import('./Markdown');
const Markdown = lazy(() => load().then((m) => ({ default: m.Markdown })));

/** Starts fetching the renderer without waiting for a message to need it. */
export function preloadMarkdown() {
  void load();
}

export function LazyMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <Suspense fallback={<div className="whitespace-pre-wrap">{text}</div>}>
      <Markdown text={text} streaming={streaming} />
    </Suspense>
  );
}
