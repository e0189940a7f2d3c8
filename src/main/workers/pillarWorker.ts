import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OutputTensor, OutputTensors } from '../../core/models/detection';
import type { Detection3D } from '../../core/models/pillars/box3d';
import { pillarDecoderOutputs, type PillarCard } from '../../core/models/pillars/pillarCard';
import { detectWithPillars, type PillarNets, type PillarStage } from '../../core/models/pillars/pillarDetect';
import { checkPillarGraphs, type GraphIo } from '../../core/models/pillars/pillarGraphs';
import { createSession, onnxRuntimeVersion } from '../services/models/onnxSession';

/**
 * A split pillar detector (pfe and rpn graphs), loaded once, answering scans one at a time off
 * the host's thread: pillarise, both inferences, scatter, decoding and NMS all happen here. The
 * host cancels by terminating it.
 */
export interface PillarWorkerData {
  readonly pfeFile: string;
  readonly rpnFile: string;
  readonly card: PillarCard;
  /** Execution providers to try first (CPU is always the fallback). */
  readonly preferred: readonly string[];
}

export type PillarWorkerRequest = {
  readonly type: 'detect';
  readonly id: number;
  /** x, y, z, intensity, … per point; `stride` values each. */
  readonly points: Float32Array;
  readonly stride: number;
  readonly scoreThreshold?: number;
};

export type PillarWorkerMessage =
  | { readonly type: 'ready'; readonly executionProviders: string[]; readonly runtimeVersion: string; readonly fixedPillars: number | null }
  | { readonly type: 'progress'; readonly id: number; readonly stage: PillarStage }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly detections: Detection3D[];
      readonly pillars: number;
      readonly droppedPoints: number;
      /** Milliseconds per stage, in the worker. */
      readonly stageMs: Partial<Record<PillarStage, number>>;
    }
  | { readonly type: 'error'; readonly id: number | null; readonly message: string };

const port = parentPort;
if (!port) throw new Error('pillarWorker runs as a worker thread');
const { pfeFile, rpnFile, card, preferred } = workerData as PillarWorkerData;
const post = (m: PillarWorkerMessage) => port.postMessage(m);

function graphIo(session: InferenceSession): GraphIo {
  const io = (list: readonly InferenceSession.ValueMetadata[]) => list.map((m) => ({ name: m.name, shape: m.isTensor ? m.shape.map((d) => (typeof d === 'number' ? d : String(d))) : [] }));
  return { inputs: io(session.inputMetadata), outputs: io(session.outputMetadata) };
}

function floatOutput(result: InferenceSession.OnnxValueMapType, name: string, file: string): OutputTensor {
  const t = result[name] as Tensor | undefined;
  if (!t) throw new Error(`${file}: gave no output "${name}"`);
  if (t.type !== 'float32') throw new Error(`${file}: output "${name}" is ${t.type}; the pillar adapter reads float32`);
  return { data: t.data as Float32Array, dims: [...t.dims] };
}

/** The point counts as the pfe graph declares them: int32, int64 or float, [pillars] or [1, pillars]. */
function numPointsTensor(session: InferenceSession, name: string, counts: Int32Array): Tensor {
  const meta = session.inputMetadata.find((m) => m.name === name);
  const type = meta?.isTensor ? meta.type : 'int32';
  const dims = meta?.isTensor && meta.shape.length === 2 ? [1, counts.length] : [counts.length];
  if (type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(counts, (c) => BigInt(c)), dims);
  if (type === 'float32') return new ort.Tensor('float32', Float32Array.from(counts), dims);
  return new ort.Tensor('int32', counts, dims);
}

void (async () => {
  let pfe: Awaited<ReturnType<typeof createSession>>;
  let rpn: Awaited<ReturnType<typeof createSession>>;
  let shape: ReturnType<typeof checkPillarGraphs>;
  try {
    pfe = await createSession(pfeFile, preferred);
    rpn = await createSession(rpnFile, preferred);
    shape = checkPillarGraphs(card, graphIo(pfe.session), pfeFile, graphIo(rpn.session), rpnFile);
  } catch (e) {
    post({ type: 'error', id: null, message: (e as Error).message });
    return;
  }
  post({ type: 'ready', executionProviders: rpn.executionProviders, runtimeVersion: onnxRuntimeVersion(), fixedPillars: shape.fixedPillars });
  const decoderOutputs = pillarDecoderOutputs(card.decoder);
  const nets: PillarNets = {
    async pfe(features, dims, numPoints) {
      const feeds: Record<string, Tensor> = { [card.pfe.input]: new ort.Tensor('float32', features, [...dims]) };
      if (card.pfe.numPoints) feeds[card.pfe.numPoints] = numPointsTensor(pfe.session, card.pfe.numPoints, numPoints);
      return floatOutput(await pfe.session.run(feeds, [card.pfe.output]), card.pfe.output, pfeFile);
    },
    async rpn(image, dims) {
      const result = await rpn.session.run({ [card.rpn.input]: new ort.Tensor('float32', image, [...dims]) }, decoderOutputs);
      const outputs: Record<string, OutputTensor> = {};
      for (const name of decoderOutputs) outputs[name] = floatOutput(result, name, rpnFile);
      return outputs as OutputTensors;
    },
  };
  // One pseudo-image for every scan (zeroed again after each): for KITTI's grid it is 55 MB.
  const scratch = { image: null as Float32Array | null };
  // Requests are queued by the host; handling them in order keeps one inference at a time.
  let chain = Promise.resolve();
  port.on('message', (req: PillarWorkerRequest) => {
    chain = chain.then(async () => {
      const stageMs: Partial<Record<PillarStage, number>> = {};
      let current = null as PillarStage | null;
      let since = performance.now();
      const onStage = (stage: PillarStage) => {
        const now = performance.now();
        if (current) stageMs[current] = now - since;
        current = stage;
        since = now;
        post({ type: 'progress', id: req.id, stage });
      };
      try {
        const result = await detectWithPillars(card, shape, req.points, req.stride, nets, { scoreThreshold: req.scoreThreshold, onStage, scratch });
        if (current) stageMs[current] = performance.now() - since;
        post({ type: 'result', id: req.id, detections: result.detections, pillars: result.pillars, droppedPoints: result.droppedPoints, stageMs });
      } catch (e) {
        post({ type: 'error', id: req.id, message: (e as Error).message });
      }
    });
  });
})();
