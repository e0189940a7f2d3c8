import { parentPort, workerData } from 'node:worker_threads';
import { decodeDetections } from '../../core/models/decoders';
import type { Detection2D } from '../../core/models/detection';
import type { ModelCard } from '../../core/models/modelCard';
import { imageToTensor } from '../../core/models/preprocess';
import { onnxRuntimeVersion, openModelSession, runDetector } from '../services/models/onnxSession';

/**
 * One ONNX detector, loaded once, answering detect requests one at a time off the host's thread:
 * pre-processing, inference and decoding all happen here. The host cancels by terminating it.
 */
export interface ModelWorkerData {
  readonly modelFile: string;
  readonly card: ModelCard;
  /** Execution providers to try first (CPU is always the fallback). */
  readonly preferred: readonly string[];
}

export type ModelWorkerRequest = {
  readonly type: 'detect';
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly scoreThreshold?: number;
};

export type ModelWorkerMessage =
  | { readonly type: 'ready'; readonly executionProviders: string[]; readonly runtimeVersion: string }
  | { readonly type: 'result'; readonly id: number; readonly detections: Detection2D[]; readonly inferenceMs: number; readonly totalMs: number }
  | { readonly type: 'error'; readonly id: number | null; readonly message: string };

const port = parentPort;
if (!port) throw new Error('modelWorker runs as a worker thread');
const { modelFile, card, preferred } = workerData as ModelWorkerData;
const post = (m: ModelWorkerMessage) => port.postMessage(m);

void (async () => {
  let opened: Awaited<ReturnType<typeof openModelSession>>;
  try {
    opened = await openModelSession(modelFile, card, preferred);
  } catch (e) {
    post({ type: 'error', id: null, message: (e as Error).message });
    return;
  }
  post({ type: 'ready', executionProviders: opened.executionProviders, runtimeVersion: onnxRuntimeVersion() });
  // Requests are queued by the host; handling them in order keeps one inference at a time.
  let chain = Promise.resolve();
  port.on('message', (req: ModelWorkerRequest) => {
    chain = chain.then(async () => {
      const started = performance.now();
      try {
        const { data, placement } = imageToTensor({ width: req.width, height: req.height, data: req.pixels }, card.input);
        const { outputs, inferenceMs } = await runDetector(opened.session, card, data);
        const detections = decodeDetections(card, outputs, placement, req.width, req.height, { scoreThreshold: req.scoreThreshold });
        post({ type: 'result', id: req.id, detections, inferenceMs, totalMs: performance.now() - started });
      } catch (e) {
        post({ type: 'error', id: req.id, message: (e as Error).message });
      }
    });
  });
})();
