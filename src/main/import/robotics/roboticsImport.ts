import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyTransform, IDENTITY_TRANSFORM, type RigidTransform } from '../../../core/camera/rigidTransform';
import { quatMultiply, quatNormalize } from '../../../core/geometry/quaternion';
import { boxValueProblem } from '../../../core/importers/boxValues';
import { ImportReportBuilder, type DatasetImport, type ImportedScene } from '../../../core/importers/importReport';
import { folderName, type FrameInput, type GroundTruthInput, type SensorInput } from '../../../core/importers/manifestParts';
import { nuScenesClass } from '../../../core/importers/nuscenes/nuscenesCategories';
import { IMPORT_NAMESPACE, uuidFromName } from '../../../core/model/uuidFromName';
import { cameraFromCameraInfo, type CameraInfoMessage } from '../../../core/robotics/cameraInfo';
import { cloudBounds, encodeCloudPcd } from '../../../core/robotics/cloudPcd';
import { nearestIndex, planFrames, RateGate } from '../../../core/robotics/frameTiming';
import { cuboidsFromMarkers, cuboidsFromSceneUpdate, type CuboidHarvest, type MarkerMessage, type SceneUpdateMessage } from '../../../core/robotics/logCuboids';
import { decodePointCloud2 } from '../../../core/robotics/pointCloud2';
import { normalizeFrameId, rosTimeSeconds, type RosHeader, type RosTime, type RosTransformStamped } from '../../../core/robotics/rosTypes';
import { TfBuffer } from '../../../core/robotics/tfBuffer';
import type { CameraIntrinsics } from '../../../core/scene/manifest';
import { asPointCloud2 } from './cloudMessages';
import { imageFileFromMessage } from './imageMessages';
import type { RobotLog } from './robotLog';
import { CAMERA_INFO_TYPES, chooseTopics, IMAGE_TYPES, type TopicRoles } from './topicRoles';

export interface RoboticsImportOptions {
  /** Where the manifests go; each scene's extracted sweeps and images go in its folder there. */
  readonly outDir: string;
  readonly lidar?: readonly string[];
  readonly cameras?: readonly string[];
  /** At most this many frames a second. */
  readonly rate?: number;
  /** How far a camera image (or another cloud) may be from its sweep, seconds; half the sweep period by default. */
  readonly tolerance?: number;
  /**
   * Extract nothing: captures point at their messages in the log (the manifest's `log`), read at
   * view time. Where the log's index holds message times (MCAP), the frames are planned from it
   * alone, reading only the first message of each sensor topic.
   */
  readonly inPlace?: boolean;
  readonly progress?: (line: string) => void;
}

/** A message kept by its time, to be fetched again by log time when a frame picks it. */
interface Stamped {
  readonly stamp: number;
  readonly logTime: bigint;
  readonly frameId: string;
}

interface Sweep extends Stamped {
  readonly path: string;
  readonly pointCount?: number;
  readonly bounds: { min: [number, number, number]; max: [number, number, number] } | null;
}

const EGO_CANDIDATES = ['base_link', 'base_footprint'];
const WORLD_CANDIDATES = ['map', 'odom', 'world'];

/**
 * Robotics logs (MCAP, ROS 1 bag, ROS 2 bag stored as MCAP) as Cairn scenes, one per log:
 * frames by sweep of the LiDAR topic, each camera's nearest image and each other cloud's
 * nearest message within the tolerance, calibration and poses from TF, camera models from
 * CameraInfo, ground truth from cube markers. Sweeps are written as binary PCD and images as
 * JPEG / PNG into the scene's folder under `outDir`, which the manifest names as its dataRoot.
 */
export async function importRoboticsLogs(format: string, source: string, logs: readonly RobotLog[], options: RoboticsImportOptions): Promise<DatasetImport> {
  const report = new ImportReportBuilder(format, source);
  const scenes: ImportedScene[] = [];
  const taken = new Set<string>();
  for (const log of logs) {
    const name = folderName(path.basename(log.name).replace(/\.(mcap|bag)$/i, ''), taken);
    const scene = await importLog(log, name, options, report);
    if (scene) scenes.push(scene);
  }
  report.note('Frame timestamps are the LiDAR messages\' header stamps (sensor time), not the log\'s receive times; cameras and other clouds are matched by header stamp too.');
  report.note(
    options.inPlace
      ? 'Nothing is extracted: each frame names its sweep and images by topic and log time, read from the log through its index when viewed (as binary PCD with x y z, intensity, ring and per-point time; no-return and non-finite points dropped).'
      : 'Sweeps are written as binary PCD (x y z, intensity, ring and per-point time in seconds where the cloud has them) in the sensor frame; no-return (0, 0, 0) points of organised clouds and non-finite points are dropped and counted.',
  );
  return { name: `${format} ${path.basename(source)}`, scenes, report: report.finish(scenes) };
}

