import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { chordOf, formatChord } from './chords';
import { useCommands } from './CommandsProvider';
import { fuzzyMatch } from './fuzzy';
import { Highlighted } from './Highlighted';
import { useRestoreFocus } from './useRestoreFocus';

const PAGE = 8;

/**
 * The command palette (Ctrl+K), as in VS Code: type to filter every command that applies now by a
 * fuzzy match on "Category: Title", arrows move, Enter runs, Escape closes. Each row shows its keys.
 */
export function CommandPalette() {
  const { registry, mac, run, recent, setOverlay, when } = useCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  useRestoreFocus();
  // What applies is judged as the window stood when the palette opened, before it took the focus.
  const [ctx] = useState(() => ({ ...when(), textFocus: false }));

  const items = useMemo(() => {
    const rank = (id: string) => {
      const r = recent.indexOf(id);
      return r < 0 ? recent.length : r;
    };
    return registry
      .all()
      .filter((c) => registry.enabled(c.id, ctx))
      .map((c, order) => {
        const label = `${c.category}: ${c.title}`;
        return { command: c, label, order, match: fuzzyMatch(query, label) };
      })
      .filter((x) => x.match !== null)
      .sort((a, b) => (query ? b.match!.score - a.match!.score : rank(a.command.id) - rank(b.command.id)) || a.order - b.order);
  }, [registry, ctx, query, recent]);

  const current = Math.min(active, Math.max(0, items.length - 1));
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current, items]);

  const close = () => setOverlay(null);
  const runAt = (i: number) => {
    const item = items[i];
    if (!item) return;
    close();
    run(item.command.id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // The palette owns the keyboard while open: no shortcut runs behind it.
    e.stopPropagation();
    const move = (to: number) => {
      e.preventDefault();
      if (items.length) setActive(((to % items.length) + items.length) % items.length);
    };
    const chord = chordOf(e.nativeEvent);
    if (e.key === 'ArrowDown') move(current + 1);
    else if (e.key === 'ArrowUp') move(current - 1);
    else if (e.key === 'PageDown') move(Math.min(items.length - 1, current + PAGE));
    else if (e.key === 'PageUp') move(Math.max(0, current - PAGE));
    else if (e.key === 'Enter') {
      e.preventDefault();
      runAt(current);
    } else if (e.key === 'Escape' || (chord && registry.keysFor('palette.open').includes(chord))) {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') e.preventDefault();
  };

  return (
    <div className="dialog-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="command-palette" data-testid="command-palette" role="dialog" aria-modal="true" aria-label="Commands" onKeyDown={onKeyDown}>
        <input
          data-testid="command-palette-input"
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="command-palette-list"
          aria-activedescendant={items[current] ? `command-${items[current].command.id}` : undefined}
          placeholder="Type the name of a command"
          value={query}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
        />
        <ul id="command-palette-list" role="listbox" ref={list}>
          {items.map(({ command, label, match }, i) => {
            const keys = registry.keysFor(command.id);
            return (
              <li
                key={command.id}
                id={`command-${command.id}`}
                role="option"
                aria-selected={i === current}
                data-testid="command-palette-item"
                data-command-id={command.id}
                onMouseMove={() => i !== current && setActive(i)}
                onClick={() => runAt(i)}
              >
                <span className="label">
                  <Highlighted text={label} positions={match!.positions} />
                  {!query && recent.includes(command.id) && <span className="recent-tag">recently used</span>}
                </span>
                {command.description && <span className="description">{command.description}</span>}
                <span className="keys">
                  {keys.map((k) => (
                    <kbd key={k}>{formatChord(k, mac)}</kbd>
                  ))}
                </span>
              </li>
            );
          })}
        </ul>
        {items.length === 0 && <p className="empty">No command matches “{query}”.</p>}
      </div>
    </div>
  );
}
