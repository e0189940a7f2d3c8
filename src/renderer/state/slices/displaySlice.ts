import type { Slice } from './types';

export type ColorMode = 'height' | 'intensity';
export type CameraPresetName = 'perspective' | 'top';
export type CloudColorMode = 'rgb' | 'intensity' | 'elevation' | 'classification' | 'return';

/** How things are drawn: the scene's point colours and size, ground truth, the camera preset, a streamed cloud's options. */
export interface DisplaySlice {
  colorMode: ColorMode;
  pointSize: number;
  showGroundTruth: boolean;
  /** A new object each time the user asks for a camera preset, so asking twice re-applies it. */
  cameraRequest: { preset: CameraPresetName };
  cloudColor: CloudColorMode;
  pointBudget: number;
  cloudPointSize: number;
  edl: boolean;
  /** Bumped by "Reset layout": the dock goes back to its default arrangement. */
  layoutResets: number;
  setColorMode(mode: ColorMode): void;
  setPointSize(size: number): void;
  setShowGroundTruth(show: boolean): void;
  requestCamera(preset: CameraPresetName): void;
  setCloudColor(mode: CloudColorMode): void;
  setPointBudget(points: number): void;
  setCloudPointSize(size: number): void;
  setEdl(on: boolean): void;
  resetLayout(): void;
}

export const displaySlice: Slice<DisplaySlice> = (set) => ({
  colorMode: 'height',
  pointSize: 2,
  showGroundTruth: true,
  cameraRequest: { preset: 'perspective' },
  cloudColor: 'elevation',
  pointBudget: 2_000_000,
  cloudPointSize: 2,
  edl: true,
  layoutResets: 0,
  setColorMode: (colorMode) => set({ colorMode }),
  setPointSize: (pointSize) => set({ pointSize }),
  setShowGroundTruth: (showGroundTruth) => set({ showGroundTruth }),
  requestCamera: (preset) => set({ cameraRequest: { preset } }),
  setCloudColor: (cloudColor) => set({ cloudColor }),
  setPointBudget: (pointBudget) => set({ pointBudget }),
  setCloudPointSize: (cloudPointSize) => set({ cloudPointSize }),
  setEdl: (edl) => set({ edl }),
  resetLayout: () => set((s) => ({ layoutResets: s.layoutResets + 1 })),
});
