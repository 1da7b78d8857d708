// Reply offsets are counted in Unicode code points (docs/api.md: the SSE `id:` of every
// event, `?offset=` of the follow endpoint), not in UTF-16 units like String#length:
// "👋" is one code point but two UTF-16 units.

/** How many code points `s` has (`[...s].length` without the array). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** `s` without its first `n` code points. */
export function dropCodePoints(s: string, n: number): string {
  let i = 0;
  while (n > 0 && i < s.length) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    n--;
  }
  return s.slice(i);
}

/**
 * What of a delta is new to a client that already has `have` code points of the reply.
 * `end` is the delta's SSE id (code points after it); without one the delta is taken as is.
 * Returns the text to append ('' when it is all already known), or `null` when the delta
 * starts after `have` (a gap: characters are missing, so re-attach from `have`).
 */
export function newPart(have: number, delta: string, end: number | undefined): string | null {
  if (end === undefined || !Number.isFinite(end)) return delta;
  const start = end - codePointLength(delta);
  if (start === have) return delta;
  if (start > have) return null;
  if (end <= have) return '';
  return dropCodePoints(delta, have - start);
}
