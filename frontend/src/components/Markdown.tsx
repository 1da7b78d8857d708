// Markdown for assistant messages. Model output is untrusted: there is no
// rehype-raw, so raw HTML in it becomes plain text and is never executed;
// react-markdown's URL filter drops javascript: and similar links.
import { memo, useMemo, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { splitBlocks } from '../lib/blocks';

function textOf(node: ReactNode): string {
  if (node == null || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  const el = node as ReactElement<{ children?: ReactNode }>;
  return textOf(el.props?.children);
}

function makeComponents(final: boolean): Components {
  return {
    // Unsafe URLs (javascript: …) come back empty from react-markdown: no link then.
    a: ({ href, children }) =>
      href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      ) : (
        <span>{children}</span>
      ),
    // No remote images from model output: show them as links.
    img: ({ src, alt }) =>
      typeof src === 'string' && src ? (
        <a href={src} target="_blank" rel="noopener noreferrer">
          {alt || src}
        </a>
      ) : (
        <span>{alt}</span>
      ),
    pre: ({ children }) => {
      const child = (Array.isArray(children) ? children[0] : children) as ReactElement<{
        className?: string;
        children?: ReactNode;
      }>;
      const className = child?.props?.className ?? '';
      const lang = /language-([\w+#.-]+)/.exec(className)?.[1];
      const code = textOf(child?.props?.children).replace(/\n$/, '');
      return <CodeBlock code={code} lang={lang} final={final} />;
    },
    table: ({ children }) => (
      <div className="my-3 overflow-x-auto">
        <table>{children}</table>
      </div>
    ),
  };
}

const FINAL = makeComponents(true);
const LIVE = makeComponents(false);
const PLUGINS = [remarkGfm];

const Block = memo(function Block({ text, final }: { text: string; final: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={PLUGINS} components={final ? FINAL : LIVE}>
      {text}
    </ReactMarkdown>
  );
});

/** Renders markdown block by block; only the last block changes while streaming. */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const blocks = useMemo(() => splitBlocks(text), [text]);
  return (
    <div className="markdown">
      {blocks.map((b, i) => (
        <Block key={i} text={b} final={!streaming || i < blocks.length - 1} />
      ))}
    </div>
  );
});
