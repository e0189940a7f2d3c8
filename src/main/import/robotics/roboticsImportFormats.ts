import type { ImportFormat, ImportRunOptions } from '../importFormats';
import { importRobotics, listRobotTopics, type RoboticsFormat } from './roboticsFormats';

function roboticsFormat(name: RoboticsFormat, layout: string): ImportFormat {
  return {
    name,
    layout,
    acceptsFile: true,
    run: (root: string, options: ImportRunOptions = {}) => {
      // Sweeps and images are extracted next to the manifests, so there must be somewhere to put them.
      if (!options.outDir) throw new Error(`${root}: a ${name} import needs an output folder`);
      return importRobotics(name, root, { ...options, outDir: options.outDir });
    },
    list: (root: string) => listRobotTopics(name, root),
  };
}

/** The robotics log formats, in cairn import's table (importFormats.ts). */
export const ROBOTICS_IMPORT_FORMATS: readonly ImportFormat[] = [
  roboticsFormat('mcap', 'MCAP log(s): a .mcap file or a folder of them (ROS 1, ROS 2 CDR or JSON encodings), one scene per file'),
  roboticsFormat('rosbag', 'ROS 1 bag(s) v2.0: a .bag file or a folder of them, one scene per file'),
  roboticsFormat('rosbag2', 'ROS 2 bag stored as MCAP: the bag folder (metadata.yaml and its split .mcap files, one scene) or one .mcap'),
];
