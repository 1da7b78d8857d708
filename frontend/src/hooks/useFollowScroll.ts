// Follows new content at the bottom of a scroll container until the user
// scrolls up; `jump()` scrolls back down and follows again. Only scrolling the
// user does (wheel, touch, keys, scrollbar) stops following: layout shifts and
// programmatic scrolls never do.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const NEAR = 80; // px from the bottom that still counts as "at the bottom"
const INTENT_MS = 600; // a scroll this soon after user input is the user's

export function useFollowScroll<T extends HTMLElement>(deps: unknown[]) {
  const ref = useRef<T | null>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const toBottom = useCallback(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let lastIntent = 0;
    let lastTop = el.scrollTop;
    const intent = () => (lastIntent = performance.now());
    const onKey = (e: KeyboardEvent) => {
      if (['ArrowUp', 'PageUp', 'Home', ' '].includes(e.key)) intent();
    };
    const onScroll = () => {
      const gap = el.scrollHeight - el.scrollTop - el.clientHeight;
      const near = gap <= NEAR;
      const up = el.scrollTop < lastTop;
      lastTop = el.scrollTop;
      if (near) following.current = true;
      else if (up && performance.now() - lastIntent < INTENT_MS) following.current = false;
      setAtBottom(near);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('wheel', intent, { passive: true });
    el.addEventListener('touchmove', intent, { passive: true });
    el.addEventListener('pointerdown', intent, { passive: true });
    el.addEventListener('keydown', onKey);
    // Content resizing (e.g. lazily highlighted code) keeps the bottom in view.
    const ro = new ResizeObserver(() => {
      if (following.current) toBottom();
    });
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('wheel', intent);
      el.removeEventListener('touchmove', intent);
      el.removeEventListener('pointerdown', intent);
      el.removeEventListener('keydown', onKey);
      ro.disconnect();
    };
  }, [toBottom]);

  useLayoutEffect(() => {
    if (following.current) toBottom();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const jump = useCallback(() => {
    following.current = true;
    toBottom();
    setAtBottom(true);
  }, [toBottom]);

  /** Follow from now on (e.g. after switching conversations or sending). */
  const follow = useCallback(() => {
    following.current = true;
    requestAnimationFrame(toBottom);
  }, [toBottom]);

  return { ref, atBottom, following, jump, follow };
}
