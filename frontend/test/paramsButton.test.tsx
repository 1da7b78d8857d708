import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import { ParamsButton } from '../src/features/params/ParamsButton';

afterEach(cleanup);

describe('Parameters', () => {
  it('saves the whole object; empty fields are left out', async () => {
    const onSave = vi.fn(async () => {});
    render(<ParamsButton params={{ temperature: 0.2, top_p: 0.9 }} onSave={onSave} />);
    fireEvent.click(screen.getByTestId('params-button'));
    expect((screen.getByLabelText('Temperature') as HTMLInputElement).value).toBe('0.2');
    fireEvent.change(screen.getByLabelText('Top P'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Max output tokens'), { target: { value: '800' } });
    await act(async () => fireEvent.click(screen.getByTestId('params-save')));
    expect(onSave).toHaveBeenCalledWith({ temperature: 0.2, max_tokens: 800 });
    expect(screen.queryByTestId('params-dialog')).toBeNull();
  });

  it('"Use defaults" clears: {}', async () => {
    const onSave = vi.fn(async () => {});
    render(<ParamsButton params={{ temperature: 1 }} onSave={onSave} />);
    fireEvent.click(screen.getByTestId('params-button'));
    fireEvent.click(screen.getByTestId('params-clear'));
    await act(async () => fireEvent.click(screen.getByTestId('params-save')));
    expect(onSave).toHaveBeenCalledWith({});
  });

  it('shows the problem here, or the server’s invalid_params sentence', async () => {
    const onSave = vi.fn(async () => {
      throw new ApiError(400, 'temperature must be at most 1 for this provider.', 'invalid_params');
    });
    render(<ParamsButton params={{}} onSave={onSave} />);
    fireEvent.click(screen.getByTestId('params-button'));
    fireEvent.change(screen.getByLabelText('Temperature'), { target: { value: '3' } });
    await act(async () => fireEvent.click(screen.getByTestId('params-save')));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByTestId('params-error').textContent).toMatch(/0 to 2/);
    fireEvent.change(screen.getByLabelText('Temperature'), { target: { value: '1.5' } });
    await act(async () => fireEvent.click(screen.getByTestId('params-save')));
    expect(screen.getByTestId('params-error').textContent).toBe('temperature must be at most 1 for this provider.');
    expect(screen.getByTestId('params-dialog')).toBeTruthy();
  });
});
