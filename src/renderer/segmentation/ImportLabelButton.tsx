import { useRef } from 'react';

/** "Import .label": a button that opens the file picker for a SemanticKITTI label file (test ids `testId` and `${testId}-file`). */
export function ImportLabelButton({ testId, disabled, onFile }: { testId: string; disabled?: boolean; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button data-testid={testId} disabled={disabled} onClick={() => input.current?.click()}>
        Import .label
      </button>
      <input
        ref={input}
        data-testid={`${testId}-file`}
        type="file"
        accept=".label"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared, so that choosing the same file again still reads it.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