async function importLog(log: RobotLog, sceneName: string, options: RoboticsImportOptions, report: ImportReportBuilder): Promise<ImportedScene | null> {
  const file = log.name;
  const roles = await chooseTopics(log, options);
  const sceneDir = path.join(options.outDir, sceneName);
  const progress = options.progress ?? (() => {});
  noteUnused(log, roles, report);

  const tf = new TfBuffer();
  const infos = new Map<string, CameraInfoMessage>();
  const sweeps: Sweep[] = [];
  const others = new Map<string, Stamped[]>([...roles.secondary, ...roles.cameras.keys()].map((t) => [t, []]));
  const harvest: CuboidHarvest = { cuboids: [], skipped: new Map() };
  const odometry: RosTransformStamped[] = [];
  const gate = new RateGate(options.rate);
  let skippedForRate = 0;
  let droppedZero = 0;
  let droppedNonFinite = 0;
  const timeFields = new Set<string>();
  const otherFields = new Set<string>();
  const primaryId = sensorIdOf(roles.primary);
  const infoTopics = [...new Set([...roles.cameras.values()].filter((t): t is string => t !== null))];
  const topics = [...roles.tf, ...roles.odometry, ...infoTopics, roles.primary, ...others.keys(), ...roles.labels];
  const total = log.topics.filter((t) => topics.includes(t.topic)).reduce((n, t) => n + t.count, 0);
  let seen = 0;
  const inPlace = options.inPlace === true;
  const extensions = new Map<string, string>();
  // In place with an index that holds message times, the sensor topics are not read through.
  const indexed = inPlace && log.messageTimes ? await timesFromIndex(log, roles.primary, [...others.keys()], infoTopics, others, extensions, infos) : null;
  for (const sweep of indexed ?? []) {
    if (gate.keeps(sweep.stamp)) sweeps.push(sweep);
    else skippedForRate++;
  }
  if (!inPlace) await fs.mkdir(path.join(sceneDir, 'clouds', primaryId), { recursive: true });
  const passTopics = indexed ? [...roles.tf, ...roles.odometry, ...roles.labels] : topics;

  for await (const m of log.read(passTopics)) {
    if (++seen % 200 === 0) progress(`${path.basename(file)}: ${seen}/${total} messages read, ${sweeps.length} sweeps written`);
    const where = `${m.topic} at log time ${m.logTime}`;
    try {
      if (roles.tf.includes(m.topic)) {
        for (const t of (m.message as { transforms: RosTransformStamped[] }).transforms) tf.add(t, m.topic.endsWith('tf_static'));
      } else if (roles.odometry.includes(m.topic)) {
        odometry.push(odometryTransform(m.message as OdometryMessage));
      } else if (infoTopics.includes(m.topic)) {
        if (!infos.has(m.topic)) infos.set(m.topic, m.message as CameraInfoMessage);
      } else if (m.topic === roles.primary) {
        const msg = asPointCloud2(m.type, m.message, where);
        const stamp = stampOf(msg.header, m.logTime);
        if (!gate.keeps(stamp)) {
          skippedForRate++;
          continue;
        }
        if (inPlace) {
          sweeps.push({ stamp, logTime: m.logTime, frameId: normalizeFrameId(msg.header.frame_id), path: logPointer(m.topic, m.logTime, 'pcd'), bounds: null });
          continue;
        }
        const cloud = decodePointCloud2(msg, where);
        droppedZero += cloud.droppedZero;
        droppedNonFinite += cloud.droppedNonFinite;
        if (cloud.timeField) timeFields.add(cloud.timeField);
        cloud.otherFields.forEach((f) => otherFields.add(f));
        const relative = `clouds/${primaryId}/${String(sweeps.length).padStart(6, '0')}.pcd`;
        await fs.writeFile(path.join(sceneDir, relative), encodeCloudPcd(cloud));
        sweeps.push({ stamp, logTime: m.logTime, frameId: normalizeFrameId(msg.header.frame_id), path: relative, pointCount: cloud.count, bounds: cloudBounds(cloud) });
      } else if (others.has(m.topic)) {
        const header = headerOf(m.message);
        if (inPlace && !extensions.has(m.topic)) extensions.set(m.topic, captureExtension(m.type, m.message));
        others.get(m.topic)!.push({ stamp: stampOf(header, m.logTime), logTime: m.logTime, frameId: normalizeFrameId(header.frame_id) });
      } else if (m.type.endsWith('SceneUpdate')) {
        cuboidsFromSceneUpdate(m.message as SceneUpdateMessage, harvest);
      } else if (m.type.endsWith('MarkerArray')) {
        cuboidsFromMarkers((m.message as { markers: MarkerMessage[] }).markers, harvest);
      } else if (m.type.endsWith('Marker')) {
        cuboidsFromMarkers([m.message as MarkerMessage], harvest);
      }
    } catch (e) {
      report.error(file, `${where}: ${(e as Error).message}; skipped`);
    }
  }
  for (const [topic, why] of log.undecodable) report.error(file, `${topic}: ${why}; its messages are skipped`);
  report.notConverted(`sweeps of ${roles.primary} beyond --rate ${options.rate}`, skippedForRate, 'left out to keep to the requested frame rate');
  report.notConverted('no-return points (0, 0, 0) of organised clouds', droppedZero, 'an organised cloud keeps a slot for every beam and firing; Cairn keeps only returns');
  report.notConverted('points with a NaN or infinite coordinate', droppedNonFinite, 'is_dense false clouds mark missing returns this way');
  for (const f of otherFields) report.notConverted(`PointCloud2 field "${f}" of ${roles.primary}`, 1, 'Cairn keeps x, y, z, intensity, ring and per-point time');
  if (timeFields.size) report.note(`Per-point time comes from the "${[...timeFields].join('", "')}" field (integer fields are nanoseconds, float fields seconds, written as seconds in the PCD "time" field).`);
  if (sweeps.length === 0) {
    report.error(file, `no message of ${roles.primary} could be read; the log is not imported`);
    return null;
  }
  progress(`${path.basename(file)}: ${sweeps.length} sweeps written; matching cameras`);

  // Frames and sensors.
  const lidarFrame = sweeps[0].frameId || primaryId;
  const t0 = sweeps[0].stamp;
  const egoFrame = EGO_CANDIDATES.find((f) => tf.has(f) && connects(tf, f, lidarFrame, t0)) ?? lidarFrame;
  const worldInTf = () => WORLD_CANDIDATES.find((f) => tf.has(f) && connects(tf, f, egoFrame, t0)) ?? null;
  // Odometry places the ego only where TF does not: TF's own map / odom chain is the robot's truth.
  if (odometry.length && !worldInTf()) {
    for (const o of odometry) tf.add(o, false);
    report.note(`Ego poses come from ${roles.odometry.join(', ')} (nav_msgs/Odometry, ${odometry.length} messages): TF has no map / odom frame above "${egoFrame}".`);
  } else if (odometry.length) report.notConverted(`nav_msgs/Odometry messages on ${roles.odometry.join(', ')}`, odometry.length, 'TF already places the ego in a map / odom frame');
  const worldFrame = worldInTf();
  report.note(egoFrame === lidarFrame ? `The ego frame is the LiDAR's frame "${lidarFrame}" (no base_link in TF).` : `The ego frame is TF's "${egoFrame}".`);
  report.note(worldFrame ? `Ego poses are TF's "${worldFrame}" ← "${egoFrame}" at each sweep.` : 'No map / odom frame in TF: every ego pose is the identity, so merged clouds do not move with the robot.');
  const periods = sweeps.slice(1).map((s, i) => s.stamp - sweeps[i].stamp).sort((a, b) => a - b);
  const tolerance = options.tolerance ?? (periods.length ? Math.max(0.005, periods[periods.length >> 1] / 2) : 0.05);

  const sensors: SensorInput[] = [{ sensorId: primaryId, kind: 'lidar', egoFromSensor: resolveOr(tf, egoFrame, lidarFrame, t0, IDENTITY_TRANSFORM) }];
  const matched = new Map<string, readonly number[]>();
  const cameraModels = new Map<string, CameraIntrinsics>();
  for (const [topic, stamped] of others) {
    const sensorId = sensorIdOf(topic);
    const first = stamped[0];
    if (!first) {
      report.warning(file, `${topic}: no message to match; the sensor is not imported`);
      continue;
    }
    const placed = (): RigidTransform | null => {
      if (!first.frameId) {
        report.error(file, `${topic}: its messages have an empty frame_id, so TF cannot place the sensor; it is not imported`);
        return null;
      }
      try {
        return first.frameId === egoFrame ? IDENTITY_TRANSFORM : tf.resolve(egoFrame, first.frameId, first.stamp);
      } catch (e) {
        report.error(file, `${topic}: ${(e as Error).message}; the sensor is not imported`);
        return null;
      }
    };
    if (roles.cameras.has(topic)) {
      const infoTopic = roles.cameras.get(topic);
      const info = infoTopic ? infos.get(infoTopic) : undefined;
      if (!info) {
        report.error(file, `${topic}: no CameraInfo ${infoTopic ? `message on ${infoTopic}` : 'topic beside it (…/camera_info)'}; without intrinsics the camera is not imported`);
        continue;
      }
      let intrinsics: CameraIntrinsics;
      try {
        const mapped = cameraFromCameraInfo(info, infoTopic!);
        mapped.warnings.forEach((w) => report.warning(file, `${infoTopic}: ${w}`));
        intrinsics = mapped.intrinsics;
      } catch (e) {
        report.error(file, (e as Error).message);
        continue;
      }
      const egoFromSensor = placed();
      if (!egoFromSensor) continue;
      cameraModels.set(topic, intrinsics);
      sensors.push({ sensorId, kind: 'camera', opticalConvention: 'opencv', egoFromSensor, intrinsics });
    } else {
      const egoFromSensor = placed();
      if (!egoFromSensor) continue;
      sensors.push({ sensorId, kind: 'lidar', egoFromSensor });
    }
    matched.set(topic, stamped.map((s) => s.stamp));
  }
  const plan = planFrames(sweeps.map((s) => s.stamp), matched, { tolerance });
  const missingBy = new Map<string, number>();
  for (const miss of plan.missing) missingBy.set(miss.camera, (missingBy.get(miss.camera) ?? 0) + 1);
  for (const [topic, n] of missingBy) report.warning(file, `${topic}: no message within ${(tolerance * 1000).toFixed(0)} ms of ${n} of ${plan.frames.length} sweeps; those frames have none`);

  const sceneId = uuidFromName(IMPORT_NAMESPACE, `robotics|${path.basename(file)}|${roles.primary}|${sweeps.length}|${t0}`);
  const picked = plan.frames.flatMap((f) => [...f.images].map(([topic, index]) => ({ topic, capture: others.get(topic)![index] })));
  const captures = inPlace ? pointers(picked, cameraModels, extensions) : await writeCaptures(log, picked, sceneDir, report);
  const frames: FrameInput[] = [];
  for (const planned of plan.frames) {
    const sweep = sweeps[planned.sweep];
    const frame: FrameInput = {
      frameId: uuidFromName(sceneId, `frame|${sweep.logTime}`),
      index: frames.length,
      timestamp: sweep.stamp,
      worldFromEgo: worldFrame ? resolveOr(tf, worldFrame, egoFrame, sweep.stamp, IDENTITY_TRANSFORM) : IDENTITY_TRANSFORM,
      sourceId: `${roles.primary}@${sweep.logTime}`,
      pointClouds: { [primaryId]: { path: sweep.path, encoding: 'pcd', ...(sweep.pointCount !== undefined && { pointCount: sweep.pointCount }), ...(sweep.bounds && { bounds: sweep.bounds }) } },
      images: {},
    };
    for (const [topic, index] of planned.images) {
      const capture = others.get(topic)![index];
      const sensorId = sensorIdOf(topic);
      const written = captures.get(captureKey(topic, capture.logTime));
      if (!written) continue;
      if (written.kind === 'image') {
        const model = cameraModels.get(topic)!;
        if (written.width !== model.width || written.height !== model.height) {
          report.warning(file, `${topic}: image ${written.width} × ${written.height} but CameraInfo says ${model.width} × ${model.height}`);
        }
        frame.images![sensorId] = { path: written.path, width: written.width, height: written.height, timestamp: capture.stamp };
      } else frame.pointClouds[sensorId] = { path: written.path, encoding: 'pcd', ...(written.pointCount !== undefined && { pointCount: written.pointCount }), timestamp: capture.stamp };
    }
    frames.push(frame);
  }
  const groundTruth = placeCuboids(harvest, frames, tf, primaryId, lidarFrame, sceneId, tolerance, file, report);
  return {
    name: sceneName,
    manifest: {
      format: 'cairn.scene',
      version: 1,
      sceneId,
      name: sceneName,
      description: `${log.format === 'mcap' ? 'MCAP' : log.format === 'sqlite3' ? 'ROS 2 bag (sqlite3)' : 'ROS 1 bag'} ${path.basename(file)}: ${frames.length} frames of ${roles.primary}`,
      ...(inPlace ? { log: { format: log.format, files: log.files.map(absoluteLocation) } } : { dataRoot: path.resolve(sceneDir) }),
      sensors,
      transforms: staticTransforms(tf, egoFrame),
      frames,
      groundTruth,
    },
  };
}

