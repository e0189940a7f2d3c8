import type { AttributeValue } from '../annotations/recordFields';
import { canonicalBoxes, clusterReplicas, compareText, consensusOfClusters, defaultQuorum, type ClusterMember, type ConsensusBox, type ConsensusOptions, type ReplicaBox } from './consensus';
import { BoxIndex, candidatePairs, defaultThreshold, matchCandidates, type FrameMatch, type MatchMetric } from './matching';
import { PairAccumulator, type PairMetrics } from './pairMetrics';
import { ReliabilityAccumulator, type AlphaLevel, type AlphaResult, type KappaResult } from './reliability';
import { TrackAccumulator, TrackTable, type TrackMetrics, type TrackMetricsOptions } from './trackMetrics';
import type { AgreementBox, AgreementInput } from './types';

/** Matching, metric, consensus and output options of `computeAgreement`; every field optional. */
export interface AgreementOptions extends ConsensusOptions, TrackMetricsOptions {
  /** Default true; false leaves `consensus` and `needsReview` empty (figures only, a smaller result). */
  readonly includeConsensus?: boolean;
  /** Level of an attribute's alpha; by default interval when every value given is a number, else nominal. */
  readonly attributeLevels?: Readonly<Record<string, AlphaLevel>>;
}

/** Progress of a run: frames done out of all frames. */
export interface AgreementProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * How a caller follows and stops a run. Both cancel checks are polled between frames: in a worker
 * whose loop does not return to its event loop, back `isCancelled` by a SharedArrayBuffer flag
 * (Atomics.load), or drive an `AgreementRun` frame by frame and await between steps.
 */
export interface AgreementHooks {
  readonly onProgress?: (progress: AgreementProgress) => void;
  readonly signal?: { readonly aborted: boolean };
  readonly isCancelled?: () => boolean;
}

/** Thrown by `computeAgreement` when its cancel check says so; nothing partial is returned. */
export class AgreementCancelledError extends Error {
  constructor() {
    super('agreement cancelled');
    this.name = 'AgreementCancelledError';
  }
}

/** Alpha and kappa over the objects of the scene: one unit per consensus cluster, one value per annotator. */
export interface ReliabilityFigures {
  readonly alpha: AlphaResult;
  /** Over the units every annotator has a value for. */
  readonly kappa: KappaResult;
}

/** Alpha and kappa of one attribute key, at the level used (interval when every value is a number). */
export interface AttributeReliability extends ReliabilityFigures {
  readonly key: string;
  readonly level: AlphaLevel;
}

/** Figures of one frame, for sorting frames by disagreement. */
export interface FrameFigures {
  readonly frameId: string;
  /** Boxes per annotator, in `annotators` order. */
  readonly boxes: readonly number[];
  /** F1 pooled over every pair of annotators (class-agnostic); null when no annotator has a box. */
  readonly f1: number | null;
  /** Mean 3D IoU over every pair's matches; null without matches. */
  readonly meanIou3d: number | null;
  readonly consensus: number;
  readonly needsReview: number;
}

/** Everything agreement computes for a scene; plain JSON (no Map, no NaN, no undefined). */
export interface AgreementResult {
  readonly version: 1;
  /** Annotator ids, sorted; every list by pair follows this order (a before b). */
  readonly annotators: readonly string[];
  readonly frames: number;
  readonly settings: {
    readonly metric: MatchMetric;
    readonly threshold: number;
    readonly classThresholds: Readonly<Record<string, number>>;
    readonly classAware: boolean;
    readonly quorum: number;
    readonly yawPeriod: 'full' | 'half';
  };
  readonly pairs: readonly PairMetrics[];
  readonly tracks: readonly TrackMetrics[];
  readonly classes: ReliabilityFigures;
  readonly attributes: readonly AttributeReliability[];
  readonly perFrame: readonly FrameFigures[];
  readonly consensus: readonly { readonly frameId: string; readonly boxes: readonly ConsensusBox[] }[];
  readonly needsReview: readonly { readonly frameId: string; readonly members: readonly ReplicaBox[] }[];
}

/**
 * A scene's agreement computed one frame at a time: `step()` until it returns false, then
 * `result()`. `computeAgreement` drives it in one go.
 */
