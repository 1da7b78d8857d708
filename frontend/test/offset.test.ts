import { describe, expect, it } from 'vitest';
import { codePointLength, dropCodePoints, newPart } from '../src/lib/offset';

describe('code-point offsets', () => {
  it('counts code points, not UTF-16 units', () => {
    for (const s of ['', 'abc', 'héllo', '👋', 'a👋b', '👨‍👩‍👧', '𝄞 music', 'ÿ\u0301', '日本語', '\ud800x' /* lone surrogate */]) {
      expect(codePointLength(s)).toBe([...s].length);
    }
    expect('👋'.length).toBe(2);
    expect(codePointLength('👋')).toBe(1);
  });

  it('drops the first n code points without splitting a surrogate pair', () => {
    expect(dropCodePoints('a👋b', 1)).toBe('👋b');
    expect(dropCodePoints('a👋b', 2)).toBe('b');
    expect(dropCodePoints('👋👋', 1)).toBe('👋');
    expect(dropCodePoints('abc', 0)).toBe('abc');
    expect(dropCodePoints('abc', 9)).toBe('');
  });

  it('resuming at every offset of an emoji-rich reply rebuilds it exactly', () => {
    const full = 'You said: héllo 👋 wörld 🎉🎉 日本 𝄞 lorem ipsum';
    const cps = [...full];
    for (let cut = 0; cut <= cps.length; cut++) {
      const shown = cps.slice(0, cut).join('');
      const have = codePointLength(shown);
      expect(have).toBe(cut);
      // The follow endpoint sends what is stored after `have`, ending at the full length.
      const rest = cps.slice(have).join('');
      const part = newPart(have, rest, cps.length);
      expect(shown + part).toBe(full);
    }
  });

  it('trims a delta that overlaps what is shown, and reports a gap', () => {
    expect(newPart(3, 'def', 6)).toBe('def'); // contiguous
    expect(newPart(4, 'def', 6)).toBe('ef'); // one code point already shown
    expect(newPart(4, '👋🎉x', 6)).toBe('🎉x'); // overlap inside emoji text
    expect(newPart(6, 'def', 6)).toBe(''); // all shown
    expect(newPart(9, 'def', 6)).toBe(''); // older than what is shown
    expect(newPart(2, 'def', 6)).toBeNull(); // a gap: 'c' is missing
    expect(newPart(5, 'xyz', undefined)).toBe('xyz'); // no id: taken as is
  });
});
