import type Database from 'better-sqlite3';
import { parseJson } from '../../../core/io/parseJson';
import { settingSchemas, type SettingKey, type SettingValue } from '../../../shared/settings';

/**
 * The workspace's settings (key bindings, the layout) in its `meta` table, one row a setting as
 * JSON: written in the same database as the annotations, so they travel and survive together.
 */
export class WorkspaceSettings {
  private readonly read: Database.Statement<[string], { value: string }>;
  private readonly write: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.read = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.write = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** The stored value, or null when never set or no longer valid (a build whose schema changed). */
  get<K extends SettingKey>(key: K): SettingValue<K> | null {
    const row = this.read.get(rowKey(key));
    if (!row) return null;
    const json = parseJson(row.value);
    if (!json.ok) return null;
    const parsed = settingSchemas[key].safeParse(json.value);
    return parsed.success ? (parsed.data as SettingValue<K>) : null;
  }

  set<K extends SettingKey>(key: K, value: SettingValue<K>): void {
    this.write.run(rowKey(key), JSON.stringify(settingSchemas[key].parse(value)));
  }
}

function rowKey(key: SettingKey): string {
  return `setting:${key}`;
}
