import type { MenuCommand } from '../../shared/menu';

/** A native menu item as Electron's Menu.buildFromTemplate takes it, minus the click handler. */
export interface MenuItemSpec {
  readonly label: string;
  readonly id?: string;
  readonly accelerator?: string;
  readonly enabled?: boolean;
  readonly role?: string;
  readonly submenu?: readonly MenuItemSpec[];
  readonly type?: 'separator';
}

/** The menus, in the order desktop apps show them; a category no menu names goes last under its own name. */
const MENU_ORDER = ['File', 'Edit', 'Tool', 'Gizmo', 'Track', 'Timeline', 'Camera', 'View', 'Help'];

/**
 * Electron's accelerator for a registry chord, or undefined where Electron has none for it:
 * keys it cannot show (`?`, `<`) stay shortcuts of the page, not of the menu.
 */
export function acceleratorOf(chord: string): string | undefined {
  if (!chord) return undefined;
  const parts = chord.split('+');
  const key = parts.pop()!;
  const named: Record<string, string> = { Left: 'Left', Right: 'Right', Up: 'Up', Down: 'Down', Home: 'Home', End: 'End', Delete: 'Delete', Backspace: 'Backspace', Escape: 'Escape', Space: 'Space', ',': ',', '.': '.' };
  const accKey = /^[A-Z0-9]$/.test(key) || /^F\d{1,2}$/.test(key) ? key : named[key];
  if (!accKey) return undefined;
  const mods = parts.map((m) => (m === 'Mod' ? 'CmdOrCtrl' : m));
  return [...mods, accKey].join('+');
}

/**
 * The native menus for the registry's commands, one menu per category. Accelerators are shown
 * only for chords with a modifier: a bare letter in a native menu would fire while the user types
 * in a field, which the page's when-clauses prevent and the menu could not.
 */
export function menuTemplate(commands: readonly MenuCommand[]): MenuItemSpec[] {
  const categories = [...new Set(commands.map((c) => c.category))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return categories.map((category) => ({
    label: category,
    submenu: commands
      .filter((c) => c.category === category)
      .map((c) => {
        const accelerator = /\b(Mod|Ctrl|Alt|Meta)\+/.test(c.keys) ? acceleratorOf(c.keys) : undefined;
        return { id: c.id, label: c.title, enabled: c.enabled, ...(accelerator ? { accelerator } : {}) };
      }),
  }));
}

function rank(category: string): number {
  const i = MENU_ORDER.indexOf(category);
  return i < 0 ? MENU_ORDER.length : i;
}
