import { useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import type { ChatStatus } from '../hooks/useChat';
import { formatSpend } from '../lib/format';
import { mayFocusField } from '../lib/focus';
import { SendIcon, StopIcon } from './icons';
import { useSlashTemplates } from '../features/templates/useSlashTemplates';
import { t } from '../i18n';
import type { ImagePart } from '../api/types';
import type { Attachments } from '../features/images/useAttachments';
import { AttachButton } from '../features/images/AttachButton';
import { AttachmentTray } from '../features/images/AttachmentTray';
import { imageText } from '../features/images/limits';

interface Props {
  status: ChatStatus;
  /** `images`: the pictures attached (uploaded), sent with the text. */
  onSend: (text: string, images: ImagePart[]) => Promise<boolean> | boolean;
  onStop: () => void;
  /** Stop was pressed; the server is finishing the reply. */
  stopping?: boolean;
  disabled?: boolean;
  /** The text field, for the app to give focus back to it. */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  /** The least the next message costs (a long conversation, a model with a known price). */
  nextCost?: { cost: number; tokens: number } | null;
  /** The pictures attached (features/images); without it, no attach button. */
  attachments?: Attachments;
  /** The chosen model cannot see images: its name (attaching is off, Send blocked with pictures). */
  imagesOffModel?: string | null;
  /** The user may be about to attach: a chance to learn which models take images. */
  onImagesIntent?: () => void;
}

const MAX_ROWS = 6;

export function Composer({ status, onSend, onStop, stopping, disabled, inputRef, nextCost, attachments, imagesOffModel, onImagesIntent }: Props) {
  const [text, setText] = useState('');
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? own;
  const busy = status === 'submitted' || status === 'streaming';
  const pictures = attachments?.items.length ?? 0;
  // The chosen model cannot see the pictures attached: said, and Send waits.
  const blocked = pictures > 0 && imagesOffModel ? imageText.cannotSee(imagesOffModel) : null;
  const canSend =
    !busy && !disabled && !blocked && !attachments?.block && (text.trim().length > 0 || (attachments?.ready.length ?? 0) > 0);
  // Prompt templates: `/` at the start lists them (features/templates).
  const slash = useSlashTemplates(text, setText, ref);

  // The Send/Stop button is disabled at times (stopping, nothing to send once a reply
  // ends); a focused button that gets disabled drops the focus to the page. The cursor
  // goes to the text field instead.
  const button = useRef<HTMLButtonElement>(null);
  const buttonFocused = useRef(false);
  const buttonOff = busy ? !!stopping : !canSend;
  useLayoutEffect(() => {
    if (!buttonOff || !buttonFocused.current) return;
    const at = document.activeElement;
    if (at === button.current || !at || at === document.body) ref.current?.focus();
    buttonFocused.current = false;
  }, [buttonOff, ref]);
  const buttonFocus = {
    ref: button,
    // (Not after a tap on a phone: focusing the field would pop up its keyboard.)
    onFocus: (e: FocusEvent<HTMLButtonElement>) => void (buttonFocused.current = mayFocusField(e.currentTarget)),
    // Losing focus because it was disabled does not count: the effect above moves it on.
    onBlur: (e: FocusEvent<HTMLButtonElement>) => void (e.currentTarget.disabled || (buttonFocused.current = false)),
  };

  // Auto-grow up to MAX_ROWS, then scroll inside.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || 22;
    const pad = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const max = line * MAX_ROWS + pad;
    el.style.height = `${Math.min(el.scrollHeight, max)}px`;
    el.style.overflowY = el.scrollHeight > max ? 'auto' : 'hidden';
  }, [text]);

  const submit = async () => {
    if (!canSend) return;
    const value = text;
    const images = attachments?.ready ?? [];
    setText('');
    const ok = await onSend(value, images);
    if (!ok) setText((t) => t || value);
    else attachments?.clear();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (slash.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <div className="safe-bottom safe-x border-t border-zinc-200 bg-white pt-3 dark:border-zinc-800 dark:bg-zinc-950">
      {nextCost && (
        <p
          className="mx-auto -mt-1 mb-1 w-full max-w-3xl px-2 text-right text-xs text-zinc-500"
          data-testid="next-message-cost"
          title={t('composer.nextCostTitle', { tokens: nextCost.tokens })}
        >
          {t('composer.nextCost')} {formatSpend(nextCost.cost)}
        </p>
      )}
      <div className="relative mx-auto w-full max-w-3xl">{slash.menu}</div>
      {slash.dialog}
      {attachments && (
        <AttachmentTray
          items={attachments.items}
          notice={attachments.notice}
          blocked={blocked}
          onRemove={attachments.remove}
          onEmptied={() => mayFocusField() && ref.current?.focus()}
        />
      )}
      <form
        className="mx-auto mb-3 flex w-full max-w-3xl items-end gap-2 rounded-2xl border border-zinc-300 bg-zinc-50 p-2 focus-within:border-indigo-500 dark:border-zinc-700 dark:bg-zinc-900"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {attachments && (
          <AttachButton
            onFiles={attachments.add}
            off={imagesOffModel ? imageText.attachOff(imagesOffModel) : null}
            onOff={attachments.say}
            onIntent={onImagesIntent}
          />
        )}
        <textarea
          ref={ref}
          onPaste={attachments?.onPaste}
          rows={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          readOnly={busy}
          aria-disabled={busy}
          placeholder={busy ? t('composer.waiting') : t('composer.placeholder')}
          aria-label={t('composer.message')}
          {...slash.inputProps}
          data-testid="composer-input"
          enterKeyHint="send"
          className="max-h-60 min-h-[2.5rem] flex-1 resize-none bg-transparent px-2 py-2 text-base leading-[1.375rem] outline-none placeholder:text-zinc-500 sm:text-[15px]"
        />
        {busy ? (
          <button
            {...buttonFocus}
            type="button"
            onClick={onStop}
            disabled={stopping}
            aria-label={stopping ? t('composer.stopping') : t('composer.stop')}
            data-testid="stop-button"
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl bg-zinc-800 text-white hover:bg-zinc-700 disabled:animate-pulse disabled:opacity-60 dark:bg-zinc-200 dark:text-zinc-900 dark:hover:bg-white"
          >
            <StopIcon />
          </button>
        ) : (
          <button
            {...buttonFocus}
            type="submit"
            disabled={!canSend}
            title={blocked ?? attachments?.block ?? undefined}
            aria-label={t('composer.send')}
            data-testid="send-button"
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl bg-indigo-600 text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-500 dark:disabled:bg-zinc-800"
          >
            <SendIcon />
          </button>
        )}
      </form>
    </div>
  );
}
