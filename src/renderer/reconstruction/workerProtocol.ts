import type { PointObservation } from '../../core/importers/colmap';
import type { ImageKeypoints } from './modelQueries';
import type { ReconstructionData } from './reconstructionData';

/** Messages to the reconstruction worker. */
export type WorkerRequest =
  | { readonly type: 'open'; readonly source: string; readonly files: readonly (readonly [string, Uint8Array])[] }
  | { readonly type: 'observations'; readonly requestId: number; readonly pointId: number }
  | { readonly type: 'keypoints'; readonly requestId: number; readonly imageId: number };

/** Messages from it. */
export type WorkerReply =
  /** Sent once the worker's module has loaded, so the files are handed over only to a live worker. */
  | { readonly type: 'ready' }
  | { readonly type: 'opened'; readonly data: ReconstructionData }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'observations'; readonly requestId: number; readonly value: PointObservation[] }
  | { readonly type: 'keypoints'; readonly requestId: number; readonly value: ImageKeypoints | null };
