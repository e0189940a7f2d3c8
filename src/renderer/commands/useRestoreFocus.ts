import { useEffect } from 'react';

/** Gives the focus back to where it was when a dialog opened, once the dialog closes. */
export function useRestoreFocus(): void {
  useEffect(() => {
    const before = document.activeElement;
    return () => {
      // The dialog's own element had the focus and is gone; another dialog may have taken it since.
      const now = document.activeElement;
      if (before instanceof HTMLElement && before.isConnected && (now === null || now === document.body)) before.focus();
    };
  }, []);
}