export class AgreementRun {
  readonly annotators: readonly string[];
  private readonly input: AgreementInput;
  private readonly options: AgreementOptions;
  private readonly pairs: { i: number; j: number; metrics: PairAccumulator; tracks: TrackAccumulator }[] = [];
  private readonly classUnits = new ReliabilityAccumulator('nominal');
  /** Per attribute: nominal always; interval while every value seen is a number (or the options say so). */
  private readonly attributeUnits = new Map<string, { nominal: ReliabilityAccumulator; interval: ReliabilityAccumulator | null }>();
  private readonly perFrame: FrameFigures[] = [];
  private readonly consensus: { frameId: string; boxes: readonly ConsensusBox[] }[] = [];
  private readonly review: { frameId: string; members: readonly ReplicaBox[] }[] = [];
  private readonly trackTables: TrackTable[];
  private readonly unitBoxes: (AgreementBox | null)[];
  private readonly unitValues: (AttributeValue | null)[];
  private readonly unitKeys: string[] = [];
  private next = 0;

  constructor(input: AgreementInput, options: AgreementOptions = {}) {
    const ids = input.annotators.map((a) => a.annotator);
    if (new Set(ids).size !== ids.length) throw new Error('agreement needs distinct annotator ids');
    this.input = { frameIds: input.frameIds, annotators: [...input.annotators].sort((x, y) => compareText(x.annotator, y.annotator)) };
    this.annotators = this.input.annotators.map((a) => a.annotator);
    this.options = options;
    this.trackTables = this.annotators.map(() => new TrackTable());
    this.unitBoxes = this.annotators.map(() => null);
    this.unitValues = this.annotators.map(() => null);
    for (let i = 0; i < this.annotators.length; i++) {
      for (let j = i + 1; j < this.annotators.length; j++) {
        const [a, b] = [this.annotators[i], this.annotators[j]];
        this.pairs.push({ i, j, metrics: new PairAccumulator(a, b, options), tracks: new TrackAccumulator(a, b, options, { a: this.trackTables[i], b: this.trackTables[j] }) });
      }
    }
  }

  get total(): number {
    return this.input.frameIds.length;
  }

  get done(): number {
    return this.next;
  }

  /** Processes the next frame; false when every frame is done. */
  step(): boolean {
    if (this.next >= this.input.frameIds.length) return false;
    const frameId = this.input.frameIds[this.next++];
    const boxes = this.input.annotators.map((a) => canonicalBoxes(a.frames[frameId] ?? []));
    const indexes = boxes.map((b) => new BoxIndex(b));
    const numbers = boxes.map((b, k) => this.trackTables[k].intern(b));
    const n = boxes.length;
    const matches: FrameMatch[] = new Array<FrameMatch>(n * n);
    let tp = 0;
    let fpfn = 0;
    let iouSum = 0;
    for (const pair of this.pairs) {
      const [a, b] = [boxes[pair.i], boxes[pair.j]];
      const candidates = candidatePairs(a, b, this.options, indexes[pair.i], indexes[pair.j]);
      const match = matchCandidates(a, b, candidates, this.options);
      matches[pair.i * n + pair.j] = match;
      pair.metrics.add(a, b, match);
      pair.tracks.addFrame(a, b, candidates, match, { a: numbers[pair.i], b: numbers[pair.j] });
      tp += match.matches.length;
      fpfn += match.unmatchedA.length + match.unmatchedB.length;
      for (const m of match.matches) iouSum += m.iou3d;
    }
    const replicas = this.input.annotators.map((a, k) => ({ annotator: a.annotator, boxes: boxes[k] }));
    const clusters = clusterReplicas(replicas, (i, j) => matches[i * n + j], this.options.metric);
    for (const cluster of clusters.clusters) this.addUnit(cluster, boxes);
    const quorum = this.options.quorum ?? defaultQuorum(n);
    let agreed = 0;
    for (const cluster of clusters.clusters) if (cluster.length >= quorum) agreed++;
    if (this.options.includeConsensus !== false) {
      const frame = consensusOfClusters(replicas, clusters, this.options);
      if (frame.boxes.length) this.consensus.push({ frameId, boxes: frame.boxes });
      for (const item of frame.needsReview) this.review.push({ frameId, members: item.members });
    }
    this.perFrame.push({
      frameId,
      boxes: boxes.map((b) => b.length),
      f1: tp + fpfn ? (2 * tp) / (2 * tp + fpfn) : null,
      meanIou3d: tp ? iouSum / tp : null,
      consensus: agreed,
      needsReview: clusters.clusters.length - agreed,
    });
    return true;
  }

