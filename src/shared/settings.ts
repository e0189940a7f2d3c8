import { z } from 'zod';
import { text } from './text';

/**
 * What the app keeps per workspace beside the annotations: each setting has a schema, so the host
 * stores only what the app could have written, and a bound on its size.
 */
const MAX_SETTING_BYTES = 256 << 10;

const boundedJson = z.json().refine((v) => JSON.stringify(v).length <= MAX_SETTING_BYTES, { error: `must be at most ${MAX_SETTING_BYTES} bytes as JSON` });

/** A command id as the command registry names it: `tool.draw`, `timeline.next`. */
export const commandIdSchema = z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)*$/, { error: 'is not a command id' }).max(64);

export const settingSchemas = {
  /** Command id → the key chords the user bound to it, in place of its defaults ([] unbinds it). */
  keybindings: z.record(commandIdSchema, z.array(text(32, 1)).max(4)),
  /** The docking layout, as the layout library serialises it. */
  layout: boundedJson,
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;
export const settingKeys = Object.keys(settingSchemas) as SettingKey[];
export const settingKeySchema = z.enum(settingKeys as [SettingKey, ...SettingKey[]]);
