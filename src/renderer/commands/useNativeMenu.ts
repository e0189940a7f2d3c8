import { useEffect, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { useWorkbench } from '../workbench/context';
import type { Commands } from './CommandsProvider';

/**
 * In the desktop shell, keeps the native application menu in step with the registry: every command
 * under its category, its first chord, enabled where its when-clause holds now. A pick from the
 * menu runs the command like a click. Nothing happens in a browser, which has no such menu.
 */
export function useNativeMenu({ registry, run, when }: Pick<Commands, 'registry' | 'run' | 'when'>): void {
  const workbench = useWorkbench();
  const menu = workbench.client.menu;
  // What when-clauses read: re-describe the menu when any of it changes.
  const facts = useStore(workbench.view, (s) => `${s.status}|${s.selectedId !== null}|${s.openCloud !== null}|${s.playing}|${s.info?.access.canEdit}|${s.info?.access.canOpen}`);
  const bindings = useSyncExternalStore(registry.subscribe, registry.getVersion);
  useEffect(() => {
    if (!menu) return;
    const ctx = { ...when(null), textFocus: false };
    menu.set(
      registry.all().map((c) => ({
        id: c.id,
        category: c.category,
        title: c.title,
        keys: registry.keysFor(c.id)[0] ?? '',
        enabled: registry.enabled(c.id, ctx),
      })),
    );
  }, [menu, registry, when, facts, bindings]);
  useEffect(() => (menu ? menu.onCommand((id) => void run(id)) : undefined), [menu, run]);
}
