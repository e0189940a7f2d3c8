import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useView } from '../workbench/context';
import { chordOf, formatChord, type Chord } from './chords';
import { useCommands } from './CommandsProvider';
import { fuzzyMatch } from './fuzzy';
import { Highlighted } from './Highlighted';
import type { CommandApp } from './commandApp';
import type { RegisteredCommand } from './registry';
import { useRestoreFocus } from './useRestoreFocus';

/** A chord being recorded for a command: in place of its `index`th chord, or as a new one (index = its count). */
interface Recording {
  readonly id: string;
  readonly index: number;
  /** The chord pressed, once it is bound elsewhere and waits for the user's word. */
  readonly conflict?: { readonly chord: Chord; readonly others: readonly RegisteredCommand<CommandApp>[] };
}

/**
 * Every command by category with its keys (`?`), as VS Code's keybinding editor: click a key to
 * press a new one (Escape cancels), + adds one, × removes one, Reset goes back to the defaults.
 * A chord already bound elsewhere is named and moves only once confirmed. Saved per workspace.
 */
export function ShortcutSheet() {
  const { registry, mac, saveBindings, loadError, setOverlay } = useCommands();
  const [filter, setFilter] = useState('');
  const [recording, setRecording] = useState<Recording | null>(null);
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const [saveError, setSaveError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useRestoreFocus();
  // The sheet keeps the focus, so its keys (Escape above all) reach it, also once a recorder or a prompt goes away.
  useEffect(() => {
    if (!dialog.current?.contains(document.activeElement)) dialog.current?.focus();
  }, [recording]);

  // A few dozen commands: computed on each render, which useCommands asks for on every change of bindings.
  const conflicted = new Map(registry.conflicts().map((c) => [c.chord, c.commandIds]));
  const byCategory = new Map<string, Array<{ command: RegisteredCommand<CommandApp>; positions: readonly number[] }>>();
  for (const command of registry.all()) {
    const keys = registry.keysFor(command.id).map((k) => formatChord(k, mac).toLowerCase());
    // A search finds a command by its title, by one of its keys typed out (`ctrl+z`), or by its category.
    const byKey = keys.includes(filter.trim().toLowerCase()) || fuzzyMatch(filter, command.category) !== null;
    const match = fuzzyMatch(filter, command.title) ?? (byKey ? { positions: [] } : null);
    if (match) byCategory.set(command.category, [...(byCategory.get(command.category) ?? []), { command, positions: match.positions }]);
  }
  const groups = [...byCategory];

  // A read-only (reviewer) host keeps no settings: bindings changed there last until the page reloads.
  const canSave = useView((s) => s.info?.access.canEdit ?? true);
  const saves = useRef(0);
  const persist = async () => {
    if (!canSave) return;
    const mine = ++saves.current;
    setSaving('saving');
    const error = await saveBindings();
    // Only the last save says how things stand; an earlier one answering late does not.
    if (mine !== saves.current) return;
    setSaveError(error);
    setSaving(error ? 'failed' : 'saved');
  };

  const apply = (id: string, index: number, chord: Chord, others: readonly RegisteredCommand<CommandApp>[]) => {
    for (const other of others) registry.bind(other.id, registry.keysFor(other.id).filter((k) => k !== chord));
    const keys = [...registry.keysFor(id)];
    keys.splice(index, 1, chord);
    registry.bind(id, [...new Set(keys)]);
    setRecording(null);
    void persist();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // The sheet owns the keyboard while open: no shortcut runs behind it.
    e.stopPropagation();
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey;
    if (recording?.conflict) {
      if (e.key === 'Escape') {
        e.preventDefault();
        setRecording(null);
      }
      return;
    }
    if (recording) {
      e.preventDefault();
      if (e.key === 'Escape' && plain) return setRecording(null);
      const chord = chordOf(e.nativeEvent);
      if (!chord) return;
      const others = registry.boundTo(chord).filter((c) => c.id !== recording.id);
      if (others.length) setRecording({ ...recording, conflict: { chord, others } });
      else apply(recording.id, recording.index, chord, []);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setOverlay(null);
    }
  };

  const unbind = (id: string, chord: Chord) => {
    registry.bind(id, registry.keysFor(id).filter((k) => k !== chord));
    void persist();
  };
  const reset = (id: string) => {
    registry.reset(id);
    void persist();
  };

  const recorder = () => (
    // The key pressed next must reach the sheet: the button clicked to record is gone, so the recorder takes the focus.
    <span className="recorder" data-testid="shortcut-recorder" tabIndex={-1} ref={(el) => {
        if (el && !recording?.conflict) el.focus();
      }}
    >
      {recording?.conflict ? formatChord(recording.conflict.chord, mac) : 'Press a key… (Esc cancels)'}
    </span>
  );

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOverlay(null)}>
      <div className="dialog shortcut-sheet" data-testid="shortcut-sheet" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-save-state={saving} tabIndex={-1} ref={dialog} onKeyDown={onKeyDown}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <input data-testid="shortcut-sheet-search" placeholder="Search commands or keys" value={filter} spellCheck={false} onChange={(e) => setFilter(e.target.value)} />
          <button data-testid="shortcut-sheet-close" onClick={() => setOverlay(null)} title="Close (Esc)">
            Close
          </button>
        </header>
        <p className="hint">
          Click a key to change it; {canSave ? 'bindings are saved in this workspace.' : 'this host is read-only, so changes last until the page reloads.'} {mac ? '⌘' : 'Ctrl'}+K finds any command by name.
          {saving === 'saving' && <span className="save-state"> Saving…</span>}
          {saving === 'saved' && <span className="save-state"> Saved.</span>}
        </p>
        {loadError && <p className="error">{loadError}</p>}
        {saveError && <p className="error" data-testid="shortcut-save-error">The key bindings could not be saved: {saveError}</p>}
        {recording?.conflict && (
          <div className="conflict" data-testid="shortcut-conflict" role="alert">
            <span>
              <kbd>{formatChord(recording.conflict.chord, mac)}</kbd> is bound to {recording.conflict.others.map((c) => `${c.category}: ${c.title}`).join(', ')}. Move it to {registry.get(recording.id)?.title}?
            </span>
            <button data-testid="shortcut-conflict-confirm" autoFocus onClick={() => apply(recording.id, recording.index, recording.conflict!.chord, recording.conflict!.others)}>
              Reassign
            </button>
            <button data-testid="shortcut-conflict-cancel" onClick={() => setRecording(null)}>
              Cancel
            </button>
          </div>
        )}
        <div className="sheet-body">
          {groups.map(([category, rows]) => (
            <section key={category}>
              <h3>{category}</h3>
              <table>
                <tbody>
                  {rows.map(({ command, positions }) => {
                    const keys = registry.keysFor(command.id);
                    const userBound = registry.isUserBound(command.id);
                    const clash = keys.flatMap((k) => (conflicted.get(k) ?? []).filter((id) => id !== command.id).map((id) => ({ k, id })));
                    const recordingHere = recording?.id === command.id;
                    return (
                      <tr key={command.id} data-testid="shortcut-row" data-command-id={command.id} className={userBound ? 'user-bound' : ''}>
                        <td className="title">
                          <Highlighted text={command.title} positions={positions} />
                          {userBound && <span className="changed">changed</span>}
                          {command.description && <span className="description">{command.description}</span>}
                          {clash.map(({ k, id }) => (
                            <span key={`${k}-${id}`} className="clash">
                              {formatChord(k, mac)} is also bound to {registry.get(id)?.title ?? id}
                            </span>
                          ))}
                        </td>
                        <td className="keys">
                          {keys.map((k, i) =>
                            recordingHere && recording.index === i ? (
                              <span key={k}>{recorder()}</span>
                            ) : (
                              <span key={k} className="binding">
                                <button data-testid="shortcut-binding" title="Click, then press the new keys" onClick={() => setRecording({ id: command.id, index: i })}>
                                  {formatChord(k, mac)}
                                </button>
                                <button className="unbind" data-testid="shortcut-unbind" title={`Remove ${formatChord(k, mac)}`} aria-label={`Remove ${formatChord(k, mac)}`} onClick={() => unbind(command.id, k)}>
                                  ×
                                </button>
                              </span>
                            ),
                          )}
                          {recordingHere && recording.index === keys.length ? (
                            recorder()
                          ) : (
                            <button className="add" data-testid="shortcut-add" title="Add a key" aria-label={`Add a key to ${command.title}`} onClick={() => setRecording({ id: command.id, index: keys.length })}>
                              +
                            </button>
                          )}
                        </td>
                        <td className="when" title="When the command applies">
                          {command.when}
                        </td>
                        <td className="reset">
                          {userBound && (
                            <button data-testid="shortcut-reset" title={`Back to ${registry.get(command.id)!.keys.map((k) => formatChord(k, mac)).join(', ') || 'no key'}`} onClick={() => reset(command.id)}>
                              Reset
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          ))}
          {groups.length === 0 && <p className="hint">No command matches “{filter}”.</p>}
        </div>
      </div>
    </div>
  );
}
