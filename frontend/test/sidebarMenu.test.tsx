import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Menu } from '../src/features/sidebar/Menu';
import { cleanTag } from '../src/features/sidebar/TagEditor';

describe('Menu', () => {
  it('opens on its button, moves with the arrows, opens a panel, chooses, and gives focus back', async () => {
    const moved = vi.fn();
    const pinned = vi.fn();
    render(
      <Menu
        label="Actions for Trip"
        testId="trigger"
        items={[
          { key: 'pin', label: 'Pin', onSelect: pinned },
          {
            key: 'move',
            label: 'Move to folder',
            items: [
              { key: 'a', label: 'Work', checked: false, onSelect: () => moved('a') },
              { key: 'b', label: 'Home', checked: true, onSelect: () => moved('b') },
            ],
          },
        ]}
      >
        ⋯
      </Menu>,
    );
    const trigger = screen.getByTestId('trigger');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await act(async () => fireEvent.click(trigger));
    const menu = screen.getByRole('menu');
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement?.textContent).toContain('Pin');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Move to folder');
    fireEvent.keyDown(menu, { key: 'ArrowDown' }); // wraps
    expect(document.activeElement?.textContent).toContain('Pin');
    fireEvent.keyDown(menu, { key: 'End' });
    await act(async () => fireEvent.click(document.activeElement as HTMLElement));
    // The folders panel: Back, then the folders (the current one checked).
    const radios = screen.getAllByRole('menuitemradio');
    expect(radios.map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'true']);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' }); // back to the first panel
    expect(screen.getByRole('menu').textContent).toContain('Pin');
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' }); // closes
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    await act(async () => fireEvent.click(trigger));
    await act(async () => fireEvent.click(screen.getByText('Move to folder')));
    await act(async () => fireEvent.click(screen.getByText('Work')));
    expect(moved).toHaveBeenCalledWith('a');
    expect(pinned).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('cleanTag', () => {
  it('trims; refuses empty and over 40 characters', () => {
    expect(cleanTag('  rome ')).toBe('rome');
    expect(cleanTag('   ')).toBeNull();
    expect(cleanTag('a'.repeat(40))).toBe('a'.repeat(40));
    expect(cleanTag('a'.repeat(41))).toBeNull();
  });
});
