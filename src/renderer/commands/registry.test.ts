import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './registry';
import type { WhenContext } from './when';

const ctx = (facts: Partial<WhenContext> = {}): WhenContext => ({
  hasScene: true,
  hasSelection: false,
  canEdit: true,
  canOpen: true,
  textFocus: false,
  cloudView: false,
  sceneView: true,
  playing: false,
  ...facts,
});

/** A registry whose commands write what they did into a log, standing in for the app. */
function registry() {
  const r = new CommandRegistry<string[]>();
  r.register({ id: 'tool.draw', category: 'Tool', title: 'Draw box', keys: ['b'], when: 'canEdit && !textFocus', run: (log) => log.push('draw') });
  r.register({ id: 'tool.select', category: 'Tool', title: 'Select', keys: ['V'], when: '!textFocus', run: (log) => log.push('select') });
  r.register({ id: 'edit.redo', category: 'Edit', title: 'Redo', keys: ['Ctrl+Shift+Z', 'ctrl+y'], when: 'canEdit', run: (log) => log.push('redo') });
  r.register({ id: 'palette.open', category: 'Help', title: 'Show all commands', keys: ['Mod+K'], run: (log) => log.push('palette') });
  return r;
}

describe('CommandRegistry', () => {
  it('normalises default chords and refuses a bad one, a bad when-clause or a second registration', () => {
    const r = registry();
    expect(r.keysFor('edit.redo')).toEqual(['Mod+Shift+Z', 'Mod+Y']);
    expect(r.keysFor('tool.draw')).toEqual(['B']);
    expect(() => r.register({ id: 'x.bad', category: 'X', title: 'Bad', keys: ['Ctrl+'], run: () => {} })).toThrow(/x\.bad: "Ctrl\+" is not a key chord/);
    expect(() => r.register({ id: 'x.when', category: 'X', title: 'When', when: 'canEdit &&', run: () => {} })).toThrow(/ends too early/);
    expect(() => r.register({ id: 'tool.draw', category: 'Tool', title: 'Again', run: () => {} })).toThrow(/registered twice/);
  });

  it('resolves a chord to the command whose when-clause holds, and runs only what applies', () => {
    const r = registry();
    expect(r.resolve('B', ctx())?.id).toBe('tool.draw');
    expect(r.resolve('B', ctx({ canEdit: false }))).toBeUndefined();
    expect(r.resolve('B', ctx({ textFocus: true }))).toBeUndefined();
    expect(r.resolve('Mod+K', ctx({ textFocus: true }))?.id).toBe('palette.open');
    expect(r.resolve('N', ctx())).toBeUndefined();
    const log: string[] = [];
    expect(r.run('tool.draw', log, ctx({ canEdit: false }))).toBe(false);
    expect(r.run('tool.draw', log, ctx())).toBe(true);
    expect(r.run('no.such', log, ctx())).toBe(false);
    expect(log).toEqual(['draw']);
  });

  it("takes the user's chords in place of the defaults; [] unbinds; reset goes back", () => {
    const r = registry();
    r.setUserBindings({ 'tool.draw': ['n'], 'edit.redo': [] });
    expect(r.keysFor('tool.draw')).toEqual(['N']);
    expect(r.resolve('N', ctx())?.id).toBe('tool.draw');
    expect(r.resolve('B', ctx())).toBeUndefined();
    expect(r.keysFor('edit.redo')).toEqual([]);
    expect(r.resolve('Mod+Y', ctx())).toBeUndefined();
    expect(r.isUserBound('edit.redo')).toBe(true);
    r.reset('tool.draw');
    expect(r.keysFor('tool.draw')).toEqual(['B']);
    expect(r.isUserBound('tool.draw')).toBe(false);
    expect(r.userBindings()).toEqual({ 'edit.redo': [] });
  });

  it('drops saved chords that do not parse, and keeps bindings of commands it does not know', () => {
    const r = registry();
    r.setUserBindings({ 'tool.draw': ['Ctrl+', 'M'], 'plugin.gone': ['G'] });
    expect(r.keysFor('tool.draw')).toEqual(['M']);
    expect(r.userBindings()['plugin.gone']).toEqual(['G']);
  });

  it('binding a command to its defaults clears the user entry, so defaults changed later still reach it', () => {
    const r = registry();
    r.bind('tool.draw', ['N']);
    expect(r.userBindings()).toEqual({ 'tool.draw': ['N'] });
    r.bind('tool.draw', ['B']);
    expect(r.userBindings()).toEqual({});
  });

  it('finds chords bound to two commands', () => {
    const r = registry();
    expect(r.conflicts()).toEqual([]);
    r.bind('tool.select', ['V', 'B']);
    expect(r.conflicts()).toEqual([{ chord: 'B', commandIds: ['tool.draw', 'tool.select'] }]);
    expect(r.boundTo('B').map((c) => c.id)).toEqual(['tool.draw', 'tool.select']);
    // Where both apply, the one registered first wins, as the sheet shows in its order.
    expect(r.resolve('B', ctx())?.id).toBe('tool.draw');
    expect(r.resolve('B', ctx({ canEdit: false }))?.id).toBe('tool.select');
  });

  it('tells its listeners of every change of bindings', () => {
    const r = registry();
    const seen: number[] = [];
    const off = r.subscribe(() => seen.push(r.getVersion()));
    r.bind('tool.draw', ['N']);
    r.reset('tool.draw');
    r.reset('tool.draw');
    off();
    r.setUserBindings({});
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBeGreaterThan(seen[0]);
  });
});
