import { useEffect } from 'react';
import { chordOf } from '../commands/chords';
import type { Commands } from '../commands/CommandsProvider';

/**
 * The window's key handler: a key press runs the command bound to its chord whose when-clause
 * holds (so typing in a field, or an editing key on a read-only host, runs nothing). Keys no
 * command takes go on to the browser untouched.
 */
export function useShortcuts({ registry, app, when }: Pick<Commands, 'registry' | 'app' | 'when'>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog that handled the key (the palette's arrows, the sheet's recorder) has the last word.
      if (e.defaultPrevented) return;
      const chord = chordOf(e);
      if (!chord) return;
      const command = registry.resolve(chord, when(e.target instanceof Element ? e.target : document.activeElement));
      if (!command) return;
      e.preventDefault();
      command.run(app());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry, app, when]);
}
