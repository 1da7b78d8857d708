// Keeps the app exactly as tall as the visible viewport, so an on-screen
// keyboard (iOS resizes only the visual viewport) never hides the input or
// makes the layout jump. Writes `--app-height` on <html>.
import { useEffect } from 'react';

export function syncViewport(vv: { height: number; offsetTop?: number } | null | undefined, root: HTMLElement) {
  if (!vv) return;
  root.style.setProperty('--app-height', `${Math.round(vv.height)}px`);
  root.style.setProperty('--app-top', `${Math.round(vv.offsetTop ?? 0)}px`);
}

export function useVisualViewport() {
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const root = document.documentElement;
    let frame = 0;
    const on = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        syncViewport(vv, root);
        // iOS may scroll the layout viewport when the keyboard opens; undo it.
        if (window.scrollY !== 0 && vv.offsetTop === 0) window.scrollTo(0, 0);
      });
    };
    syncViewport(vv, root);
    vv.addEventListener('resize', on);
    vv.addEventListener('scroll', on);
    return () => {
      cancelAnimationFrame(frame);
      vv.removeEventListener('resize', on);
      vv.removeEventListener('scroll', on);
    };
  }, []);
}
