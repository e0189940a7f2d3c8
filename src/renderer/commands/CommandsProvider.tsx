import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { settingSchemas } from '../../shared/settings';
import { useShortcuts } from '../ui/useShortcuts';
import { useNativeMenu } from './useNativeMenu';
import { useWorkbench } from '../workbench/context';
import { formatChord, onMac } from './chords';
import { CommandPalette } from './CommandPalette';
import { commandApp, whenContext, type CommandApp } from './commandApp';
import { registerBoxViewCommands } from './boxViewCommands';
import { registerDefaultCommands } from './defaultCommands';
import { CommandRegistry } from './registry';
import { ShortcutSheet } from './ShortcutSheet';
import type { WhenContext } from './when';

type Overlay = 'palette' | 'sheet' | null;

export interface Commands {
  readonly registry: CommandRegistry<CommandApp>;
  readonly mac: boolean;
  /** The app as a command sees it now. */
  app(): CommandApp;
  /** The facts when-clauses test now, with the keyboard focus on `focused` (default: where it is). */
  when(focused?: Element | null): WhenContext;
  /**
   * Runs a command from a click or the palette when its when-clause holds. Where the keyboard focus
   * is does not matter there: `!textFocus` only keeps typed keys out of commands.
   */
  run(id: string): boolean;
  /** The first chord bound to a command, as this platform writes it; '' when it has none. */
  keyLabel(id: string): string;
  /** Commands run by a click or from the palette, most recent first. */
  readonly recent: readonly string[];
  /** Saves the user's bindings to the workspace; resolves to the error's message, or null. */
  saveBindings(): Promise<string | null>;
  /** Why the saved bindings could not be read, if they could not. */
  readonly loadError: string | null;
  readonly overlay: Overlay;
  setOverlay(overlay: Overlay): void;
}

const CommandsContext = createContext<Commands | null>(null);

/** The commands of the window; re-renders the caller when bindings change. */
export function useCommands(): Commands {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommands needs a CommandsProvider above it');
  useSyncExternalStore(commands.registry.subscribe, commands.registry.getVersion);
  return commands;
}

const RECENT_MAX = 5;

/**
 * Holds the command registry with the default commands and the user's bindings saved in the
 * workspace, dispatches key presses to it, and shows the palette (Ctrl+K) and the shortcut sheet (?).
 */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const workbench = useWorkbench();
  const { client } = workbench;
  const [registry] = useState(() => {
    const r = new CommandRegistry<CommandApp>();
    registerDefaultCommands(r);
    registerBoxViewCommands(r);
    return r;
  });
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [recent, setRecent] = useState<readonly string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .call('settings.get', { key: 'keybindings' })
      .then(({ value }) => {
        if (!live || value === null) return;
        const parsed = settingSchemas.keybindings.safeParse(value);
        if (parsed.success) registry.setUserBindings(parsed.data);
        else setLoadError('The saved key bindings are not readable; the defaults apply.');
      })
      .catch((e: Error) => live && setLoadError(`The saved key bindings could not be read: ${e.message}`));
    return () => {
      live = false;
    };
  }, [client, registry]);

  const app = useCallback(() => commandApp(workbench, { showPalette: () => setOverlay('palette'), showShortcutSheet: () => setOverlay('sheet') }), [workbench]);
  const when = useCallback((focused?: Element | null) => whenContext(workbench.view.getState(), focused), [workbench]);
  const run = useCallback(
    (id: string) => {
      const ran = registry.run(id, app(), { ...when(), textFocus: false });
      if (ran) setRecent((r) => [id, ...r.filter((x) => x !== id)].slice(0, RECENT_MAX));
      return ran;
    },
    [registry, app, when],
  );
  const mac = useMemo(() => onMac(), []);
  const keyLabel = useCallback(
    (id: string) => {
      const chord = registry.keysFor(id)[0];
      return chord ? formatChord(chord, mac) : '';
    },
    [registry, mac],
  );
  const saveBindings = useCallback(
    () =>
      client
        .call('settings.set', { key: 'keybindings', value: registry.userBindings() as Record<string, string[]> })
        .then(() => null)
        .catch((e: Error) => e.message),
    [client, registry],
  );

  const commands = useMemo<Commands>(
    () => ({ registry, mac, app, when, run, keyLabel, recent, saveBindings, loadError, overlay, setOverlay }),
    [registry, mac, app, when, run, keyLabel, recent, saveBindings, loadError, overlay],
  );
  useShortcuts(commands);
  useNativeMenu(commands);

  return (
    <CommandsContext.Provider value={commands}>
      {children}
      {overlay === 'palette' && <CommandPalette />}
      {overlay === 'sheet' && <ShortcutSheet />}
    </CommandsContext.Provider>
  );
}
