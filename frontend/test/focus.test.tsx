import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { Prompt, Settings } from '../src/api/types';
import { SettingsPanel } from '../src/components/SettingsPanel';
import { useDialogFocus } from '../src/hooks/useDialogFocus';
import { useInlineConfirm } from '../src/hooks/useInlineConfirm';
import type { ModelsState } from '../src/hooks/useModels';
import type { SettingsState } from '../src/hooks/useSettings';

const active = () => document.activeElement as HTMLElement | null;
const key = (k: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(active() ?? document.body, { key: k, ...init });

function Dialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, true, onClose);
  return (
    <div ref={ref} tabIndex={-1} data-testid="dialog">
      <button type="button">first</button>
      <input aria-label="field" />
      <button type="button" disabled>
        disabled
      </button>
      <button type="button">last</button>
    </div>
  );
}

/** An opener, a dialog it opens, and a parent that re-renders often (a streaming reply). */
function Host({ onClose }: { onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  const [, setTick] = useState(0);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        open
      </button>
      <button type="button" data-testid="tick" onClick={() => setTick((n) => n + 1)}>
        tick
      </button>
      {open && (
        <Dialog
          onClose={() => {
            onClose?.();
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

afterEach(cleanup);

describe('useDialogFocus', () => {
  it('moves focus in on open, cycles Tab at both ends, closes on Escape and gives focus back to the opener', () => {
    const onClose = vi.fn();
    const ui = render(<Host onClose={onClose} />);
    const opener = ui.getByText('open');
    opener.focus();
    fireEvent.click(opener);
    expect(active()).toBe(ui.getByTestId('dialog'));
    // From the container, Shift+Tab goes to the last control (not out of the dialog).
    key('Tab', { shiftKey: true });
    expect(active()?.textContent).toBe('last');
    key('Tab');
    expect(active()?.textContent).toBe('first');
    key('Tab', { shiftKey: true });
    expect(active()?.textContent).toBe('last');
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(ui.queryByTestId('dialog')).toBeNull();
    expect(active()).toBe(opener);
  });

  it('does not take focus back when the parent re-renders with a new onClose', () => {
    const ui = render(<Host />);
    fireEvent.click(ui.getByText('open'));
    const field = ui.getByLabelText('field');
    field.focus();
    // Re-render the parent (new inline onClose) several times, as a streaming reply does.
    for (let i = 0; i < 5; i++) act(() => ui.getByTestId('tick').click());
    expect(active()).toBe(field);
  });

  it('brings focus that wanders out back in; an Escape already handled inside is left alone', () => {
    const onClose = vi.fn();
    const ui = render(<Host onClose={onClose} />);
    fireEvent.click(ui.getByText('open'));
    ui.getByText('open').focus();
    expect(ui.getByTestId('dialog').contains(active())).toBe(true);
    const field = ui.getByLabelText('field');
    field.addEventListener('keydown', (e) => e.key === 'Escape' && e.preventDefault());
    field.focus();
    key('Escape');
    expect(onClose).not.toHaveBeenCalled();
  });
});

function Confirmable({ remove }: { remove: () => Promise<boolean> }) {
  const c = useInlineConfirm();
  const [gone, setGone] = useState(false);
  const neighbour = useRef<HTMLButtonElement>(null);
  return (
    <div>
      {!gone &&
        (c.open ? (
          <span role="group" aria-label="Delete this?" onKeyDown={c.onKeyDown}>
            <button
              type="button"
              onClick={async () => {
                const ok = await remove();
                c.close(ok ? () => neighbour.current : undefined);
                if (ok) setGone(true);
              }}
            >
              Yes
            </button>
            <button ref={c.initialRef} type="button" onClick={() => c.close()}>
              No
            </button>
          </span>
        ) : (
          <button ref={c.triggerRef} type="button" onClick={c.show}>
            Delete
          </button>
        ))}
      <button ref={neighbour} type="button">
        neighbour
      </button>
    </div>
  );
}

describe('useInlineConfirm', () => {
  it('focus moves into the confirmation and back to the (new) trigger on Cancel and on Escape', () => {
    const ui = render(<Confirmable remove={async () => true} />);
    ui.getByText('Delete').focus();
    fireEvent.click(ui.getByText('Delete'));
    expect(active()?.textContent).toBe('No');
    fireEvent.click(ui.getByText('No'));
    expect(active()).toBe(ui.getByText('Delete'));
    fireEvent.click(ui.getByText('Delete'));
    expect(active()?.textContent).toBe('No');
    key('Escape');
    expect(active()).toBe(ui.getByText('Delete'));
  });

  it('after the action: the neighbour when the row went away, the trigger when it failed', async () => {
    let ok = false;
    const ui = render(<Confirmable remove={async () => ok} />);
    fireEvent.click(ui.getByText('Delete'));
    await act(async () => fireEvent.click(ui.getByText('Yes')));
    expect(active()).toBe(ui.getByText('Delete'));
    ok = true;
    fireEvent.click(ui.getByText('Delete'));
    await act(async () => fireEvent.click(ui.getByText('Yes')));
    expect(ui.queryByText('Delete')).toBeNull();
    expect(active()).toBe(ui.getByText('neighbour'));
  });
});

describe('SettingsPanel', () => {
  const settings: Settings = {
    default_model: 'openai/gpt-4o-mini',
    title_model: '',
    theme: 'dark',
    openrouter_base_url: 'https://openrouter.ai/api/v1',
    openrouter_base_url_source: 'default',
    provider_protocol: 'openai',
    allow_member_connections: false,
    moderation: false,
    api_key: { configured: false },
  };
  const prompt: Prompt = { id: 'p2', name: 'Pirate', content: 'Arr.', is_default: false, created_at: '', updated_at: '' };
  const state = (deletePrompt = vi.fn(async () => {})) =>
    ({
      settings,
      prompts: [{ ...prompt, id: 'p1', name: 'Default', is_default: true }, prompt],
      error: null,
      refresh: vi.fn(),
      update: vi.fn(),
      createPrompt: vi.fn(),
      updatePrompt: vi.fn(),
      deletePrompt,
    }) as unknown as SettingsState;
  const models = { models: [], connections: [], status: 'idle', error: null, warning: null, load: vi.fn(async () => {}) } as unknown as ModelsState;
  // The providers section (its own chunk) lists the connections.
  vi.spyOn(api, 'listConnections').mockResolvedValue({ connections: [], allow_member_connections: false, can_add: true, kinds: [], allowed_hosts: [] });

  it('keeps the cursor in a field while the app re-renders it with a new onClose', async () => {
    const s = state();
    const ui = render(<SettingsPanel state={s} models={models} onClose={() => {}} />);
    expect(active()).toBe(ui.getByTestId('settings-panel'));
    const input = await ui.findByTestId('api-key-input');
    input.focus();
    for (let i = 0; i < 3; i++) ui.rerender(<SettingsPanel state={s} models={models} onClose={() => {}} />);
    expect(active()).toBe(input);
  });

  it('Escape in a prompt confirmation cancels it without closing the panel', () => {
    const onClose = vi.fn();
    const ui = render(<SettingsPanel state={state()} models={models} onClose={onClose} />);
    const del = ui.getAllByTestId('prompt-delete')[1];
    del.focus();
    fireEvent.click(del);
    expect(active()?.textContent).toBe('Cancel');
    key('Escape');
    expect(onClose).not.toHaveBeenCalled();
    expect(ui.queryByTestId('prompt-delete-confirm')).toBeNull();
    expect(active()).toBe(ui.getAllByTestId('prompt-delete')[1]);
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
