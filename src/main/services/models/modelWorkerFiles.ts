import path from 'node:path';

/** Where the worker scripts of models and classical generators are. */
export interface ModelWorkerFiles {
  readonly detector: string;
  readonly cluster: string;
  /** The split 3D detectors' worker (both graphs' sessions). */
  readonly pillar: string;
}

/** The TypeScript workers through their tsx loaders, for tests that run the host from source. */
export const DEV_MODEL_WORKERS: ModelWorkerFiles = {
  detector: path.resolve(__dirname, '../../workers/modelWorker.dev.cjs'),
  cluster: path.resolve(__dirname, '../../workers/clusterWorker.dev.cjs'),
  pillar: path.resolve(__dirname, '../../workers/pillarWorker.dev.cjs'),
};
