import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { savedScenariosFileSchema, withScenario, type SavedScenario } from '../../../core/scenarios/savedScenario';

/** The workspace's named scenarios, one JSON file (scenarios/saved.json), replaced whole on each save. */
export class SavedScenarios {
  private readonly file: string;

  constructor(workspaceDir: string) {
    this.file = path.join(workspaceDir, 'scenarios', 'saved.json');
  }

  list(): SavedScenario[] {
    if (!existsSync(this.file)) return [];
    const parsed = savedScenariosFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`${this.file}: not a saved scenarios file: ${parsed.error.issues[0]?.message}`);
    return parsed.data.scenarios;
  }

  save(scenario: SavedScenario): SavedScenario[] {
    return this.write(withScenario(this.list(), scenario));
  }

  remove(name: string): SavedScenario[] {
    return this.write(this.list().filter((s) => s.name !== name));
  }

  private write(scenarios: SavedScenario[]): SavedScenario[] {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ format: 'cairn.scenarios', version: 1, scenarios }, null, 2));
    renameSync(partial, this.file);
    return scenarios;
  }
}
