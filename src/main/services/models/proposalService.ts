import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { cameraModelFromIntrinsics } from '../../../core/camera';
import { CLUSTER_BOXES } from '../../../core/models/classical/clusterBoxes';
import { clusterBoxesParameters, clusterBoxesProvenance, settingsText } from '../../../core/models/classical/clusterBoxesProvenance';
import { PROPOSALS_PER_FRAME_MAX, type Proposal } from '../../../core/models/proposals/proposal';
import { frameCameraCaptures } from '../../../core/scene/captureCalibration';
import { decodeFrameCloud } from '../../../core/scene/frameCloud';
import type { SceneManifest } from '../../../core/scene/manifest';
import type { JobContext, JobRunner } from '../jobs/jobRunner';
import type { DataStore } from '../stores/dataStore';
import { decodeImage } from './decodeImage';
import { detectAndLiftFrame } from './detectAndLift';
import { DetectorRunner } from './detectorRunner';
import { fileSha256 } from './fileSha256';
import type { ModelRegistry } from './modelRegistry';
import type { RegisteredDetector2d, RegisteredPillars } from './modelStore';
import { PILLARS, PillarRunner } from './pillarRunner';
import { pillarProposals } from '../../../core/models/pillars/pillarProposals';
import type { ProposalStore } from './proposalStore';
import { readStoreFile } from './readStoreFile';
import { runClusterWorker } from './runClusterWorker';

export interface ProposalServiceOptions {
  readonly registry: ModelRegistry;
  readonly jobs: JobRunner;
  /** The detector worker (out/main/modelWorker.js, or its dev loader), the cluster worker and the split 3D detectors' worker. */
  readonly workers: { readonly detector: string; readonly cluster: string; readonly pillar: string };
  readonly scene: (sceneId: string) => { readonly manifest: SceneManifest; readonly store: DataStore };
  /** The current ontology's classes and their typical sizes: what the generators complete boxes to. */
  readonly classSizes: () => Record<string, readonly [number, number, number]>;
  /** Cairn's version, the runtime a classical generator's provenance names. */
  readonly version: string;
  /** Where runs' proposals are kept (the workspace's table), so they outlive the session. */
  readonly store: ProposalStore;
  /**
   * Told each time the set of a frame's proposals changed (a run stored its proposals, a reject
   * dropped some): the host announces it, so clients may keep what they read until then.
   */
  readonly changed: (sceneId: string, frameId: string) => void;
}

/** Opens `n` sessions of one model at once; if any fails, those opened are closed and the first failure is thrown. */
async function openSessions(n: number, open: () => Promise<DetectorRunner>): Promise<DetectorRunner[]> {
  const settled = await Promise.allSettled(Array.from({ length: n }, open));
  const opened = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map((r) => r.close()));
    throw failed.reason;
  }
  return opened;
}

/** What a generator makes of a frame: a proposal but for the ids the service gives it. */
type Made = Omit<Proposal, 'proposalId' | 'sceneId' | 'frameId' | 'generatorId'>;

/** A run refused before it starts (an unknown generator or frame): the caller's mistake, said plainly. */
export class ProposalRunError extends Error {}

/**
 * Proposal generators run on a frame of an open scene, as jobs (progress, cancel): a registered 2D
 * detector on every camera of the frame, lifted into its scan, or the built-in cluster-boxes on the
 * scan. Inference and clustering run in worker threads. A frame's proposals are kept in the
 * workspace, for every client and session, until rejected or replaced by the same generator's
 * next run on that frame; an
 * accepted one becomes an annotation (the client's editor does that) and stays listed here, so
 * undoing the accept brings it back.
 */
export class ProposalService {
  constructor(private readonly options: ProposalServiceOptions) {}

  /** Starts a run; the job's end is announced by `job.finished`, then `proposals` has its result. */
  run(sceneId: string, frameId: string, generatorId: string, scoreThreshold?: number): string {
    const { manifest, store } = this.options.scene(sceneId);
    const frame = manifest.frames.find((f) => f.frameId === frameId);
    if (!frame) throw new ProposalRunError(`scene ${sceneId} has no frame ${frameId}`);
    const scan = Object.entries(frame.pointClouds)[0];
    if (!scan) throw new ProposalRunError(`frame ${frame.index} has no LiDAR scan to propose boxes in`);
    const model = generatorId === CLUSTER_BOXES ? null : this.options.registry.model(generatorId);
    if (generatorId !== CLUSTER_BOXES && !model) throw new ProposalRunError(`no generator ${generatorId}: it is neither built in nor a registered model`);
    const label = `${model ? model.card.name : CLUSTER_BOXES} on frame ${frame.index + 1}`;
    return this.options.jobs.start(label, async (ctx) => {
      ctx.progress('reading the scan', 0, 1);
      const [lidarId, ref] = scan;
      const cloud = await decodeFrameCloud(await readStoreFile(store, ref.path), ref);
      const made = !model
        ? await this.clusterBoxes(lidarId, cloud.points, ctx)
        : model.kind === 'pillars'
          ? await this.pillars(model, lidarId, cloud.points, ctx, scoreThreshold)
          : await this.detectAndLift(model, manifest, store, frame, lidarId, cloud.points, ctx, scoreThreshold);
      const proposals = made.slice(0, PROPOSALS_PER_FRAME_MAX).map((p) => ({ ...p, proposalId: randomUUID(), sceneId, frameId, generatorId }));
      this.options.store.replaceRun(sceneId, frameId, generatorId, proposals);
      // Before the job's end is announced: a client refreshing on job.finished already knows.
      this.options.changed(sceneId, frameId);
      return { message: `${label}: ${proposals.length} proposal${proposals.length === 1 ? '' : 's'}` };
    });
  }

