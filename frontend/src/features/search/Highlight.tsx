// A snippet or a title as the server cut it: plain text segments, the matched words in
// <mark>. React writes them as text: nothing in them is ever read as HTML.
import type { TextSegment } from '../../api/types';

export function Highlight({ segments, className }: { segments: TextSegment[]; className?: string }) {
  return (
    <span className={className}>
      {segments.map((s, i) =>
        s.hit ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}

/** The segments' text, as read aloud or in a title attribute. */
export const plainText = (segments: TextSegment[]) => segments.map((s) => s.text).join('');
