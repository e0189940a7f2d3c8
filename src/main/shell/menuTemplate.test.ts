import { describe, expect, it } from 'vitest';
import { acceleratorOf, menuTemplate } from './menuTemplate';

const cmd = (id: string, category: string, keys = '', enabled = true) => ({ id, category, title: id, keys, enabled });

describe('the application menu', () => {
  it('has one menu per command category, in the usual order', () => {
    const menus = menuTemplate([cmd('help.shortcuts', 'Help'), cmd('tool.draw', 'Tool', 'B'), cmd('edit.undo', 'Edit', 'Mod+Z'), cmd('file.open', 'File', 'Mod+O'), cmd('x.y', 'Zeta')]);
    expect(menus.map((m) => m.label)).toEqual(['File', 'Edit', 'Tool', 'Help', 'Zeta']);
    expect(menus[1].submenu).toEqual([{ id: 'edit.undo', label: 'edit.undo', enabled: true, accelerator: 'CmdOrCtrl+Z' }]);
  });

  it('shows accelerators only for chords with a modifier, so typing a letter in a field never runs a menu item', () => {
    const [tools] = menuTemplate([cmd('tool.draw', 'Tool', 'B'), cmd('track.propagate', 'Tool', 'Mod+Right', false)]);
    expect(tools.submenu).toEqual([
      { id: 'tool.draw', label: 'tool.draw', enabled: true },
      { id: 'track.propagate', label: 'track.propagate', enabled: false, accelerator: 'CmdOrCtrl+Right' },
    ]);
  });

  it('turns registry chords into Electron accelerators, leaving out keys Electron cannot name', () => {
    expect(acceleratorOf('Mod+Shift+Z')).toBe('CmdOrCtrl+Shift+Z');
    expect(acceleratorOf('Mod+K')).toBe('CmdOrCtrl+K');
    expect(acceleratorOf('Alt+F4')).toBe('Alt+F4');
    expect(acceleratorOf('?')).toBeUndefined();
    expect(acceleratorOf('')).toBeUndefined();
  });
});
