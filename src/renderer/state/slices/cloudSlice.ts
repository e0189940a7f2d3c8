import type { CallOutput } from '../../../shared/contract';
import type { CloudStats } from '../../viewer/PotreeCloudLayer';
import { cloudDisplayDefaults } from '../cloudDisplayDefaults';
import type { Slice } from './types';

export type PointCloudInfo = CallOutput<'pointcloud.open'>;
export type { CloudStats };

/** A streamed point cloud shown instead of the scene, and the dialog that opens one. */
export interface CloudSlice {
  openCloud: PointCloudInfo | null;
  cloudStats: CloudStats | null;
  showOpenDialog: boolean;
  /**
   * Shows a cloud (the dialog closes). Another cloud than the one shown gets its display defaults;
   * a preview's full octree keeps the user's choices.
   */
  showCloud(cloud: PointCloudInfo, notice: string | null): void;
  backToScene(): void;
  cloudStatsChanged(stats: CloudStats): void;
  setOpenDialog(open: boolean): void;
}

export const cloudSlice: Slice<CloudSlice> = (set, get) => ({
  openCloud: null,
  cloudStats: null,
  showOpenDialog: false,
  showCloud: (cloud, notice) => {
    const same = get().openCloud?.cloudId === cloud.cloudId;
    set({ openCloud: cloud, ...(same ? {} : cloudDisplayDefaults(cloud)), showOpenDialog: false, cloudStats: null, notice });
  },
  backToScene: () => set({ openCloud: null, cloudStats: null }),
  cloudStatsChanged: (cloudStats) => set({ cloudStats }),
  setOpenDialog: (showOpenDialog) => set({ showOpenDialog }),
});
