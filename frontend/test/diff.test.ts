import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, foldDiff, splitLines, type DiffLine } from '../src/lib/diff';

/** A compact picture of a diff: " a", "-b", "+c". */
const pic = (lines: DiffLine[]) => lines.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'del' ? '-' : '+'}${l.text}`);

describe('line diff', () => {
  it('splits lines: none for empty, no phantom last line, CRLF as LF', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('\n')).toEqual(['']);
  });

  it('equal texts: every line kept, numbered on both sides', () => {
    const d = diffLines('a\nb', 'a\nb\n');
    expect(pic(d)).toEqual([' a', ' b']);
    expect(d[1]).toEqual({ kind: 'same', text: 'b', oldLine: 2, newLine: 2 });
    expect(diffStats(d)).toEqual({ added: 0, removed: 0 });
  });

  it('a changed line: removed then added, the rest kept', () => {
    const d = diffLines('We live in Porto.\nTwo kids.\nNo pets.', 'We live in Porto.\nThree kids.\nNo pets.');
    expect(pic(d)).toEqual([' We live in Porto.', '-Two kids.', '+Three kids.', ' No pets.']);
    expect(d[1]).toMatchObject({ oldLine: 2 });
    expect(d[2]).toMatchObject({ newLine: 2 });
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it('from and to empty', () => {
    expect(pic(diffLines('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(pic(diffLines('a\nb', ''))).toEqual(['-a', '-b']);
    expect(diffLines('', '')).toEqual([]);
  });

  it('insertions and deletions in the middle keep the longest common lines', () => {
    expect(pic(diffLines('a\nb\nc\nd', 'a\nc\nx\nd'))).toEqual([' a', '-b', ' c', '+x', ' d']);
    // The classic: ABCABBA → CBABAC keeps 4 lines in common.
    const d = diffLines('A\nB\nC\nA\nB\nB\nA', 'C\nB\nA\nB\nA\nC');
    expect(d.filter((l) => l.kind === 'same')).toHaveLength(4);
    expect(diffStats(d)).toEqual({ added: 2, removed: 3 });
  });

  it('applying the diff gives the new text back; dropping additions gives the old one', () => {
    const a = 'one\ntwo\nthree\nfour\nfive\nsix';
    const b = 'zero\none\nthree\n4\nfive\nsix\nseven';
    const d = diffLines(a, b);
    expect(d.filter((l) => l.kind !== 'del').map((l) => l.text).join('\n')).toBe(b);
    expect(d.filter((l) => l.kind !== 'add').map((l) => l.text).join('\n')).toBe(a);
    // Line numbers count up on each side.
    expect(d.filter((l) => l.newLine).map((l) => l.newLine)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(d.filter((l) => l.oldLine).map((l) => l.oldLine)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('large texts with a small change stay fast (common ends need no table)', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
    const b = a.replace('line 10000', 'line ten thousand');
    const t = performance.now();
    const d = diffLines(a, b);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it('folds long unchanged stretches, keeping context next to changes', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const b = a.replace('l10', 'L10');
    const items = foldDiff(diffLines(a, b), 2);
    expect(items.map((i) => (i.kind === 'skip' ? `…${i.count}` : i.kind === 'same' ? i.text : `${i.kind}:${i.text}`))).toEqual([
      '…8',
      'l8',
      'l9',
      'del:l10',
      'add:L10',
      'l11',
      'l12',
      '…7',
    ]);
    // Short stretches stay whole.
    expect(foldDiff(diffLines('a\nb\nc', 'a\nB\nc'), 2).some((i) => i.kind === 'skip')).toBe(false);
  });
});
