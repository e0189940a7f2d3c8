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

export interface SaveState {
  readonly pending: number;
  readonly saved: number;
  readonly error: string | null;
}

interface ViewState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  info: CallOutput<'app.info'> | null;
  ontology: CallOutput<'ontology.get'> | null;
  scene: CallOutput<'scene.open'> | null;
  frameIndex: number;
  cloud: FrameCloud | null;
  cloudError: string | null;
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