type Written = { kind: 'image'; path: string; width: number; height: number } | { kind: 'cloud'; path: string; pointCount?: number };

const captureKey = (topic: string, logTime: bigint) => `${topic}|${logTime}`;

/** Where a message of the log is, as a capture path the host reads from the log at view time (see the manifest's `log`). */
export function logPointer(topic: string, logTime: bigint, extension: string): string {
  return `log/${logTime}/${topic.replace(/^\/+/, '')}.${extension}`;
}

const absoluteLocation = (location: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : path.resolve(location));

/** The file kind a capture of this message type is served as: an image as recorded (raw ones as PNG), a cloud as PCD. */
function captureExtension(type: string, message: unknown): string {
  if (!IMAGE_TYPES.has(type)) return 'pcd';
  const format = (message as { format?: string }).format;
  return format === undefined || /png/i.test(format) ? 'png' : 'jpg';
}

/** The picked captures as pointers into the log; an image's size is its CameraInfo's (checked when it is read). */
function pointers(picked: readonly { topic: string; capture: Stamped }[], models: ReadonlyMap<string, CameraIntrinsics>, extensions: ReadonlyMap<string, string>): Map<string, Written> {
  const out = new Map<string, Written>();
  for (const { topic, capture } of picked) {
    const extension = extensions.get(topic) ?? 'pcd';
    const where = logPointer(topic, capture.logTime, extension);
    const model = models.get(topic);
    out.set(captureKey(topic, capture.logTime), model && extension !== 'pcd' ? { kind: 'image', path: where, width: model.width, height: model.height } : { kind: 'cloud', path: where });
  }
  return out;
}

