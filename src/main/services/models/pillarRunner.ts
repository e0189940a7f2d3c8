import { createHash } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PillarCard } from '../../../core/models/pillars/pillarCard';
import { pillarParameters } from '../../../core/models/pillars/pillarCard';
import type { PillarDetectResult, PillarStage } from '../../../core/models/pillars/pillarDetect';
import type { ModelProvenance } from '../../../core/models/provenance';
import type { PillarWorkerData, PillarWorkerMessage, PillarWorkerRequest } from '../../workers/pillarWorker';
import { DEFAULT_PROVIDERS } from './detectorRunner';
import { fileSha256 } from './fileSha256';

export const PILLARS = 'pillars';

export interface PillarRunnerOptions {
  readonly pfeFile: string;
  readonly rpnFile: string;
  readonly card: PillarCard;
  /** The built worker script (out/main/pillarWorker.js) or the dev loader in tests. */
  readonly workerFile: string;
  /** Accelerated execution providers to try, in order; CPU always follows. */
  readonly preferred?: readonly string[];
  /** Overrides the card's score threshold for this run. */
  readonly scoreThreshold?: number;
}

export interface PillarScanResult extends PillarDetectResult {
  readonly stageMs: Partial<Record<PillarStage, number>>;
}

interface Pending {
  readonly resolve: (r: PillarScanResult) => void;
  readonly reject: (e: Error) => void;
  readonly progress?: (stage: PillarStage) => void;
}

/**
 * A split pillar detector on the user's machine: one worker thread holding the pfe and rpn
 * sessions, fed scans one at a time, saying which stage each is in. Cancelling or closing
 * terminates the worker, which stops an inference in flight; whatever is pending then fails.
 */
export class PillarRunner {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    /** Everything of the provenance but the generator and time a caller stamps. */
    readonly provenance: Omit<ModelProvenance, 'generator'>,
    private readonly scoreThreshold: number,
  ) {
    worker.on('message', (m: PillarWorkerMessage) => {
      if (m.type === 'ready' || m.id === null) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.progress?.(m.stage);
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve({ detections: m.detections, pillars: m.pillars, droppedPoints: m.droppedPoints, stageMs: m.stageMs });
      else p.reject(new Error(m.message));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => this.fail(new Error(this.failure?.message ?? 'the pillar worker stopped')));
  }

  /** Hashes both graphs, starts the worker and waits until its sessions are open and checked against the card. */
  static async open(options: PillarRunnerOptions): Promise<PillarRunner> {
    const [pfeSha, rpnSha] = await Promise.all([fileSha256(options.pfeFile), fileSha256(options.rpnFile)]);
    const data: PillarWorkerData = { pfeFile: options.pfeFile, rpnFile: options.rpnFile, card: options.card, preferred: options.preferred ?? DEFAULT_PROVIDERS };
    const worker = new Worker(options.workerFile, { workerData: data });
    let detach = () => {};
    const ready = await new Promise<Extract<PillarWorkerMessage, { type: 'ready' }>>((resolve, reject) => {
      const onMessage = (m: PillarWorkerMessage) => {
        if (m.type === 'ready') resolve(m);
        else if (m.type === 'error' && m.id === null) reject(new Error(m.message));
      };
      const onExit = (code: number) => reject(new Error(`the pillar worker stopped (exit ${code}) before its sessions opened`));
      worker.on('message', onMessage).on('error', reject).on('exit', onExit);
      // Only these listeners go: the Worker's own keep its port alive.
      detach = () => worker.off('message', onMessage).off('error', reject).off('exit', onExit);
    })
      .catch(async (e: Error) => {
        await worker.terminate();
        throw e;
      })
      .finally(() => detach());
    const card = options.card;
    const scoreThreshold = options.scoreThreshold ?? card.thresholds.score;
    // One model, two files: it is named by the hash of both files' hashes, each kept beside it.
    const sha256 = createHash('sha256').update(`${pfeSha}\n${rpnSha}\n`).digest('hex');
    return new PillarRunner(
      worker,
      {
        model: { name: card.name, version: card.modelVersion, sha256, file: `${path.basename(options.pfeFile)} + ${path.basename(options.rpnFile)}` },
        parameters: { ...pillarParameters(card, scoreThreshold), pfeSha256: pfeSha, rpnSha256: rpnSha, fixedPillars: ready.fixedPillars },
        runtime: { name: 'onnxruntime-node', version: ready.runtimeVersion, executionProviders: ready.executionProviders },
        at: new Date().toISOString(),
      },
      scoreThreshold,
    );
  }

  /**
   * Boxes in one scan (x, y, z, intensity, … per point, `stride` values each). `onProgress` hears
   * each stage as it starts; `signal` aborting terminates the worker (this runner is then closed).
   */
  detect(points: ArrayLike<number>, stride: number, options: { readonly signal?: AbortSignal; readonly onProgress?: (stage: PillarStage) => void } = {}): Promise<PillarScanResult> {
    if (this.failure) return Promise.reject(this.failure);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new Error('cancelled'));
    const id = this.nextId++;
    // A copy goes over, so the caller's buffer stays usable.
    const copy = new Float32Array(Math.floor(points.length / stride) * stride);
    for (let i = 0; i < copy.length; i++) copy[i] = points[i];
    const req: PillarWorkerRequest = { type: 'detect', id, points: copy, stride, scoreThreshold: this.scoreThreshold };
    return new Promise<PillarScanResult>((resolve, reject) => {
      const onAbort = () => void this.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (r) => (settle(), resolve(r)),
        reject: (e) => (settle(), reject(e)),
        progress: options.onProgress,
      });
      this.worker.postMessage(req, [copy.buffer]);
    });
  }

  /** Stops the worker now; whatever was pending fails with "cancelled". */
  async cancel(): Promise<void> {
    this.fail(new Error('cancelled'));
    await this.worker.terminate();
  }

  async close(): Promise<void> {
    this.fail(new Error('the 3D detector is closed'));
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}
