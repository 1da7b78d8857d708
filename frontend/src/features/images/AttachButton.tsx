// The composer's "Attach pictures" button (a file picker, several at once) and, on a touch
// screen, "Take a photo" (the camera, through capture=environment). Off, with the reason,
// when the chosen model cannot see images.
import { useRef, type ChangeEvent } from 'react';
import { CameraIcon, ImageIcon } from '../../components/icons';
import { useMediaQuery } from '../../hooks/useMediaQuery';
import { ACCEPT, imageText } from './limits';

interface Props {
  onFiles: (files: File[]) => void;
  /** Why attaching is off (the model cannot see images), or null. */
  off: string | null;
  /** Said when pressed while off. */
  onOff: (why: string) => void;
  /** Pointer over / focus: a chance to learn which models take images. */
  onIntent?: () => void;
  disabled?: boolean;
}

const btn =
  'flex h-10 w-10 shrink-0 items-center justify-center rounded-xl text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 aria-disabled:hover:bg-transparent disabled:opacity-40 dark:hover:bg-zinc-800 dark:hover:text-zinc-200';

export function AttachButton({ onFiles, off, onOff, onIntent, disabled }: Props) {
  const files = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const touch = useMediaQuery('(pointer: coarse)');
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const list = Array.from(e.target.files ?? []);
    e.target.value = ''; // the same file again is a new choice
    if (list.length) onFiles(list);
  };
  const open = (input: HTMLInputElement | null) => {
    if (off) onOff(off);
    else input?.click();
  };
  const common = {
    type: 'button' as const,
    disabled,
    // Not `disabled` when the model is the reason: it stays focusable and says why.
    'aria-disabled': off ? true : undefined,
    onPointerEnter: onIntent,
    onFocus: onIntent,
    className: btn,
  };
  return (
    <>
      <button
        {...common}
        aria-label={imageText.attach}
        title={off ?? imageText.attach}
        data-testid="attach-button"
        onClick={() => open(files.current)}
      >
        <ImageIcon />
      </button>
      {touch && (
        <button {...common} aria-label={imageText.camera} title={off ?? imageText.camera} data-testid="camera-button" onClick={() => open(camera.current)}>
          <CameraIcon />
        </button>
      )}
      <input ref={files} type="file" accept={ACCEPT} multiple hidden onChange={picked} data-testid="attach-input" tabIndex={-1} />
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden onChange={picked} data-testid="camera-input" tabIndex={-1} />
    </>
  );
}
