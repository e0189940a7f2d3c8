import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CLUSTER_BOXES, CLUSTER_BOXES_VERSION } from '../../../core/models/classical/clusterBoxes';
import { parseModelCard, type ModelCard } from '../../../core/models/modelCard';
import { DETECT2D_LIFT } from './detectAndLift';
import { DetectorRunner } from './detectorRunner';
import type { ModelStore, RegisteredModel } from './modelStore';

/** A proposal generator as the app lists it: the built-in classical one, or a registered model. */
export interface GeneratorInfo {
  readonly generatorId: string;
  readonly kind: typeof DETECT2D_LIFT | typeof CLUSTER_BOXES;
  readonly name: string;
  readonly version: string;
  /** The model file's hash at registration; null for a generator without weights. */
  readonly sha256: string | null;
  readonly file: string | null;
  readonly builtIn: boolean;
  /** The ontology classes it can propose (a model's class map), sorted. */
  readonly classes: string[];
  readonly scoreThreshold: number | null;
  readonly registeredAt: number | null;
}

export const BUILT_IN_GENERATORS: readonly GeneratorInfo[] = [
  {
    generatorId: CLUSTER_BOXES,
    kind: CLUSTER_BOXES,
    name: 'Cluster boxes (no model)',
    version: CLUSTER_BOXES_VERSION,
    sha256: null,
    file: null,
    builtIn: true,
    classes: [],
    scoreThreshold: null,
    registeredAt: null,
  },
];

/** A registration the user can fix (a bad path, card or graph): the message says what. */
export class RegistrationError extends Error {}

/**
 * The models of a workspace. Registering checks the card, then opens the model in the worker
 * exactly as a run would (the session's inputs and outputs against the card, the file hashed), so
 * a model that cannot run is refused now, not at its first run.
 */
export class ModelRegistry {
  constructor(
    private readonly store: ModelStore,
    private readonly workerFile: string,
    private readonly now: () => number = Date.now,
  ) {}

  list(): GeneratorInfo[] {
    return [...BUILT_IN_GENERATORS, ...this.store.list().map(infoOf)];
  }

  model(generatorId: string): RegisteredModel | null {
    return this.store.get(generatorId);
  }

  async register(modelFile: string, cardFile: string): Promise<GeneratorInfo> {
    for (const [what, file] of [['model file', modelFile], ['model card', cardFile]] as const) {
      if (!path.isAbsolute(file)) throw new RegistrationError(`${file}: give the ${what} as an absolute path`);
    }
    let text: string;
    try {
      text = await readFile(cardFile, 'utf8');
    } catch (e) {
      throw new RegistrationError(`${cardFile}: the model card cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let card: ModelCard;
    try {
      card = parseModelCard(JSON.parse(text), cardFile);
    } catch (e) {
      throw new RegistrationError(e instanceof SyntaxError ? `${cardFile}: not JSON (${e.message})` : (e as Error).message);
    }
    let sha256: string;
    try {
      const runner = await DetectorRunner.open({ modelFile, card, workerFile: this.workerFile, preferred: [] });
      sha256 = runner.provenance.model.sha256;
      await runner.close();
    } catch (e) {
      const message = (e as Error).message;
      throw new RegistrationError(message.includes(modelFile) ? message : `${modelFile}: ${message}`);
    }
    const same = this.store.list().find((m) => m.sha256 === sha256);
    if (same) throw new RegistrationError(`${modelFile}: this model is registered already, as "${same.card.name}" (${same.file})`);
    const model: RegisteredModel = { modelId: randomUUID(), file: modelFile, sha256, card, registeredAt: this.now() };
    this.store.add(model);
    return infoOf(model);
  }

  remove(generatorId: string): boolean {
    return this.store.delete(generatorId);
  }
}

function infoOf(m: RegisteredModel): GeneratorInfo {
  return {
    generatorId: m.modelId,
    kind: DETECT2D_LIFT,
    name: m.card.name,
    version: m.card.modelVersion,
    sha256: m.sha256,
    file: m.file,
    builtIn: false,
    classes: [...new Set(Object.values(m.card.classMap))].sort(),
    scoreThreshold: m.card.thresholds.score,
    registeredAt: m.registeredAt,
  };
}
