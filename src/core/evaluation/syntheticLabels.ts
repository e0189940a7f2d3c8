import type { AgreementBox } from '../agreement/types';
import { countPointsInCuboid } from '../assist/countPoints';
import { makeSyntheticFrame, type SyntheticFrameOptions } from '../assist/syntheticLidar';
import { quatFromYaw, yawOf } from '../geometry/quaternion';
import { seededRandom } from '../random/seededRandom';
import type { EvaluationFrame, ScoredBox } from './evaluate';

/** A label error put in on purpose, to measure how well the suspect queue finds them. */
export interface InjectedLabelError {
  readonly frameKey: string;
  /** The true object's id: the label's objectId (shifted, class) or the one its prediction is named after (missing). */
  readonly objectId: string;
  readonly kind: 'missing' | 'shifted' | 'class';
}

export interface LabelErrorOptions {
  /** Fraction of labels dropped. */
  readonly missing?: number;
  /** Fraction of labels moved by 40–90 % of their length, in a random direction. */
  readonly shifted?: number;
  /** Fraction of labels given another class. */
  readonly wrongClass?: number;
}

export interface SyntheticLabelsOptions {
  readonly seed: number;
  readonly frames: number;
  /** Passed to the generated scans (objects per frame, range…). */
  readonly scan?: Omit<SyntheticFrameOptions, 'seed'>;
  readonly labelErrors?: LabelErrorOptions;
}

export interface SyntheticLabels {
  /** Labels (with the injected errors) and predictions of a model that saw the true boxes. */
  readonly frames: EvaluationFrame[];
  readonly errors: InjectedLabelError[];
  /** LiDAR points inside a box of a frame (the generated scan's). */
  pointsOf(frame: EvaluationFrame, box: AgreementBox): number;
}

/** The prediction named after a true object: what suspects name for a label that is missing. */
export const predictionIdOf = (objectId: string): string => `${objectId}#prediction`;

const CLASSES = ['car', 'truck', 'bus', 'pedestrian', 'cyclist', 'motorcycle'];

/**
 * Generated LiDAR scans (makeSyntheticFrame: ray-cast, only sensor-facing sides return points)
 * with two sets of boxes: labels, the true boxes with known errors injected, and predictions of
 * a plausible model (the true boxes jittered, σ 0.08 m and 0.03 rad; confident where the object
 * returned points, hesitant or silent where it returned few; now and then a ghost, rarely a
 * confident one). The errors are returned, so a test measures the suspect queue against them.
 */
