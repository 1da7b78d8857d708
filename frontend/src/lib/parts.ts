// A message's typed parts (docs/api.md, "Messages"): the reasoning a model streamed before
// its answer is kept apart from the answer's text (`content`) and shown folded.
import type { Message, MessagePart } from '../api/types';

const isReasoning = (p: MessagePart): p is { type: 'reasoning'; text: string } => p.type === 'reasoning' && typeof p.text === 'string';

/** The message's reasoning ('' when it has none). */
export function reasoningOf(m: { parts?: Message['parts'] | null } | null | undefined): string {
  const parts = m?.parts;
  if (!parts?.length) return '';
  let text = '';
  for (const p of parts) if (isReasoning(p)) text += p.text;
  return text;
}

/**
 * `parts` with `more` added to the reasoning: appended to the first reasoning part, or a
 * new one in front (reasoning comes before the answer). Other parts are kept as they are.
 */
export function appendReasoning(parts: readonly MessagePart[] | undefined, more: string): MessagePart[] {
  const list = parts ? [...parts] : [];
  const i = list.findIndex(isReasoning);
  if (i === -1) return [{ type: 'reasoning', text: more }, ...list];
  list[i] = { type: 'reasoning', text: (list[i] as { text: string }).text + more };
  return list;
}
