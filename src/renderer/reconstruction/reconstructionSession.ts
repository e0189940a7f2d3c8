import type { PointObservation } from '../../core/importers/colmap';
import type { ImageKeypoints, ModelQueries } from './modelQueries';
import { parseReconstruction } from './parseReconstruction';
import type { ReconstructionData } from './reconstructionData';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

/** A parsed reconstruction: what the view draws, and the model behind it to ask about points and images. */
export interface ReconstructionSession {
  readonly data: ReconstructionData;
  observations(pointId: number): Promise<PointObservation[]>;
  keypoints(imageId: number): Promise<ImageKeypoints | null>;
  dispose(): void;
}

/** The model could not be read: the message names the file and what is wrong with it. */
export class ReconstructionFormatError extends Error {}

/**
 * Parses in a worker, so a large model never freezes the window; where no worker can be started
 * (a host that serves no module workers), parses here instead rather than not at all.
 */
export async function openReconstructionSession(files: Map<string, Uint8Array>, source: string): Promise<ReconstructionSession> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./reconstructionWorker.ts', import.meta.url), { type: 'module', name: 'reconstruction' });
  } catch {
    return inlineSession(files, source);
  }
  const started = await new Promise<boolean>((resolve) => {
    worker.onerror = (e) => {
      e.preventDefault();
      resolve(false);
    };
    worker.onmessage = (e: MessageEvent<WorkerReply>) => resolve(e.data.type === 'ready');
  });
  if (!started) {
    worker.terminate();
    return inlineSession(files, source);
  }
  const opened = await new Promise<ReconstructionData>((resolve, reject) => {
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`the worker reading ${source} stopped: ${e.message}`));
    };
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      if (e.data.type === 'opened') resolve(e.data.data);
      else if (e.data.type === 'failed') reject(new ReconstructionFormatError(e.data.message));
    };
    const request: WorkerRequest = { type: 'open', source, files: [...files] };
    worker.postMessage(request, [...files.values()].map((b) => b.buffer as ArrayBuffer));
  }).catch((e: unknown) => {
    worker.terminate();
    throw e;
  });
  return workerSession(worker, opened);
}

function workerSession(worker: Worker, data: ReconstructionData): ReconstructionSession {
  let next = 1;
  const pending = new Map<number, (value: unknown) => void>();
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const reply = e.data;
    if (reply.type !== 'observations' && reply.type !== 'keypoints') return;
    pending.get(reply.requestId)?.(reply.value);
    pending.delete(reply.requestId);
  };
  const ask = <T>(request: (requestId: number) => WorkerRequest): Promise<T> =>
    new Promise<T>((resolve) => {
      const requestId = next++;
      pending.set(requestId, resolve as (value: unknown) => void);
      worker.postMessage(request(requestId));
    });
  return {
    data,
    observations: (pointId) => ask<PointObservation[]>((requestId) => ({ type: 'observations', requestId, pointId })),
    keypoints: (imageId) => ask<ImageKeypoints | null>((requestId) => ({ type: 'keypoints', requestId, imageId })),
    dispose: () => {
      worker.terminate();
      pending.clear();
    },
  };
}

function inlineSession(files: Map<string, Uint8Array>, source: string): ReconstructionSession {
  let parsed: { data: ReconstructionData; queries: ModelQueries };
  try {
    parsed = parseReconstruction(files, source);
  } catch (e) {
    throw new ReconstructionFormatError((e as Error).message);
  }
  const { data, queries } = parsed;
  return {
    data,
    observations: async (pointId) => queries.observations(pointId),
    keypoints: async (imageId) => queries.keypoints(imageId),
    dispose: () => undefined,
  };
}
