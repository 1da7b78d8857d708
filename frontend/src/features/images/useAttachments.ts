// The composer's pictures: each added file is shrunk (downscale.ts, loaded on first use)
// and uploaded at once; removing one deletes it on the server. Paste and drag & drop add
// files like the picker does.
import { useCallback, useEffect, useReducer, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { ApiError, imagesApi as defaultImagesApi, type ImagesApi } from '../../api/client';
import { attachmentsReducer, initialAttachments, readyParts, room, sendBlock } from './attachments';
import { imageErrorText, imageText, isAcceptedType } from './limits';

let counter = 0;
const newKey = () => `img-${Date.now().toString(36)}-${++counter}`;
const nameOf = (f: File, i: number) => f.name || `picture ${i + 1}`;

function describe(err: unknown, name: string): string {
  if (err instanceof ApiError) return imageErrorText(err.code, name) ?? err.message;
  if (err instanceof TypeError) return imageText.offline;
  return err instanceof Error && err.message ? err.message : imageText.failed;
}

/** Files in a paste or a drop (only files: text pastes as usual). */
function filesOf(list: DataTransfer | null): File[] {
  if (!list) return [];
  return Array.from(list.files ?? []);
}

/** Shrinks a picture (downscale.ts, a chunk of its own loaded on first use). */
const prepareImage = (file: Blob) => import('./downscale').then((m) => m.prepareImage(file));

interface Options {
  /** Replace the API (tests). */
  api?: Pick<ImagesApi, 'upload' | 'remove'>;
  /** Replace the shrinking (tests: jsdom has no canvas); throws `{ reason }` like downscale.ts. */
  prepare?: (file: Blob) => Promise<{ blob: Blob }>;
}

export function useAttachments({ api = defaultImagesApi, prepare = prepareImage }: Options = {}) {
  const [state, dispatch] = useReducer(attachmentsReducer, initialAttachments);
  const prepareRef = useRef(prepare);
  prepareRef.current = prepare;
  const stateRef = useRef(state);
  stateRef.current = state;
  const apiRef = useRef(api);
  apiRef.current = api;
  const urls = useRef(new Map<string, string>());
  /** Keys removed while their upload was under way: their picture is deleted once stored. */
  const dropped = useRef(new Set<string>());

  const forget = (key: string) => {
    const url = urls.current.get(key);
    if (url) URL.revokeObjectURL(url);
    urls.current.delete(key);
  };

  const process = useCallback(async (key: string, file: File, name: string) => {
    const track = (blob: Blob) => {
      const url = URL.createObjectURL(blob);
      urls.current.set(key, url);
      return url;
    };
    let blob: Blob;
    try {
      blob = (await prepareRef.current(file)).blob;
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      const error =
        reason === 'type' ? imageText.unsupported(name) : reason === 'too_large' ? imageText.tooLarge(name) : imageText.unreadable(name);
      dispatch({ type: 'failed', key, error });
      return;
    }
    if (dropped.current.has(key)) return void dropped.current.delete(key);
    // Not (or no longer) in the list (two adds at once past the limit): nothing to upload.
    if (!stateRef.current.items.some((a) => a.key === key)) return;
    dispatch({ type: 'prepared', key, preview: track(blob) });
    try {
      const image = await apiRef.current.upload(blob);
      if (dropped.current.has(key)) {
        dropped.current.delete(key);
        void apiRef.current.remove(image.id).catch(() => {});
        return;
      }
      dispatch({ type: 'uploaded', key, image });
    } catch (err) {
      dispatch({ type: 'failed', key, error: describe(err, name) });
    }
  }, []);

  /** Adds pictures (up to the limit; a fifth and files that are not pictures are refused with a sentence). */
  const add = useCallback(
    (files: Iterable<File>) => {
      const all = Array.from(files);
      if (!all.length) return;
      const refused: string[] = [];
      const ok: { file: File; name: string }[] = [];
      all.forEach((f, i) => (isAcceptedType(f.type) ? ok.push({ file: f, name: nameOf(f, i) }) : refused.push(imageText.unsupported(nameOf(f, i)))));
      const fit = ok.slice(0, room(stateRef.current, ok.length));
      const items = ok.map((x) => ({ key: newKey(), name: x.name }));
      dispatch({ type: 'add', items, refused });
      fit.forEach((x, i) => void process(items[i].key, x.file, x.name));
    },
    [process],
  );

  const remove = useCallback((key: string) => {
    const a = stateRef.current.items.find((x) => x.key === key);
    if (!a) return;
    if (a.image) void apiRef.current.remove(a.image.id).catch(() => {});
    else if (a.status !== 'failed') dropped.current.add(key);
    forget(key);
    dispatch({ type: 'remove', key });
  }, []);

  /** After a send: the pictures now belong to the message (nothing is deleted). */
  const clear = useCallback(() => {
    for (const key of [...urls.current.keys()]) forget(key);
    dispatch({ type: 'clear' });
  }, []);

  const dismissNotice = useCallback(() => dispatch({ type: 'notice', text: null }), []);
  const say = useCallback((text: string) => dispatch({ type: 'notice', text }), []);

  useEffect(() => {
    const map = urls.current;
    return () => {
      for (const url of map.values()) URL.revokeObjectURL(url);
      map.clear();
    };
  }, []);

  /** For the text field: pasted pictures are attached (a text paste is left alone). */
  const onPaste = useCallback(
    (e: ClipboardEvent) => {
      const files = filesOf(e.clipboardData).filter((f) => f.type.startsWith('image/'));
      if (!files.length) return;
      e.preventDefault();
      add(files);
    },
    [add],
  );

  // Drag & drop onto the chat: highlighted while files are over it.
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const dropProps = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      add(filesOf(e.dataTransfer));
    },
  };

  return {
    items: state.items,
    notice: state.notice,
    /** The pictures ready to send, as image parts. */
    ready: readyParts(state),
    /** Why Send must wait, or null. */
    block: sendBlock(state),
    add,
    remove,
    clear,
    say,
    dismissNotice,
    onPaste,
    dropProps,
    dragging,
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
