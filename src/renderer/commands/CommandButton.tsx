import { memo } from 'react';
import { useCommands, type Commands } from './CommandsProvider';

/** A button's tooltip: what the command does, and the key the user bound to it. */
export function commandTooltip(commands: Commands, id: string, text?: string): string {
  const command = commands.registry.get(id);
  const key = commands.keyLabel(id);
  const what = text ?? command?.description ?? command?.title ?? id;
  return key ? `${what} (${key})` : what;
}

/**
 * A toolbar button that runs a command: its label and key come from the registry, so a rebinding
 * shows here. Memoised on its props (all plain values): the toolbar and the timeline re-render on
 * every frame stepped, and their buttons need not (a rebinding still reaches them through useCommands).
 */
export const CommandButton = memo(function CommandButton({ id, testId, active, disabled, label, tooltip, showKey = true }: { id: string; testId: string; active?: boolean; disabled?: boolean; label?: string; tooltip?: string; showKey?: boolean }) {
  const commands = useCommands();
  const key = commands.keyLabel(id);
  return (
    <button data-testid={testId} className={active ? 'active' : ''} disabled={disabled} title={commandTooltip(commands, id, tooltip)} onClick={() => commands.run(id)}>
      {label ?? commands.registry.get(id)?.title ?? id}
      {showKey && key && <kbd>{key}</kbd>}
    </button>
  );
});
