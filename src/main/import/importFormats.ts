import { importColmap } from '../../core/importers/colmap/colmapImport';
import type { DatasetImport } from '../../core/importers/importReport';
import { importKittiObject } from '../../core/importers/kitti/kittiObjectImport';
import { importKittiTracking } from '../../core/importers/kitti/kittiTrackingImport';
import { importNuScenes } from '../../core/importers/nuscenes/nuscenesImport';
import { nodeDatasetFiles } from './nodeDatasetFiles';
import { ROBOTICS_IMPORT_FORMATS } from './robotics/roboticsImportFormats';
import { E57_IMPORT_FORMAT } from './e57ImportFormat';

/** What a format that extracts data (robotics logs) needs beyond the dataset path. */
export interface ImportRunOptions {
  /** Where the manifests go; extracted sweeps and images are written beside them. */
  readonly outDir?: string;
  readonly lidar?: readonly string[];
  readonly cameras?: readonly string[];
  readonly rate?: number;
  /** Point at the data where it lies instead of extracting it (robotics logs read at view time). */
  readonly inPlace?: boolean;
  readonly progress?: (line: string) => void;
}

/** One dataset format `cairn import` knows: adding a format is adding an entry to IMPORT_FORMATS. */
export interface ImportFormat {
  /** The word on the command line. */
  readonly name: string;
  /** What the path should hold, for the help text. */
  readonly layout: string;
  /** The path may be a file (a log), not only a folder. */
  readonly acceptsFile?: boolean;
  /** Reads the dataset at an absolute folder (or file); throws only when nothing there can be imported. */
  run(root: string, options?: ImportRunOptions): Promise<DatasetImport>;
  /** Lists what the dataset holds (a log's topics) for `cairn import <format> <path> --list`. */
  list?(root: string): Promise<string>;
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
  ...ROBOTICS_IMPORT_FORMATS,
  E57_IMPORT_FORMAT,
];
