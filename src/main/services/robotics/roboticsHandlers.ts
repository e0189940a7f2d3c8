import path from 'node:path';
import { DatasetRootError } from '../../../core/importers/datasetFiles';
import { ContractError } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import { ROBOTICS_TOPICS_MAX, type LogTopicInfo } from '../../../shared/roboticsContract';
import { checkRosbag2Folder, logFormatAt, openRobotLogs } from '../../import/robotics/roboticsFormats';
import { importRoboticsLogs } from '../../import/robotics/roboticsImport';
import type { LogTopic, RobotLog } from '../../import/robotics/robotLog';
import { CAMERA_INFO_TYPES, chooseTopics, CLOUD_TYPES, IMAGE_TYPES, LABEL_TYPES, ODOMETRY_TYPE, TF_TYPES, TopicChoiceError } from '../../import/robotics/topicRoles';
import { writeImport } from '../../import/writeImport';
import type { LocationPolicy } from '../access/locationPolicy';
import type { SceneService } from '../scene/sceneService';
import { storeIdFor } from '../stores/storeFactory';

type RoboticsCalls = Pick<Handlers, 'robotics.topics' | 'robotics.open'>;

export interface RoboticsDeps {
  readonly policy: LocationPolicy;
  readonly scenes: SceneService;
  readonly workspaceDir: string;
}

/**
 * The host's robotics-log calls: list a log's topics from its index, and open it as scenes read
 * in place with the topics the user picked. Opening a log is opening a location (refused in
 * reviewer mode by the location policy).
 */
export function roboticsHandlers({ policy, scenes, workspaceDir }: RoboticsDeps): RoboticsCalls {
  return {
    'robotics.topics': async ({ location, as }) => {
      policy.allowOpened(location);
      if (as === 'rosbag2') await refused(checkRosbag2Folder(location));
      const format = await refused(logFormatAt(location));
      const logs = await refused(openRobotLogs(format, location));
      try {
        const suggested = await chooseTopics(logs[0], {}).then(
          (roles) => ({ lidar: [roles.primary, ...roles.secondary], cameras: [...roles.cameras].filter(([, info]) => info).map(([t]) => t) }),
          () => ({ lidar: [], cameras: [] }),
        );
        return { format, logs: logs.map((log) => ({ name: path.basename(log.name), topics: log.topics.slice(0, ROBOTICS_TOPICS_MAX).map(withRole) })), suggested };
      } finally {
        await closeAll(logs);
      }
    },
    'robotics.open': async ({ location, lidar, cameras, rate }) => {
      policy.allowOpened(location);
      const format = await refused(logFormatAt(location));
      const manifestsDir = path.join(workspaceDir, 'imports', storeIdFor(`robotics-${format}`, JSON.stringify([location, lidar, cameras, rate ?? null])));
      const logs = await refused(openRobotLogs(format, location));
      let result;
      try {
        result = await refused(importRoboticsLogs(format, location, logs, { outDir: manifestsDir, lidar, cameras, rate, inPlace: true }));
      } finally {
        await closeAll(logs);
      }
      const errors = result.report.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.problem}`);
      if (result.scenes.length === 0) throw new ContractError('invalid-input', `${location}: no scene could be built: ${errors.slice(0, 5).join('; ') || 'no frames'}`);
      await writeImport(result, location, manifestsDir);
      const opened = await scenes.openLocation(manifestsDir);
      return { scenes: opened.scenes.map((s) => ({ sceneId: s.sceneId, name: s.name, frameCount: s.frameCount })), problems: [...errors, ...opened.problems] };
    },
  };
}

function withRole(t: LogTopic): LogTopicInfo {
  const role = CLOUD_TYPES.has(t.type)
    ? 'cloud'
    : IMAGE_TYPES.has(t.type)
      ? 'camera'
      : CAMERA_INFO_TYPES.has(t.type)
        ? 'camera-info'
        : TF_TYPES.has(t.type) || t.type === ODOMETRY_TYPE
          ? 'tf'
          : LABEL_TYPES.has(t.type)
            ? 'labels'
            : 'other';
  return { topic: t.topic, type: t.type, encoding: t.encoding, count: t.count, role };
}

/** A log that cannot be read, or a topic it lacks, is the caller's input to fix. */
async function refused<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof DatasetRootError || e instanceof TopicChoiceError) throw new ContractError('invalid-input', e.message);
    throw e;
  }
}

async function closeAll(logs: readonly RobotLog[]): Promise<void> {
  await Promise.all(logs.map((l) => l.close()));
}