/**
 * The LiDAR's sweeps and every other sensor topic's messages from the log's index alone: log
 * times from the index, stamps as those log times shifted by the first message's lag between its
 * header stamp and its log time (the only message of each topic read).
 */
async function timesFromIndex(
  log: RobotLog,
  primary: string,
  otherTopics: readonly string[],
  infoTopics: readonly string[],
  others: Map<string, Stamped[]>,
  extensions: Map<string, string>,
  infos: Map<string, CameraInfoMessage>,
): Promise<Sweep[]> {
  const times = await log.messageTimes!([primary, ...otherTopics, ...infoTopics]);
  let sweeps: Sweep[] = [];
  for (const [topic, logTimes] of times) {
    if (logTimes.length === 0) continue;
    // Read by its log time, so only the chunk holding it is read.
    const first = await messageAt(log, topic, logTimes[0]);
    if (!first) continue;
    if (infoTopics.includes(topic)) {
      infos.set(topic, first.message as CameraInfoMessage); // a CameraInfo is needed once
      continue;
    }
    const header = headerOf(first.message);
    const firstStamp = stampOf(header, first.logTime);
    const frameId = normalizeFrameId(header.frame_id);
    // Differences of log times first, so a stamp keeps the nanoseconds a double of epoch seconds would lose.
    const stamped = logTimes.map((logTime) => ({ stamp: firstStamp + Number(logTime - first.logTime) * 1e-9, logTime, frameId }));
    if (topic === primary) sweeps = stamped.map((s) => ({ ...s, path: logPointer(topic, s.logTime, 'pcd'), bounds: null }));
    else {
      others.set(topic, stamped);
      extensions.set(topic, captureExtension(first.type, first.message));
    }
  }
  return sweeps;
}

