import type { Ref } from 'react';

/**
 * The hidden `.json` file picker a visible button opens (`ref.current.click()`): hands
 * the chosen file over once and resets, so the same file can be chosen again.
 */
export function JsonFileInput({ ref, onFile, testId }: { ref: Ref<HTMLInputElement>; onFile: (file: File) => void; testId: string }) {
  return (
    <input
      ref={ref}
      type="file"
      accept=".json,application/json"
      className="sr-only"
      tabIndex={-1}
      aria-hidden="true"
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file) onFile(file);
      }}
      data-testid={testId}
    />
  );
}