export function syntheticLabels(options: SyntheticLabelsOptions): SyntheticLabels {
  const rnd = seededRandom(options.seed * 7919 + 13);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const e = options.labelErrors ?? {};
  const frames: EvaluationFrame[] = [];
  const errors: InjectedLabelError[] = [];
  const scans = new Map<string, Float32Array>();
  for (let f = 0; f < options.frames; f++) {
    const frameKey = String(f).padStart(6, '0');
    const scan = makeSyntheticFrame({ ...options.scan, seed: options.seed * 1000 + f });
    scans.set(frameKey, scan.points);
    const labels: AgreementBox[] = [];
    const predictions: ScoredBox[] = [];
    scan.objects.forEach((o, k) => {
      const objectId = `${frameKey}-object-${k}`;
      const truth: AgreementBox = { objectId, trackId: objectId, classId: o.classId, attributes: {}, center: o.cuboid.center, size: o.cuboid.size, yaw: yawOf(o.cuboid.rotation) };
      const points = countPointsInCuboid(scan.points, 4, o.cuboid);
      const seen = points >= 15 ? 0.98 : points >= 3 ? 0.6 : 0.05;
      if (rnd() < seen) {
        const score = points >= 15 ? 0.7 + 0.3 * rnd() : 0.3 + 0.45 * rnd();
        predictions.push({
          ...truth,
          objectId: predictionIdOf(objectId),
          trackId: predictionIdOf(objectId),
          center: [truth.center[0] + 0.08 * gauss(), truth.center[1] + 0.08 * gauss(), truth.center[2] + 0.05 * gauss()],
          size: [truth.size[0] * (1 + 0.03 * gauss()), truth.size[1] * (1 + 0.03 * gauss()), truth.size[2] * (1 + 0.03 * gauss())],
          yaw: truth.yaw + 0.03 * gauss(),
          score,
        });
      }
      const u = rnd();
      if (u < (e.missing ?? 0)) {
        errors.push({ frameKey, objectId, kind: 'missing' });
        return;
      }
      if (u < (e.missing ?? 0) + (e.shifted ?? 0)) {
        const angle = rnd() * 2 * Math.PI;
        const d = truth.size[0] * (0.4 + 0.5 * rnd());
        labels.push({ ...truth, center: [truth.center[0] + d * Math.cos(angle), truth.center[1] + d * Math.sin(angle), truth.center[2]] });
        errors.push({ frameKey, objectId, kind: 'shifted' });
        return;
      }
      if (u < (e.missing ?? 0) + (e.shifted ?? 0) + (e.wrongClass ?? 0)) {
        const others = CLASSES.filter((c) => c !== truth.classId);
        labels.push({ ...truth, classId: others[Math.floor(rnd() * others.length)] });
        errors.push({ frameKey, objectId, kind: 'class' });
        return;
      }
      labels.push(truth);
    });
    // Ghosts: about one a frame, one in ten of them confident.
    for (let g = 0; rnd() < 1 / (g + 2); g++) {
      const yaw = rnd() * 2 * Math.PI;
      const id = `${frameKey}-ghost-${g}`;
      predictions.push({ objectId: id, trackId: id, classId: 'car', attributes: {}, center: [5 + 40 * rnd(), -20 + 40 * rnd(), -0.9], size: [4.4, 1.8, 1.5], yaw, score: rnd() < 0.1 ? 0.6 + 0.3 * rnd() : 0.1 + 0.45 * rnd() });
    }
    frames.push({ frameKey, groundTruth: labels, predictions });
  }
  return {
    frames,
    errors,
    pointsOf: (frame, box) => countPointsInCuboid(scans.get(frame.frameKey)!, 4, { frame: 'lidar', center: [...box.center], size: [...box.size], rotation: quatFromYaw(box.yaw) }),
  };
}

/** How well a suspect queue finds injected errors: precision in its top `top`, recall there and over the whole queue. */
export interface QueueQuality {
  readonly top: number;
  readonly precisionAtTop: number;
  readonly recallAtTop: number;
  readonly recall: number;
  readonly injected: number;
  readonly queued: number;
}

/** A suspect hits an error when the label or the prediction it names belongs to an object given an error. */
export function queueQuality(queue: readonly { frameKey: string; groundTruthId?: string; predictionId?: string }[], errors: readonly InjectedLabelError[], top = 20): QueueQuality {
  const erroneous = new Set(errors.map((e) => e.objectId));
  const objectOf = (s: (typeof queue)[number]): string | undefined =>
    s.groundTruthId && erroneous.has(s.groundTruthId) ? s.groundTruthId : s.predictionId?.endsWith('#prediction') ? s.predictionId.slice(0, -'#prediction'.length) : undefined;
  const found = (slice: typeof queue) => new Set(slice.map(objectOf).filter((id): id is string => id !== undefined && erroneous.has(id)));
  const head = queue.slice(0, top);
  const hits = head.filter((s) => {
    const id = objectOf(s);
    return id !== undefined && erroneous.has(id);
  }).length;
  return {
    top,
    precisionAtTop: head.length ? hits / head.length : 0,
    recallAtTop: erroneous.size ? found(head).size / erroneous.size : 0,
    recall: erroneous.size ? found(queue).size / erroneous.size : 0,
    injected: erroneous.size,
    queued: queue.length,
  };
}