async function messageAt(log: RobotLog, topic: string, logTime: bigint) {
  for await (const m of log.read([topic], { start: logTime, end: logTime })) return m;
  return null;
}

/**
 * Reads the picked camera images and other clouds again, in one pass over their topics between
 * the first and the last picked log time (range reads of just those chunks), and writes each
 * once: an image as its JPEG / PNG, a cloud as PCD, named by topic and log time.
 */
async function writeCaptures(log: RobotLog, picked: readonly { topic: string; capture: Stamped }[], sceneDir: string, report: ImportReportBuilder): Promise<Map<string, Written>> {
  const written = new Map<string, Written>();
  const failed = new Set<string>();
  if (picked.length === 0) return written;
  const wanted = new Set(picked.map((p) => captureKey(p.topic, p.capture.logTime)));
  const times = picked.map((p) => p.capture.logTime);
  const start = times.reduce((a, b) => (b < a ? b : a));
  const end = times.reduce((a, b) => (b > a ? b : a));
  for await (const m of log.read([...new Set(picked.map((p) => p.topic))], { start, end })) {
    const key = captureKey(m.topic, m.logTime);
    if (!wanted.has(key) || written.has(key) || failed.has(key)) continue;
    const where = `${m.topic} at log time ${m.logTime}`;
    const stem = `${sensorIdOf(m.topic)}/${m.logTime}`;
    try {
      if (IMAGE_TYPES.has(m.type)) {
        const image = imageFileFromMessage(m.type, m.message);
        const relative = `images/${stem}.${image.extension}`;
        await writeFileIn(sceneDir, relative, image.bytes);
        written.set(key, { kind: 'image', path: relative, width: image.width, height: image.height });
      } else {
        const cloud = decodePointCloud2(asPointCloud2(m.type, m.message, where), where);
        const relative = `clouds/${stem}.pcd`;
        await writeFileIn(sceneDir, relative, encodeCloudPcd(cloud));
        written.set(key, { kind: 'cloud', path: relative, pointCount: cloud.count });
      }
    } catch (e) {
      report.error(log.name, `${where}: ${(e as Error).message}; left out of its frame`);
      failed.add(key);
    }
  }
  for (const key of wanted) {
    if (!written.has(key) && !failed.has(key)) report.error(log.name, `${key.replace('|', ' at log time ')}: the message could not be read again; left out of its frame`);
  }
  return written;
}

