// Splits markdown into top-level blocks so a streaming message only re-renders
// its last block: finished blocks keep their text, so their memoized rendering
// (and syntax highlighting) is reused on every token.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])\s/;

export function splitBlocks(src: string): string[] {
  const lines = src.split('\n');
  const blocks: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  let inList = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      cur.push(line);
      const t = line.trim();
      if (t.length >= fence.length && t[0] === fence[0] && /^(`+|~+)$/.test(t)) fence = null;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1];
      cur.push(line);
      continue;
    }
    if (line.trim() === '') {
      // Look ahead to the next non-blank line.
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      if (j >= lines.length) {
        // Nothing after yet (still streaming): keep it, decide later.
        cur.push(line);
        continue;
      }
      const next = lines[j];
      // The last line may still be arriving: "-" or "2" could become a list item.
      const partialItem = j === lines.length - 1 && /^ {0,3}([-*+]|\d{1,9}[.)]?)$/.test(next);
      const continues = /^\s/.test(next) || (inList && (LIST_ITEM.test(next) || partialItem));
      if (cur.length && !continues) {
        blocks.push(cur.join('\n'));
        cur = [];
        inList = false;
        i = j - 1;
        continue;
      }
      cur.push(line);
      continue;
    }
    if (cur.length === 0 || cur.every((l) => l.trim() === '')) inList = LIST_ITEM.test(line);
    cur.push(line);
  }
  if (cur.length) blocks.push(cur.join('\n'));
  return blocks;
}
