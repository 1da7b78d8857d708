import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../src/components/Markdown';
import { splitBlocks } from '../src/lib/blocks';

afterEach(cleanup);

declare global {
  interface Window {
    __pwned?: number;
  }
}

describe('markdown safety', () => {
  it('shows raw HTML as text and never creates script/img/iframe elements', async () => {
    const evil = [
      'You said: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>',
      '',
      '<iframe src="javascript:window.__pwned=3"></iframe>',
      '',
      '<div onclick="window.__pwned=4">click</div>',
      '',
      '<svg onload="window.__pwned=5"></svg>',
    ].join('\n');
    const { container } = render(<Markdown text={evil} />);
    expect(container.querySelector('script, img, iframe, svg, [onerror], [onclick], [onload]')).toBeNull();
    expect(container.textContent).toContain('<script>window.__pwned=2</script>');
    expect(container.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    await new Promise((r) => setTimeout(r, 20));
    expect(window.__pwned).toBeUndefined();
  });

  it('drops javascript: links and opens others in a new tab without opener', () => {
    const { container } = render(<Markdown text={'[a](javascript:alert(1)) [b](https://example.com) <https://x.test>'} />);
    const links = [...container.querySelectorAll('a')];
    for (const a of links) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    const b = links.find((a) => a.textContent === 'b')!;
    expect(b.getAttribute('href')).toBe('https://example.com');
    expect(b.getAttribute('target')).toBe('_blank');
    expect(b.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('renders markdown images as links (no remote loads)', () => {
    const { container } = render(<Markdown text={'![pixel](https://tracker.test/p.gif)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://tracker.test/p.gif');
  });

  it('renders GFM tables, task lists and code blocks with a copy button', async () => {
    const md = '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n```js\nconst x = "<b>";\n```';
    const { container, getByRole } = render(<Markdown text={md} />);
    expect(container.querySelector('table td')?.textContent).toBe('1');
    expect(container.querySelector('input[type=checkbox]')).not.toBeNull();
    expect(getByRole('button', { name: 'Copy code' })).toBeTruthy();
    // Highlighted lazily, still escaped.
    await waitFor(() => expect(container.querySelector('code.hljs')).not.toBeNull());
    expect(container.querySelector('code.hljs b')).toBeNull();
    expect(container.querySelector('code.hljs')?.textContent).toBe('const x = "<b>";');
  });

  it('does not highlight a code block while it is still streaming', async () => {
    const { container, rerender } = render(<Markdown text={'```js\nconst a = 1;'} streaming />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelector('code.hljs')).toBeNull();
    rerender(<Markdown text={'```js\nconst a = 1;\n```'} streaming={false} />);
    await waitFor(() => expect(container.querySelector('code.hljs')).not.toBeNull());
  });
});

describe('block splitting', () => {
  const doc = [
    '# Title',
    '',
    'A paragraph with `code`.',
    '',
    '- one',
    '- two',
    '',
    '- three (same list)',
    '',
    '```py',
    'x = 1',
    '',
    'y = 2',
    '```',
    '',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '',
    'Last paragraph.',
  ].join('\n');

  it('splits at blank lines outside code fences and lists', () => {
    expect(splitBlocks(doc)).toEqual([
      '# Title',
      'A paragraph with `code`.',
      '- one\n- two\n\n- three (same list)',
      '```py\nx = 1\n\ny = 2\n```',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      'Last paragraph.',
    ]);
  });

  it('while streaming, every block but the last is already final', () => {
    const final = splitBlocks(doc);
    for (let i = 1; i <= doc.length; i++) {
      const blocks = splitBlocks(doc.slice(0, i));
      for (let k = 0; k < blocks.length - 1; k++) expect(blocks[k], `prefix ${i}, block ${k}`).toBe(final[k]);
    }
  });

  it('splits a 20,000-word reply quickly', () => {
    const para = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do '.repeat(10);
    const text = Array.from({ length: 200 }, () => para).join('\n\n');
    const t = performance.now();
    for (let i = 0; i < 20; i++) splitBlocks(text);
    expect((performance.now() - t) / 20).toBeLessThan(25);
    expect(splitBlocks(text).length).toBe(200);
  });
});
