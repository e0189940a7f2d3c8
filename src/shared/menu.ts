import { z } from 'zod';
import { commandIdSchema } from './settings';
import { text } from './text';

/**
 * The application menu as the renderer's command registry describes it: the desktop shell builds
 * its native menu from this list, so the menus, the palette, the toolbar and the keys all run the
 * same commands. Checked in the main process like any other input from the page.
 */
export const menuCommandSchema = z.strictObject({
  id: commandIdSchema,
  category: text(32, 1),
  title: text(96, 1),
  /** The first chord bound to the command, as the registry writes it (`Mod+Shift+Z`); '' when none. */
  keys: text(32),
  enabled: z.boolean(),
});
export const menuSchema = z.array(menuCommandSchema).max(256);

export type MenuCommand = z.output<typeof menuCommandSchema>;