async function writeFileIn(dir: string, relative: string, bytes: Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await fs.writeFile(path.join(dir, relative), bytes);
}

/** The log's cubes as read-only ground truth in the LiDAR frame, each on the frame nearest its stamp. */
function placeCuboids(
  harvest: CuboidHarvest,
  frames: readonly FrameInput[],
  tf: TfBuffer,
  lidarId: string,
  lidarFrame: string,
  sceneId: string,
  tolerance: number,
  file: string,
  report: ImportReportBuilder,
): GroundTruthInput[] {
  for (const [what, n] of harvest.skipped) report.notConverted(what, n, 'only cubes become ground-truth cuboids');
  const out: GroundTruthInput[] = [];
  const seen = new Set<string>();
  const stamps = frames.map((f) => f.timestamp);
  let unplaced = 0;
  for (const box of harvest.cuboids) {
    const i = nearestIndex(stamps, box.timestamp);
    if (i === null || Math.abs(stamps[i] - box.timestamp) > tolerance) {
      unplaced++;
      continue;
    }
    const objectId = uuidFromName(sceneId, `gt|${box.trackKey}|${i}`);
    if (seen.has(objectId)) continue; // the same marker republished within one frame
    let lidarFromBox: RigidTransform;
    try {
      lidarFromBox = box.frameId === lidarFrame || !box.frameId ? IDENTITY_TRANSFORM : tf.resolve(lidarFrame, box.frameId, box.timestamp);
    } catch (e) {
      report.error(file, `cube ${box.trackKey}: ${(e as Error).message}; skipped`);
      continue;
    }
    const problem = boxValueProblem({ length: box.size[0], width: box.size[1], height: box.size[2] }, box.center, 'centre');
    if (problem || Math.hypot(...box.rotation) < 1e-6) {
      report.error(file, `cube ${box.trackKey}: ${problem ?? 'its orientation is not a rotation'}; skipped`);
      continue;
    }
    seen.add(objectId);
    const mapped = nuScenesClass(box.sourceClass.toLowerCase());
    if (!mapped.exact) report.notConverted(`label class ${box.sourceClass}`, 1, `imported as ${mapped.classId}; sourceClass keeps "${box.sourceClass}"`);
    out.push({
      objectId,
      frameId: frames[i].frameId,
      classId: mapped.classId,
      trackId: box.trackKey,
      sourceClass: box.sourceClass,
      cuboid: {
        frame: lidarId,
        center: applyTransform(lidarFromBox, box.center) as [number, number, number],
        size: box.size,
        rotation: quatMultiply(lidarFromBox.rotation, quatNormalize(box.rotation)),
      },
    });
  }
  report.notConverted('cubes with no sweep within the tolerance', unplaced, 'a cube is ground truth of the frame it was drawn at');
  return out;
}

