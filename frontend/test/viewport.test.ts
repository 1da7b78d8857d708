import { describe, expect, it } from 'vitest';
import { syncViewport } from '../src/hooks/useVisualViewport';

describe('visual viewport', () => {
  it('sizes the app to the visible viewport when a keyboard opens', () => {
    const root = document.createElement('div');
    syncViewport({ height: 844, offsetTop: 0 }, root);
    expect(root.style.getPropertyValue('--app-height')).toBe('844px');
    syncViewport({ height: 503.6, offsetTop: 12 }, root); // iOS keyboard up, page nudged
    expect(root.style.getPropertyValue('--app-height')).toBe('504px');
    expect(root.style.getPropertyValue('--app-top')).toBe('12px');
  });
});