  /** One cluster of boxes (one per annotator at most) as a unit of the class and attribute data. */
  private addUnit(cluster: readonly ClusterMember[], boxes: readonly AgreementBox[][]): void {
    // Work arrays reused for every unit (the accumulators copy what they keep).
    const byAnnotator = this.unitBoxes;
    const values = this.unitValues;
    byAnnotator.fill(null);
    for (const m of cluster) byAnnotator[m.replica] = boxes[m.replica][m.box];
    for (let k = 0; k < byAnnotator.length; k++) values[k] = byAnnotator[k]?.classId ?? null;
    this.classUnits.addUnit(values);
    const keys = this.unitKeys;
    keys.length = 0;
    for (const b of byAnnotator) if (b) for (const key in b.attributes) if (!keys.includes(key)) keys.push(key);
    for (const key of keys) {
      let acc = this.attributeUnits.get(key);
      const forced = this.options.attributeLevels?.[key];
      if (!acc) {
        acc = { nominal: new ReliabilityAccumulator('nominal'), interval: forced === 'nominal' ? null : new ReliabilityAccumulator('interval') };
        this.attributeUnits.set(key, acc);
      }
      let numeric = true;
      for (let k = 0; k < byAnnotator.length; k++) {
        const b = byAnnotator[k];
        const v = b && key in b.attributes ? b.attributes[key] : null;
        values[k] = v;
        if (v !== null && typeof v !== 'number') numeric = false;
      }
      acc.nominal.addUnit(values);
      if (acc.interval && !numeric) {
        if (forced === 'interval') throw new Error(`attribute ${key} is set to interval but has the value ${String(values.find((v) => v !== null && typeof v !== 'number'))}`);
        acc.interval = null;
      }
      acc.interval?.addUnit(values);
    }
  }

  result(): AgreementResult {
    const o = this.options;
    const metric = o.metric ?? 'iou3d';
    const attributes: AttributeReliability[] = [...this.attributeUnits.keys()].sort(compareText).map((key) => {
      const acc = this.attributeUnits.get(key) as { nominal: ReliabilityAccumulator; interval: ReliabilityAccumulator | null };
      const level: AlphaLevel = acc.interval ? 'interval' : 'nominal';
      return { key, level, alpha: (acc.interval ?? acc.nominal).alpha(), kappa: acc.nominal.kappa() };
    });
    return {
      version: 1,
      annotators: [...this.annotators],
      frames: this.next,
      settings: {
        metric,
        threshold: o.threshold ?? defaultThreshold(metric),
        classThresholds: { ...(o.classThresholds ?? {}) },
        classAware: o.classAware ?? false,
        quorum: o.quorum ?? defaultQuorum(this.annotators.length),
        yawPeriod: o.yawPeriod ?? 'full',
      },
      pairs: this.pairs.map((p) => p.metrics.result()),
      tracks: this.pairs.map((p) => p.tracks.result()),
      classes: { alpha: this.classUnits.alpha(), kappa: this.classUnits.kappa() },
      attributes,
      perFrame: this.perFrame,
      consensus: this.consensus,
      needsReview: this.review,
    };
  }
}

/**
 * Agreement of a scene's replicas: matching and per-pair metrics for every pair of annotators,
 * track metrics, alpha and kappa for classes and attributes, and the consensus with the objects
 * that need review. Throws `AgreementCancelledError` when cancelled.
 */
export function computeAgreement(input: AgreementInput, options: AgreementOptions = {}, hooks: AgreementHooks = {}): AgreementResult {
  const run = new AgreementRun(input, options);
  const cancelled = () => hooks.signal?.aborted === true || hooks.isCancelled?.() === true;
  if (cancelled()) throw new AgreementCancelledError();
  while (run.step()) {
    if (cancelled()) throw new AgreementCancelledError();
    hooks.onProgress?.({ done: run.done, total: run.total });
  }
  return run.result();
}
