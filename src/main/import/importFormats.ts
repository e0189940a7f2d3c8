import { importColmap } from '../../core/importers/colmap/colmapImport';
import type { DatasetImport } from '../../core/importers/importReport';
import { importKittiObject } from '../../core/importers/kitti/kittiObjectImport';
import { importKittiTracking } from '../../core/importers/kitti/kittiTrackingImport';
import { importNuScenes } from '../../core/importers/nuscenes/nuscenesImport';
import { nodeDatasetFiles } from './nodeDatasetFiles';

/** One dataset format `cairn import` knows: adding a format is adding an entry to IMPORT_FORMATS. */
export interface ImportFormat {
  /** The word on the command line. */
  readonly name: string;
  /** What the path should hold, for the help text. */
  readonly layout: string;
  /** Reads the dataset at an absolute folder; throws only when nothing there can be imported. */
  run(root: string): Promise<DatasetImport>;
}

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  {
    name: 'kitti',
    layout: 'KITTI object: training/ and/or testing/ (or one of them) with velodyne/, calib/, image_2/, label_2/',
    run: (root) => importKittiObject(nodeDatasetFiles(root)),
  },
  {
    name: 'kitti-tracking',
    layout: 'KITTI tracking: training/ (or testing/) with velodyne/SSSS/, image_02/SSSS/, calib/, oxts/, label_02/',
    run: (root) => importKittiTracking(nodeDatasetFiles(root)),
  },
  {
    name: 'nuscenes',
    layout: 'nuScenes / Lyft tables: scene.json, sample_data.json, … here or in v1.0-*/; sample files relative to the path',
    run: (root) => importNuScenes(nodeDatasetFiles(root)),
  },
  {
    name: 'colmap',
    layout: 'COLMAP: a sparse model folder (cameras, images, points3D .bin|.txt), or a project with sparse/N/, dense/N/sparse/ and images/',
    run: (root) => importColmap(nodeDatasetFiles(root)),
  },
];