function noteUnused(log: RobotLog, roles: TopicRoles, report: ImportReportBuilder): void {
  const used = new Set([roles.primary, ...roles.secondary, ...roles.cameras.keys(), ...roles.tf, ...roles.odometry, ...roles.labels, ...[...roles.cameras.values()].filter((t) => t)]);
  for (const t of log.topics) {
    if (used.has(t.topic) || CAMERA_INFO_TYPES.has(t.type)) continue;
    report.notConverted(`${t.type} messages on ${t.topic}`, t.count, 'not a sensor, transform or label topic Cairn imports');
  }
}

interface OdometryMessage {
  readonly header: RosHeader;
  readonly child_frame_id: string;
  readonly pose: { readonly pose: { readonly position: { x: number; y: number; z: number }; readonly orientation: { x: number; y: number; z: number; w: number } } };
}

/** An odometry message as the transform it states: its frame ← its child frame at its stamp. */
function odometryTransform(o: OdometryMessage): RosTransformStamped {
  return { header: o.header, child_frame_id: o.child_frame_id, transform: { translation: o.pose.pose.position, rotation: o.pose.pose.orientation } };
}

/** A ROS message's header, or a Foxglove message's timestamp and frame_id in its place. */
function headerOf(message: unknown): RosHeader {
  const m = message as { header?: RosHeader; timestamp?: RosTime; frame_id?: string };
  return m.header ?? { stamp: m.timestamp ?? { sec: 0 }, frame_id: m.frame_id ?? '' };
}

/** A header stamp, or the log time where the driver left the stamp at zero. */
function stampOf(header: RosHeader, logTime: bigint): number {
  const t = rosTimeSeconds(header.stamp);
  return t > 0 ? t : Number(logTime) * 1e-9;
}

/** A topic name as a sensor id: "/os1_cloud_node/points" → "os1_cloud_node_points". */
export function sensorIdOf(topic: string): string {
  return topic.replace(/^\/+/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'sensor';
}

function connects(tf: TfBuffer, a: string, b: string, t: number): boolean {
  try {
    tf.resolve(a, b, t);
    return true;
  } catch {
    return false;
  }
}

function resolveOr(tf: TfBuffer, target: string, source: string, t: number, fallback: RigidTransform): RigidTransform {
  try {
    return tf.resolve(target, source, t);
  } catch {
    return fallback;
  }
}

/**
 * TF's static tree under a "tf:" prefix (a ROS frame may be called "world"), hung from Cairn's
 * ego at the ego frame, so the scene's transform tree knows every fixed frame of the robot.
 */
function staticTransforms(tf: TfBuffer, egoFrame: string): { parent: string; child: string; parentFromChild: RigidTransform }[] {
  const edges = tf.staticEdges().map((e) => ({ parent: `tf:${e.parent}`, child: `tf:${e.child}`, parentFromChild: e.parentFromChild }));
  return edges.length ? [{ parent: 'ego', child: `tf:${egoFrame}`, parentFromChild: IDENTITY_TRANSFORM }, ...edges] : [];
}