  proposals(sceneId: string, frameId: string): Proposal[] {
    return this.options.store.frame(sceneId, frameId);
  }

  /** The frames of a scene holding proposals, at most `max` of them. */
  frames(sceneId: string, max: number): { frameIds: string[]; truncated: boolean } {
    return this.options.store.frames(sceneId, max);
  }

  /** Drops proposals of a frame for good; answers how many there were. */
  reject(sceneId: string, frameId: string, proposalIds: readonly string[]): number {
    const rejected = this.options.store.reject(sceneId, frameId, proposalIds);
    if (rejected > 0) this.options.changed(sceneId, frameId);
    return rejected;
  }

  private async detectAndLift(
    model: RegisteredDetector2d,
    manifest: SceneManifest,
    store: DataStore,
    frame: SceneManifest['frames'][number],
    lidarId: string,
    points: Float32Array,
    ctx: JobContext,
    scoreThreshold: number | undefined,
  ): Promise<Made[]> {
    const captures = frameCameraCaptures(manifest, frame, lidarId);
    if (captures.length === 0) throw new Error(`frame ${frame.index} has no camera image for a 2D detector`);
    const total = captures.length + 1;
    ctx.progress('loading the model', 0, total);
    // The images decode while the model's session opens in its worker.
    // A session per camera up to one per core: the frame's cameras are detected side by side.
    const sessions = Math.max(1, Math.min(captures.length, availableParallelism()));
    // The file is hashed once for all the sessions, and before any opens: changed weights never load.
    const opened = fileSha256(model.file).then((sha256) => {
      if (sha256 !== model.sha256) throw new Error(`${model.file} changed since it was registered (its SHA-256 differs): register it again to run it`);
      return openSessions(sessions, () => DetectorRunner.open({ modelFile: model.file, card: model.card, workerFile: this.options.workers.detector, scoreThreshold, sha256 }));
    });
    const [runners, cameras] = await Promise.all([
      opened,
      Promise.all(
        captures.map(async (c) => ({
          sensorId: c.sensorId,
          image: decodeImage(await readStoreFile(store, c.path), c.path),
          model: cameraModelFromIntrinsics(c.intrinsics),
          cameraFromLidar: c.cameraFromLidar,
        })),
      ),
    ]);
    try {
      ctx.progress('detecting', 0, total);
      const result = await detectAndLiftFrame(runners, model.card, cameras, points, 4, {
        lidarFrame: lidarId,
        classSizes: this.options.classSizes(),
        signal: ctx.signal,
        onDetected: (sensorId, done) => ctx.progress(`detected in ${sensorId}`, done, total),
      });
      ctx.progress('lifted to 3D', total, total);
      return result.proposals.map((p) => ({ classId: p.classId, score: p.score, cuboid: p.cuboid, pointCount: p.pointCount, sensorId: p.sensorId, provenance: p.provenance }));
    } finally {
      await Promise.all(runners.map((r) => r.close()));
    }
  }

  /** A split pillar detector on the scan in its worker; the graphs are hashed again, so weights changed since registering are refused. */
  private async pillars(model: RegisteredPillars, lidarId: string, points: Float32Array, ctx: JobContext, scoreThreshold: number | undefined): Promise<Made[]> {
    ctx.progress('loading the model', 0, 1);
    const runner = await PillarRunner.open({ pfeFile: model.file, rpnFile: model.rpnFile, card: model.card, workerFile: this.options.workers.pillar, scoreThreshold });
    try {
      if (runner.provenance.model.sha256 !== model.sha256) {
        throw new Error(`${model.file} or ${model.rpnFile} changed since they were registered (their SHA-256 differs): register the model again to run it`);
      }
      const result = await runner.detect(points, 4, { signal: ctx.signal, onProgress: (stage) => ctx.progress(stage, 0, 1) });
      const provenance = { generator: PILLARS, ...runner.provenance };
      ctx.progress('decoded', 1, 1);
      return pillarProposals(result.detections, model.card, lidarId, points, 4).map((p) => ({ classId: p.classId, score: p.score, cuboid: p.cuboid, pointCount: p.pointCount, sensorId: null, provenance }));
    } finally {
      await runner.close();
    }
  }

  private async clusterBoxes(lidarId: string, points: Float32Array, ctx: JobContext): Promise<Made[]> {
    const classes = Object.entries(this.options.classSizes()).map(([classId, size]) => ({ classId, size }));
    const settings = { classes };
    const parameters = clusterBoxesParameters(settings);
    const provenance = clusterBoxesProvenance(settings, {
      sha256: createHash('sha256').update(settingsText(parameters)).digest('hex'),
      runtimeVersion: this.options.version,
      at: new Date().toISOString(),
    });
    ctx.progress('clustering', 0, 1);
    const { boxes } = await runClusterWorker(this.options.workers.cluster, { points, stride: 4, options: { frame: lidarId, ...settings } }, ctx.signal);
    ctx.progress('clustering', 1, 1);
    return boxes.map((b) => ({ classId: b.classId, score: b.score, cuboid: b.cuboid, pointCount: b.pointCount, sensorId: null, provenance }));
  }
}
