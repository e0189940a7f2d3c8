import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CLUSTER_BOXES, CLUSTER_BOXES_VERSION } from '../../../core/models/classical/clusterBoxes';
import { parseModelCard } from '../../../core/models/modelCard';
import { parsePillarCard } from '../../../core/models/pillars/pillarCard';
import { DETECT2D_LIFT } from './detectAndLift';
import { DetectorRunner } from './detectorRunner';
import type { ModelStore, RegisteredModel } from './modelStore';
import type { ModelWorkerFiles } from './modelWorkerFiles';
import { PILLARS, PillarRunner } from './pillarRunner';

/** A proposal generator as the app lists it: the built-in classical one, or a registered model. */
export interface GeneratorInfo {
  readonly generatorId: string;
  readonly kind: typeof DETECT2D_LIFT | typeof PILLARS | typeof CLUSTER_BOXES;
  readonly name: string;
  readonly version: string;
  /** The model file's hash at registration; null for a generator without weights. */
  readonly sha256: string | null;
  readonly file: string | null;
  /** A split 3D detector's second graph (backbone and head); null otherwise. */
  readonly rpnFile: string | null;
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
    rpnFile: null,
    builtIn: true,
    classes: [],
    scoreThreshold: null,
    registeredAt: null,
  },
];

/** A registration the user can fix (a bad path, card or graph): the message says what. */
export class RegistrationError extends Error {}

/**
 * The models of a workspace: 2D detectors (one ONNX file, lifted into the scan) and split pillar
 * 3D detectors (two: the pillar feature net and the backbone with its head), told apart by the
 * card's task. Registering checks the card, then opens the model in its worker exactly as a run
 * would (the sessions' inputs and outputs against the card, the files hashed), so a model that
 * cannot run is refused now, not at its first run.
 */
export class ModelRegistry {
  constructor(
    private readonly store: ModelStore,
    private readonly workers: Pick<ModelWorkerFiles, 'detector' | 'pillar'>,
    private readonly now: () => number = Date.now,
  ) {}

  list(): GeneratorInfo[] {
    return [...BUILT_IN_GENERATORS, ...this.store.list().map(infoOf)];
  }

  model(generatorId: string): RegisteredModel | null {
    return this.store.get(generatorId);
  }

  /** `rpnFile`: a split 3D detector's backbone and head, required when the card's task is detect3d and refused otherwise. */
  async register(modelFile: string, cardFile: string, rpnFile?: string): Promise<GeneratorInfo> {
    const files = [['model file', modelFile], ['model card', cardFile], ...(rpnFile === undefined ? [] : [['backbone graph', rpnFile]])] as const;
    for (const [what, file] of files) {
      if (!path.isAbsolute(file)) throw new RegistrationError(`${file}: give the ${what} as an absolute path`);
    }
    let text: string;
    try {
      text = await readFile(cardFile, 'utf8');
    } catch (e) {
      throw new RegistrationError(`${cardFile}: the model card cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new RegistrationError(`${cardFile}: not JSON (${(e as Error).message})`);
    }
    const detect3d = (json as { task?: unknown } | null)?.task === 'detect3d';
    if (detect3d && rpnFile === undefined) throw new RegistrationError(`${cardFile}: a 3D detector's card: give its second graph (the backbone and head, rpn) too`);
    if (!detect3d && rpnFile !== undefined) throw new RegistrationError(`${cardFile}: a second graph is for split 3D detectors; this card's task is not detect3d`);
    const model = await this.check(modelFile, cardFile, json, rpnFile);
    const same = this.store.list().find((m) => m.sha256 === model.sha256);
    if (same) throw new RegistrationError(`${modelFile}: this model is registered already, as "${same.card.name}" (${same.file})`);
    this.store.add(model);
    return infoOf(model);
  }

  /** Parses the card and opens the model as a run would; the registration to keep, or a RegistrationError naming the file. */
  private async check(modelFile: string, cardFile: string, json: unknown, rpnFile: string | undefined): Promise<RegisteredModel> {
    const common = { modelId: randomUUID(), file: modelFile, registeredAt: this.now() };
    const refuse = (e: unknown): never => {
      const message = (e as Error).message;
      throw new RegistrationError([modelFile, cardFile, rpnFile].some((f) => f !== undefined && message.includes(f)) ? message : `${modelFile}: ${message}`);
    };
    try {
      if (rpnFile !== undefined) {
        const card = parsePillarCard(json, cardFile);
        const runner = await PillarRunner.open({ pfeFile: modelFile, rpnFile, card, workerFile: this.workers.pillar, preferred: [] });
        const sha256 = runner.provenance.model.sha256;
        await runner.close();
        return { ...common, kind: 'pillars', rpnFile, card, sha256 };
      }
      const card = parseModelCard(json, cardFile);
      const runner = await DetectorRunner.open({ modelFile, card, workerFile: this.workers.detector, preferred: [] });
      const sha256 = runner.provenance.model.sha256;
      await runner.close();
      return { ...common, kind: 'detect2d-lift', card, sha256 };
    } catch (e) {
      return refuse(e);
    }
  }

  remove(generatorId: string): boolean {
    return this.store.delete(generatorId);
  }
}

function infoOf(m: RegisteredModel): GeneratorInfo {
  return {
    generatorId: m.modelId,
    kind: m.kind === 'pillars' ? PILLARS : DETECT2D_LIFT,
    name: m.card.name,
    version: m.card.modelVersion,
    sha256: m.sha256,
    file: m.file,
    rpnFile: m.kind === 'pillars' ? m.rpnFile : null,
    builtIn: false,
    classes: [...new Set(Object.values(m.card.classMap))].sort(),
    scoreThreshold: m.card.thresholds.score,
    registeredAt: m.registeredAt,
  };
}
