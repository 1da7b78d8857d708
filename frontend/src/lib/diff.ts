// A line-by-line comparison of two texts (household context versions): the longest
// common subsequence of lines, as lines kept, removed (only in the old text) and added
// (only in the new one). Pure; no dependency.

export type DiffKind = 'same' | 'del' | 'add';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  /** 1-based line number in the old text (same, del). */
  oldLine?: number;
  /** 1-based line number in the new text (same, add). */
  newLine?: number;
}

/** Above this many cells the middle part is shown as all removed, then all added. */
const MAX_CELLS = 4_000_000;

/** Lines of a text; `''` has none, a trailing newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The lines of `before` and `after` in order, each kept, removed or added. Among the
 * removed and added lines of a changed stretch, removals come first.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // The common start and end need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });

  const n = endA - start;
  const m = endB - start;
  if (n > 0 || m > 0) {
    if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
      for (let i = start; i < endA; i++) out.push({ kind: 'del', text: a[i], oldLine: i + 1 });
      for (let j = start; j < endB; j++) out.push({ kind: 'add', text: b[j], newLine: j + 1 });
    } else {
      middle(a, b, start, n, m, out);
    }
  }

  for (let i = endA, j = endB; i < a.length; i++, j++) out.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: j + 1 });
  return out;
}

/** LCS table over a[start..start+n) × b[start..start+m), then walked from the start. */
function middle(a: string[], b: string[], start: number, n: number, m: number, out: DiffLine[]) {
  // lcs[i][j]: length of the LCS of a[start+i..] and b[start+j..] (row-major, (n+1)×(m+1)).
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      out.push({ kind: 'same', text: a[start + i], oldLine: start + i + 1, newLine: start + j + 1 });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
      out.push({ kind: 'del', text: a[start + i], oldLine: start + i + 1 });
      i++;
    } else {
      out.push({ kind: 'add', text: b[start + j], newLine: start + j + 1 });
      j++;
    }
  }
}

/** How many lines were added and removed. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}

export type DiffItem = DiffLine | { kind: 'skip'; count: number };

/**
 * Folds long unchanged stretches: keeps `context` lines of them next to a change and
 * replaces the rest with one `skip` item (a stretch shorter than 2·context+2 stays whole).
 */
export function foldDiff(lines: DiffLine[], context = 3): DiffItem[] {
  const out: DiffItem[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind !== 'same') {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].kind === 'same') j++;
    const run = lines.slice(i, j);
    const head = i === 0 ? 0 : context; // lines after a change above
    const tail = j === lines.length ? 0 : context; // lines before a change below
    if (run.length > head + tail + 1) {
      out.push(...run.slice(0, head));
      out.push({ kind: 'skip', count: run.length - head - tail });
      out.push(...run.slice(run.length - tail));
    } else {
      out.push(...run);
    }
    i = j;
  }
  return out;
}
