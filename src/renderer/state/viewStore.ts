import { create } from 'zustand';
import type { CallOutput } from '../../shared/contract';

export type Tool = 'select' | 'draw' | 'fit';
export type GizmoMode = 'translate' | 'rotate' | 'scale';
export type ColorMode = 'height' | 'intensity';
export type CameraPresetName = 'perspective' | 'top';
export type CloudColorMode = 'rgb' | 'intensity' | 'elevation' | 'classification' | 'return';
export type PointCloudInfo = CallOutput<'pointcloud.open'>;

export interface JobState {
  readonly label: string;
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

import type { CloudStats } from '../viewer/PotreeCloudLayer';

export type { CloudStats };

export interface FrameCloud {
  readonly frameId: string;
  /** Interleaved x, y, z, intensity in the LiDAR frame. */
  readonly points: Float32Array;
  readonly count: number;
  readonly sensorId: string;
  readonly zRange: readonly [number, number];
  readonly groundZ: number;
}

/** The merged cloud: sweeps of the frames up to the current one, in its LiDAR frame. */
export interface MergedCloud {
  readonly frameId: string;
  readonly points: Float32Array;
  readonly count: number;
  readonly frames: number;
}

export interface SaveState {
  readonly pending: number;
  readonly saved: number;
  readonly error: string | null;
}

export interface ViewState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  info: CallOutput<'app.info'> | null;
  ontology: CallOutput<'ontology.get'> | null;
  scene: CallOutput<'scene.open'> | null;
  frameIndex: number;
  cloud: FrameCloud | null;
  cloudError: string | null;
  /** The frame's camera images, decoded; a string is the reason one could not be shown. */
  frameImages: ReadonlyMap<string, ImageBitmap | string>;
  /** Milliseconds from asking for the last frame to its first paint. */
  frameLatencyMs: number | null;
  /** The frame frameLatencyMs was measured for. */
  frameLatencyOf: number | null;
  /** Whether the last frame shown came decoded from the prefetch cache. */
  frameFromCache: boolean;
  playing: boolean;
  /** What the prefetch cache holds: decoded frames and their bytes. */
  frameCache: { readonly frames: number; readonly bytes: number };
  /** Frames accumulated into the merged cloud; 1 shows the current sweep alone. */
  mergeFrames: number;
  mergedCloud: MergedCloud | null;
  showGroundTruth: boolean;
  scenes: CallOutput<'scene.list'>;
  tool: Tool;
  gizmoMode: GizmoMode;
  colorMode: ColorMode;
  pointSize: number;
  activeClassId: string;
  selectedId: string | null;
  /** Bumped on every editor change so views re-read the editor. */
  revision: number;
  save: SaveState;
  notice: string | null;
  /** A new object each time the user asks for a camera preset, so asking twice re-applies it. */
  cameraRequest: { preset: CameraPresetName };
  /** The streamed point cloud on screen instead of the scene, when one is open. */
  openCloud: PointCloudInfo | null;
  cloudColor: CloudColorMode;
  pointBudget: number;
  cloudPointSize: number;
  edl: boolean;
  cloudStats: CloudStats | null;
  showOpenDialog: boolean;
  jobs: Readonly<Record<string, JobState>>;
  set(patch: Partial<Omit<ViewState, 'set'>>): void;
}

export const useView = create<ViewState>((set) => ({
  status: 'loading',
  error: null,
  info: null,
  ontology: null,
  scene: null,
  frameIndex: 0,
  cloud: null,
  cloudError: null,
  frameImages: new Map(),
  frameLatencyMs: null,
  frameLatencyOf: null,
  frameFromCache: false,
  playing: false,
  frameCache: { frames: 0, bytes: 0 },
  mergeFrames: 1,
  mergedCloud: null,
  showGroundTruth: true,
  scenes: [],
  tool: 'select',
  gizmoMode: 'translate',
  colorMode: 'height',
  pointSize: 2,
  activeClassId: 'car',
  selectedId: null,
  revision: 0,
  save: { pending: 0, saved: 0, error: null },
  notice: null,
  cameraRequest: { preset: 'perspective' },
  openCloud: null,
  cloudColor: 'elevation',
  pointBudget: 2_000_000,
  cloudPointSize: 2,
  edl: true,
  cloudStats: null,
  showOpenDialog: false,
  jobs: {},
  set: (patch) => set(patch),
}));
