import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Detection2D } from '../../../core/models/detection';
import type { ModelCard } from '../../../core/models/modelCard';
import type { RgbImage } from '../../../core/models/preprocess';
import type { ModelProvenance } from '../../../core/models/provenance';
import type { ModelWorkerData, ModelWorkerMessage, ModelWorkerRequest } from '../../workers/modelWorker';
import { fileSha256 } from './fileSha256';

export interface DetectorOptions {
  readonly modelFile: string;
  readonly card: ModelCard;
  /** The built worker script (out/main/modelWorker.js) or the dev loader in tests. */
  readonly workerFile: string;
  /** Accelerated execution providers to try, in order; CPU always follows. Default CUDA, DirectML, CoreML. */
  readonly preferred?: readonly string[];
  /** Overrides the card's score threshold for this run. */
  readonly scoreThreshold?: number;
  /** The model file's SHA-256 when the caller has just hashed it (several sessions of one model); hashed here otherwise. */
  readonly sha256?: string;
}

export interface DetectResult {
  readonly detections: Detection2D[];
  readonly inferenceMs: number;
  /** Pre-processing, inference and decoding together, in the worker. */
  readonly totalMs: number;
}

interface Pending {
  readonly resolve: (r: DetectResult) => void;
  readonly reject: (e: Error) => void;
}

export const DEFAULT_PROVIDERS = ['cuda', 'dml', 'coreml'] as const;

/**
 * A 2D detector on the user's machine: one worker thread holding one onnxruntime session on the
 * model file, fed images one at a time. Closing or cancelling terminates the worker, which stops
 * an inference in flight; every pending request then fails with "cancelled".
 */
export class DetectorRunner {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly provenance: Omit<ModelProvenance, 'generator' | 'parameters'> & { readonly parameters: ModelProvenance['parameters'] },
    private readonly scoreThreshold: number,
  ) {
    worker.on('message', (m: ModelWorkerMessage) => {
      if (m.type === 'ready') return;
      const p = m.id === null ? undefined : this.pending.get(m.id);
      if (!p || m.id === null) return;
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve({ detections: m.detections, inferenceMs: m.inferenceMs, totalMs: m.totalMs });
      else p.reject(new Error(m.message));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => this.fail(new Error(this.failure?.message ?? 'the model worker stopped')));
  }

  /** Hashes the model file (unless given its hash), starts the worker and waits until its session is open and checked against the card. */
  static async open(options: DetectorOptions): Promise<DetectorRunner> {
    const sha256 = options.sha256 ?? (await fileSha256(options.modelFile));
    const data: ModelWorkerData = { modelFile: options.modelFile, card: options.card, preferred: options.preferred ?? DEFAULT_PROVIDERS };
    const worker = new Worker(options.workerFile, { workerData: data });
    let detach = () => {};
    const ready = await new Promise<Extract<ModelWorkerMessage, { type: 'ready' }>>((resolve, reject) => {
      const onMessage = (m: ModelWorkerMessage) => {
        if (m.type === 'ready') resolve(m);
        else if (m.type === 'error' && m.id === null) reject(new Error(m.message));
      };
      const onExit = (code: number) => reject(new Error(`the model worker stopped (exit ${code}) before its session opened`));
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.on('exit', onExit);
      // Only these listeners go: Worker keeps its own (they start and reference its port).
      detach = () => {
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
      };
    }).catch(async (e: Error) => {
      await worker.terminate();
      throw e;
    }).finally(() => detach());
    const card = options.card;
    const scoreThreshold = options.scoreThreshold ?? card.thresholds.score;
    return new DetectorRunner(
      worker,
      {
        model: { name: card.name, version: card.modelVersion, sha256, file: path.basename(options.modelFile) },
        parameters: { decoder: card.decoder.kind, scoreThreshold, nmsIou: card.thresholds.nmsIou, maxDetections: card.thresholds.maxDetections },
        runtime: { name: 'onnxruntime-node', version: ready.runtimeVersion, executionProviders: ready.executionProviders },
        at: new Date().toISOString(),
      },
      scoreThreshold,
    );
  }

  /** Detections in one image; `signal` aborting terminates the worker (this runner is then closed). */
  detect(image: RgbImage, signal?: AbortSignal): Promise<DetectResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(new Error('cancelled'));
    const id = this.nextId++;
    // A copy goes over, so the caller's buffer stays usable (and a view into a larger one works).
    const pixels = image.data.slice(0, image.width * image.height * 3);
    const req: ModelWorkerRequest = { type: 'detect', id, width: image.width, height: image.height, pixels, scoreThreshold: this.scoreThreshold };
    return new Promise<DetectResult>((resolve, reject) => {
      const onAbort = () => void this.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      this.worker.postMessage(req, [pixels.buffer]);
    });
  }

  /** Stops the worker now; whatever was pending fails with "cancelled". */
  async cancel(): Promise<void> {
    this.fail(new Error('cancelled'));
    await this.worker.terminate();
  }

  async close(): Promise<void> {
    this.fail(new Error('the detector is closed'));
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}
