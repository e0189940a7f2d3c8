import { z } from 'zod';
import { text } from './text';

/** The calls of robotics logs opened in place (issue 15); joined into the contract by contract.ts. */

/** The most topics one log's listing holds (a log with more is listed up to this many, by name). */
export const ROBOTICS_TOPICS_MAX = 2000;

export const logTopicSchema = z.strictObject({
  topic: z.string(),
  /** ROS style, "sensor_msgs/PointCloud2". */
  type: z.string(),
  encoding: z.string(),
  count: z.int().nonnegative(),
  /** What Cairn can make of it: a LiDAR (or other cloud), a camera, its calibration, TF (or odometry: poses), labels, or nothing. */
  role: z.enum(['cloud', 'camera', 'camera-info', 'tf', 'labels', 'other']),
});
export type LogTopicInfo = z.output<typeof logTopicSchema>;

const location = text(4096, 1);
const topicName = text(512, 1);

export const roboticsCalls = {
  /**
   * What a robotics log (an .mcap or .bag file, a folder of them, or a rosbag2 folder; local, http(s)
   * or s3://) holds, from its summary or index alone: every topic with its type and message count,
   * and the LiDAR and cameras an open with no choice would take.
   */
  'robotics.topics': {
    input: z.strictObject({
      location,
      /** What the user picked it as: `rosbag2` for a ROS 2 bag folder (refused, naming it, when it is not one). */
      as: z.enum(['rosbag2']).optional(),
    }),
    output: z.strictObject({
      format: z.enum(['mcap', 'rosbag', 'rosbag2']),
      logs: z.array(z.strictObject({ name: z.string(), topics: z.array(logTopicSchema).max(ROBOTICS_TOPICS_MAX) })).max(256),
      suggested: z.strictObject({ lidar: z.array(z.string()), cameras: z.array(z.string()) }),
    }),
  },
  /**
   * Opens the log(s) as scenes read in place with the chosen topics (the first LiDAR drives the
   * frames): manifests are written into the workspace, sweeps and images are read from the log
   * when viewed. `problems` lists what the import report counts as errors.
   */
  'robotics.open': {
    input: z.strictObject({
      location,
      lidar: z.array(topicName).min(1).max(16),
      cameras: z.array(topicName).max(32),
      rate: z.number().positive().max(1000).optional(),
    }),
    output: z.strictObject({
      scenes: z.array(z.strictObject({ sceneId: z.uuid(), name: z.string(), frameCount: z.int().nonnegative() })).min(1),
      problems: z.array(z.string()),
    }),
  },
} as const;
