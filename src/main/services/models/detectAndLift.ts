import type { PointArray } from '../../../core/assist';
import type { CameraModel, RigidTransform } from '../../../core/camera';
import type { Detection2D } from '../../../core/models/detection';
import { LIFT_DEFAULTS, liftDetections, type LiftOptions, type LiftProposal, type LiftSkip } from '../../../core/models/lift';
import type { ModelCard } from '../../../core/models/modelCard';
import type { RgbImage } from '../../../core/models/preprocess';
import type { ModelProvenance } from '../../../core/models/provenance';
import type { DetectorRunner } from './detectorRunner';

export const DETECT2D_LIFT = 'detect2d-lift';

/** One camera image of a frame with its calibration against the frame's scan. */
export interface FrameCameraImage {
  readonly sensorId: string;
  readonly image: RgbImage;
  readonly model: CameraModel;
  readonly cameraFromLidar: RigidTransform;
}

export type LiftSettings = Partial<Pick<LiftOptions, 'shrink' | 'depthGap' | 'groundClearance' | 'minPoints' | 'mergeIou' | 'sensor'>>;

export interface ProposalWithProvenance extends LiftProposal {
  readonly provenance: ModelProvenance;
}

export interface FrameLiftResult {
  readonly proposals: ProposalWithProvenance[];
  readonly skipped: LiftSkip[];
  readonly detections: Readonly<Record<string, readonly Detection2D[]>>;
  /** Per camera, pre-processing + inference + decoding in the worker; then the lift on this thread. */
  readonly detectMs: Readonly<Record<string, number>>;
  readonly liftMs: number;
}

/** The card's class map as the lift takes it: the model's class number to an ontology classId. */
export function classOfCard(card: ModelCard): (classIndex: number) => string | null {
  return (i) => card.classMap[card.classes[i]] ?? null;
}

/**
 * A frame through the detect-and-lift assist: the detector on every camera image, then the lift
 * into the scan. Every proposal carries the run's provenance: the model (by hash), its card's
 * thresholds and the lift's settings, the runtime, when.
 */
export async function detectAndLiftFrame(
  /** One runner, or several sessions of the same model: the frame's cameras are shared out among them and detected in parallel. */
  runners: DetectorRunner | readonly DetectorRunner[],
  card: ModelCard,
  cameras: readonly FrameCameraImage[],
  points: PointArray,
  stride: number,
  options: {
    readonly lidarFrame: string;
    readonly classSizes: LiftOptions['classSizes'];
    readonly settings?: LiftSettings;
    readonly signal?: AbortSignal;
    /** Called as each camera's detections arrive (for a job's progress). */
    readonly onDetected?: (sensorId: string, done: number) => void;
  },
): Promise<FrameLiftResult> {
  const pool = Array.isArray(runners) ? (runners as readonly DetectorRunner[]) : [runners as DetectorRunner];
  if (pool.length === 0) throw new Error('detectAndLiftFrame: no detector session to run');
  const runner = pool[0];
  const found = new Map<string, { detections: Detection2D[]; totalMs: number }>();
  // Each session takes the next camera not yet taken: a worker thread per session, so cameras run side by side.
  let next = 0;
  await Promise.all(
    pool.map(async (session) => {
      while (next < cameras.length) {
        const camera = cameras[next++];
        const result = await session.detect(camera.image, options.signal);
        found.set(camera.sensorId, { detections: result.detections, totalMs: result.totalMs });
        options.onDetected?.(camera.sensorId, found.size);
      }
    }),
  );
  // In the cameras' order, whichever session finished first.
  const detections: Record<string, Detection2D[]> = {};
  const detectMs: Record<string, number> = {};
  for (const camera of cameras) {
    detections[camera.sensorId] = found.get(camera.sensorId)!.detections;
    detectMs[camera.sensorId] = found.get(camera.sensorId)!.totalMs;
  }
  const started = performance.now();
  const settings = { ...LIFT_DEFAULTS, ...options.settings };
  const lifted = liftDetections(
    points,
    stride,
    cameras.map((c) => ({ sensorId: c.sensorId, model: c.model, cameraFromLidar: c.cameraFromLidar, width: c.image.width, height: c.image.height, detections: detections[c.sensorId] })),
    { ...settings, lidarFrame: options.lidarFrame, classOf: classOfCard(card), classSizes: options.classSizes },
  );
  const liftMs = performance.now() - started;
  const { sensor, ...recorded } = settings;
  const provenance: ModelProvenance = {
    ...runner.provenance,
    generator: DETECT2D_LIFT,
    parameters: { ...runner.provenance.parameters, ...recorded, ...(sensor ? { sensor: sensor.join(',') } : {}) },
  };
  return { proposals: lifted.proposals.map((p) => ({ ...p, provenance })), skipped: lifted.skipped, detections, detectMs, liftMs };
}

/** Each ontology class's typical size, as the lift completes objects to it. */
export function classSizesOf(ontology: { readonly classes: readonly { readonly classId: string; readonly defaultSize: readonly [number, number, number] }[] }): Record<string, readonly [number, number, number]> {
  return Object.fromEntries(ontology.classes.map((c) => [c.classId, c.defaultSize]));
}
