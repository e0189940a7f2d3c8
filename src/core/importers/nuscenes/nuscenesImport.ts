import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../../camera';
import { quatMultiply, quatNormalize } from '../../geometry/quaternion';
import { IMPORT_NAMESPACE, uuidFromName } from '../../model/uuidFromName';
import type { CameraIntrinsics } from '../../scene/manifest';
import { boxValueProblem } from '../boxValues';
import { baseName, DatasetRootError, joinPath, listRoot, readImageSize, type DatasetFiles } from '../datasetFiles';
import { ImportReportBuilder, type DatasetImport, type ImportedScene } from '../importReport';
import { folderName, sameValues, type CameraSensorInput, type FrameInput, type GroundTruthInput, type ImageRefInput, type SensorInput } from '../manifestParts';
import { nuScenesClass } from './nuscenesCategories';
import { intrinsicsFromNuScenes, transformFromNuScenes } from './nuscenesGeometry';
import { readNuScenesTables, type NuScenesRecord, type NuScenesTables } from './nuscenesTables';
import { isBarelyVisible, nuScenesVisibilityLevel } from './nuscenesVisibility';

type SampleData = NuScenesRecord<'sample_data'>;

/** Float32 x, y, z, intensity, ring index. */
const BYTES_PER_POINT = 20;
const PREFERRED_LIDAR = 'LIDAR_TOP';

/**
 * Imports a nuScenes-schema dataset (nuScenes v1.0, Lyft Level 5): the table folder is the root
 * or a `v1.0-*` / `v1.01-*` folder in it, and sample_data file names are relative to the root.
 * One scene per `scene` record; its frames are the top LiDAR's sample_data (key frames and
 * sweeps) in time order, each with the camera images nearest in time.
 */
export async function importNuScenes(files: DatasetFiles): Promise<DatasetImport> {
  const report = new ImportReportBuilder('nuscenes', files.root);
  const top = await listRoot(files);
  const tableDirs: string[] = [];
  if (top.includes('scene.json')) tableDirs.push('');
  else {
    const candidates = [...top].sort((a, b) => Number(!/^v\d/.test(a)) - Number(!/^v\d/.test(b)) || a.localeCompare(b));
    for (const dir of candidates) {
      if (dir.includes('.') && !/^v\d/.test(dir)) continue;
      if ((await files.list(dir)).includes('scene.json')) tableDirs.push(dir);
    }
  }
  if (tableDirs.length === 0) throw new DatasetRootError(files.root, 'not a nuScenes dataset: no scene.json here or in a v1.0-*/ folder');

  const scenes: ImportedScene[] = [];
  const taken = new Set<string>();
  let ignored = 0;
  for (const dir of tableDirs) {
    const tables = await readNuScenesTables(files, dir, report);
    const importer = new SceneImporter(files, dir, tables, report);
    for (const scene of tables.scene.values()) {
      const imported = await importer.importScene(scene, folderName(scene.name, taken));
      if (imported) scenes.push(imported);
    }
    importer.reportUnused();
    ignored += importer.ignored;
  }
  if (ignored > 0) report.note(`${ignored} annotation${ignored === 1 ? ' is' : 's are'} at most 40 % visible (visibility token "1", v0-40): kept as ground truth with ignore: true, neither a hit nor a miss when scoring.`);
  report.note('The ego frame is nuScenes\' ego vehicle frame; the world is nuScenes\' global frame (metres, as in the tables).');
  report.note('Frames are the top LiDAR\'s sweeps, key frames and the sweeps between them, at their own timestamps; each frame carries, per camera, the image nearest in time (for key frames, the key-frame image of the same sample) with its own timestamp and ego pose.');
  report.note('Annotations (key frames only) are converted from the global frame to the LiDAR frame of their key frame; size (w, l, h) becomes Cairn\'s (length, width, height); trackId is the instance token; attributes keep the nuScenes attributes, visibility, num_lidar_pts and num_radar_pts.');
  return { name: `nuScenes ${baseName(files.root)}`, scenes, report: report.finish(scenes) };
}

interface CameraState {
  readonly sensor: CameraSensorInput;
  readonly calibToken: string;
}

class SceneImporter {
  private readonly sensorOfCalib = new Map<string, NuScenesRecord<'sensor'>>();
  private readonly sampleDataByScene = new Map<string, SampleData[]>();
  private readonly annotationsBySample = new Map<string, NuScenesRecord<'sample_annotation'>[]>();
  private readonly imageSizes = new Map<string, { width: number; height: number } | null>();
  private readonly usedCameraData = new Set<string>();
  private readonly tablePath: (name: string) => string;
  /** Annotations flagged ignore for their visibility, over every scene of the tables. */
  ignored = 0;

  constructor(
    private readonly files: DatasetFiles,
    dir: string,
    private readonly t: NuScenesTables,
    private readonly report: ImportReportBuilder,
  ) {
    this.tablePath = (name) => joinPath(dir, `${name}.json`);
    for (const cs of t.calibrated_sensor.values()) {
      const sensor = t.sensor.get(cs.sensor_token);
      if (sensor) this.sensorOfCalib.set(cs.token, sensor);
      else report.error(this.tablePath('calibrated_sensor'), `calibrated sensor ${cs.token} names sensor ${cs.sensor_token}, which sensor.json does not hold; its data is not imported`);
    }
    for (const sd of t.sample_data.values()) {
      const sample = t.sample.get(sd.sample_token);
      if (!sample) {
        report.error(this.tablePath('sample_data'), `sample_data ${sd.token} names sample ${sd.sample_token}, which sample.json does not hold; not imported`);
        continue;
      }
      const list = this.sampleDataByScene.get(sample.scene_token);
      if (list) list.push(sd);
      else this.sampleDataByScene.set(sample.scene_token, [sd]);
    }
    for (const a of t.sample_annotation.values()) {
      const list = this.annotationsBySample.get(a.sample_token);
      if (list) list.push(a);
      else this.annotationsBySample.set(a.sample_token, [a]);
    }
  }

  async importScene(scene: NuScenesRecord<'scene'>, name: string): Promise<ImportedScene | null> {
    const byChannel = new Map<string, SampleData[]>();
    for (const sd of this.sampleDataByScene.get(scene.token) ?? []) {
      const sensor = this.sensorOfCalib.get(sd.calibrated_sensor_token);
      if (!sensor) continue;
      const list = byChannel.get(sensor.channel);
      if (list) list.push(sd);
      else byChannel.set(sensor.channel, [sd]);
    }
    for (const list of byChannel.values()) list.sort((a, b) => a.timestamp - b.timestamp);
    const modality = (channel: string) => this.sensorOfCalib.get(byChannel.get(channel)![0].calibrated_sensor_token)!.modality;
    const channels = [...byChannel.keys()].sort();
    const lidarChannel = byChannel.has(PREFERRED_LIDAR) ? PREFERRED_LIDAR : channels.find((c) => modality(c) === 'lidar');
    if (!lidarChannel) {
      this.report.error(this.tablePath('scene'), `scene ${scene.name} has no LiDAR sample_data; not imported`);
      return null;
    }
    for (const c of channels) {
      const n = byChannel.get(c)!.length;
      if (modality(c) === 'radar') this.report.notConverted('radar sweeps', n, 'Cairn scenes hold LiDAR clouds and camera images; radar points are not imported');
      else if (modality(c) === 'lidar' && c !== lidarChannel) this.report.notConverted(`${c} sweeps`, n, `a frame holds one LiDAR cloud, the ${lidarChannel}'s`);
    }

    const lidarId = lidarChannel.toLowerCase();
    const lidarData = byChannel.get(lidarChannel)!;
    const lidarCalibToken = lidarData[0].calibrated_sensor_token;
    const lidarSensor = this.calibratedTransform(lidarCalibToken);
    if (!lidarSensor) return null;
    const sensors: SensorInput[] = [{ sensorId: lidarId, kind: 'lidar', egoFromSensor: lidarSensor }];
    const cameras = new Map<string, CameraState>();
    for (const c of channels.filter((ch) => modality(ch) === 'camera')) {
      const state = await this.cameraSensor(c, byChannel.get(c)!);
      if (state) {
        cameras.set(c, state);
        sensors.push(state.sensor);
      }
    }

    const sceneId = uuidFromName(IMPORT_NAMESPACE, `nuscenes|${scene.token}`);
    const frames: FrameInput[] = [];
    const groundTruth: GroundTruthInput[] = [];
    for (const sd of lidarData) {
      const pose = this.t.ego_pose.get(sd.ego_pose_token);
      if (!pose) {
        this.report.error(this.tablePath('sample_data'), `LiDAR sample_data ${sd.token} (${sd.filename}): ego pose ${sd.ego_pose_token} is not in ego_pose.json (or was skipped there); frame skipped`);
        continue;
      }
      const egoFromLidar = this.calibratedTransform(sd.calibrated_sensor_token);
      if (!egoFromLidar) continue;
      let worldFromEgo: RigidTransform;
      try {
        worldFromEgo = transformFromNuScenes(pose, `ego_pose ${pose.token}`);
      } catch (e) {
        this.report.error(this.tablePath('ego_pose'), `${(e as Error).message}; the frame of ${sd.filename} is skipped`);
        continue;
      }
      const pointCount = await this.pointCount(sd.filename);
      if (pointCount === null) continue;
      const frameId = uuidFromName(sceneId, `frame|${sd.token}`);
      const frame: FrameInput = {
        frameId,
        index: frames.length,
        timestamp: sd.timestamp / 1e6,
        worldFromEgo,
        sourceId: sd.token,
        // Detection results (and most nuScenes tools) name a key frame by its sample, not its sweep.
        ...(sd.is_key_frame ? { sourceAliases: [sd.sample_token] } : {}),
        keyFrame: sd.is_key_frame,
        pointClouds: {
          [lidarId]: {
            path: sd.filename,
            encoding: 'nuscenes-bin-xyzir',
            pointCount,
            ...(sameValues(egoFromLidar, lidarSensor) ? {} : { egoFromSensor: egoFromLidar }),
          },
        },
        images: {},
      };
      for (const [channel, camera] of cameras) {
        const image = await this.imageFor(sd, byChannel.get(channel)!, camera);
        if (image) frame.images![camera.sensor.sensorId] = image;
      }
      frames.push(frame);
      if (sd.is_key_frame) groundTruth.push(...this.annotations(sd.sample_token, frameId, lidarId, composeTransforms(worldFromEgo, egoFromLidar)));
    }
    if (frames.length === 0) {
      this.report.error(this.tablePath('scene'), `scene ${scene.name}: no LiDAR frame could be imported`);
      return null;
    }
    for (const [channel] of cameras) {
      const unused = byChannel.get(channel)!.filter((sd) => !this.usedCameraData.has(sd.token)).length;
      this.report.notConverted('camera images between LiDAR frames', unused, 'each frame carries the image nearest in time per camera; the others are not referenced');
    }
    const log = scene.log_token ? this.t.log.get(scene.log_token) : undefined;
    const where = [log?.location, log?.date_captured, log?.vehicle].filter(Boolean).join(', ');
    return {
      name,
      manifest: {
        format: 'cairn.scene',
        version: 1,
        sceneId,
        name: scene.name,
        description: [scene.description, where && `(${where})`].filter(Boolean).join(' ') || undefined,
        sensors,
        frames,
        groundTruth,
      },
    };
  }

  /** Counts what the tables hold that no scene used. */
  reportUnused(): void {
    for (const { name, count } of this.t.uncounted) {
      const why = name === 'map' ? 'maps are not part of a Cairn scene' : 'point-level labels of this table are not imported';
      this.report.notConverted(`${name}.json records`, count, why);
    }
    this.report.notConverted('object velocities', this.t.sample_annotation.size, 'nuScenes derives them from neighbouring annotations; Cairn cuboids hold no velocity');
  }

  /** A calibrated sensor's egoFromSensor; null, reported, when it is not a rigid transform. */
  private calibratedTransform(token: string): RigidTransform | null {
    // Sample data reaches here only through a calibrated sensor that exists (sensorOfCalib).
    const cs = this.t.calibrated_sensor.get(token)!;
    try {
      return transformFromNuScenes(cs, `calibrated_sensor ${token}`);
    } catch (e) {
      this.report.error(this.tablePath('calibrated_sensor'), `${(e as Error).message}; the data it calibrates is not imported`);
      return null;
    }
  }

  private async cameraSensor(channel: string, data: readonly SampleData[]): Promise<CameraState | null> {
    const first = data[0];
    const size = await this.imageSize(first);
    const cs = this.t.calibrated_sensor.get(first.calibrated_sensor_token)!;
    const egoFromSensor = this.calibratedTransform(cs.token);
    if (!size || !egoFromSensor) return null;
    let intrinsics: CameraIntrinsics;
    try {
      intrinsics = intrinsicsFromNuScenes(cs.camera_intrinsic, size, `calibrated_sensor ${cs.token}`);
    } catch (e) {
      this.report.error(this.tablePath('calibrated_sensor'), `${(e as Error).message}; camera ${channel} is not imported`);
      return null;
    }
    return { calibToken: cs.token, sensor: { sensorId: channel.toLowerCase(), kind: 'camera', opticalConvention: 'opencv', egoFromSensor, intrinsics } };
  }

  /** The camera image for a LiDAR frame: the same sample's key-frame image for a key frame, else the nearest in time. */
  private async imageFor(lidar: SampleData, data: readonly SampleData[], camera: CameraState): Promise<ImageRefInput | null> {
    const sd = (lidar.is_key_frame && data.find((c) => c.is_key_frame && c.sample_token === lidar.sample_token)) || nearest(data, lidar.timestamp);
    const pose = this.t.ego_pose.get(sd.ego_pose_token);
    const size = await this.imageSize(sd);
    if (!pose || !size) return null;
    let worldFromEgo: RigidTransform;
    try {
      worldFromEgo = transformFromNuScenes(pose, `ego_pose ${pose.token}`);
    } catch (e) {
      this.report.error(this.tablePath('ego_pose'), `${(e as Error).message}; image ${sd.filename} is not imported`);
      return null;
    }
    let egoFromSensor: RigidTransform | null = null;
    let intrinsics: CameraIntrinsics | null = null;
    const sensorSize = { width: camera.sensor.intrinsics.width, height: camera.sensor.intrinsics.height };
    if (sd.calibrated_sensor_token !== camera.calibToken || !sameValues(size, sensorSize)) {
      const cs = this.t.calibrated_sensor.get(sd.calibrated_sensor_token)!;
      try {
        egoFromSensor = transformFromNuScenes(cs, `calibrated_sensor ${cs.token}`);
        intrinsics = intrinsicsFromNuScenes(cs.camera_intrinsic, size, `calibrated_sensor ${cs.token}`);
      } catch (e) {
        this.report.error(this.tablePath('calibrated_sensor'), `${(e as Error).message}; image ${sd.filename} is not imported`);
        return null;
      }
    }
    this.usedCameraData.add(sd.token);
    return {
      path: sd.filename,
      ...size,
      timestamp: sd.timestamp / 1e6,
      worldFromEgo,
      ...(egoFromSensor && !sameValues(egoFromSensor, camera.sensor.egoFromSensor) ? { egoFromSensor } : {}),
      ...(intrinsics && !sameValues(intrinsics, camera.sensor.intrinsics) ? { intrinsics } : {}),
    };
  }

  /** From the file header when the file is there (reported when it is not), else from the table. */
  private async imageSize(sd: SampleData): Promise<{ width: number; height: number } | null> {
    if (this.imageSizes.has(sd.token)) return this.imageSizes.get(sd.token)!;
    const fromTable = sd.width && sd.height ? { width: sd.width, height: sd.height } : null;
    let size = fromTable;
    if ((await this.files.size(sd.filename)) === null) {
      this.report.warning(sd.filename, `missing file${fromTable ? '; size taken from sample_data' : '; no size in sample_data either, image not imported'}`);
    } else {
      const header = await readImageSize(this.files, sd.filename);
      if (typeof header === 'string') this.report.warning(sd.filename, `${header}${fromTable ? '; size taken from sample_data' : '; image not imported'}`);
      else {
        if (fromTable && !sameValues(fromTable, header)) this.report.warning(sd.filename, `sample_data says ${fromTable.width}×${fromTable.height}, the file is ${header.width}×${header.height}; the file's size is used`);
        size = header;
      }
    }
    this.imageSizes.set(sd.token, size);
    return size;
  }

  /**
   * Points in a sweep from its size; undefined (no count in the manifest) when the file is not
   * there, null (the frame is skipped, and reported) when it is there but empty.
   */
  private async pointCount(path: string): Promise<number | undefined | null> {
    const size = await this.files.size(path);
    if (size === null) {
      this.report.warning(path, 'missing file; the frame is written without a point count and shows the file as missing until it arrives');
      return undefined;
    }
    if (size === 0) {
      this.report.error(path, 'the sweep is empty (0 bytes); frame skipped');
      return null;
    }
    if (size % BYTES_PER_POINT !== 0) {
      this.report.error(path, `${size} bytes is not a whole number of 20-byte points (float32 x, y, z, intensity, ring): the sweep is truncated and will not load`);
    }
    return Math.floor(size / BYTES_PER_POINT);
  }

  /** The sample's annotations as cuboids in the key frame's LiDAR frame. */
  private annotations(sampleToken: string, frameId: string, lidarId: string, worldFromLidar: RigidTransform): GroundTruthInput[] {
    const lidarFromWorld = inverseTransform(worldFromLidar);
    const out: GroundTruthInput[] = [];
    const path = this.tablePath('sample_annotation');
    for (const a of this.annotationsBySample.get(sampleToken) ?? []) {
      let boxInWorld: RigidTransform;
      try {
        boxInWorld = transformFromNuScenes(a, `sample_annotation ${a.token}`);
        const problem = boxValueProblem({ width: a.size[0], length: a.size[1], height: a.size[2] }, a.translation, 'translation');
        if (problem) throw new Error(`sample_annotation ${a.token}: ${problem}`);
      } catch (e) {
        this.report.error(path, `${(e as Error).message}; annotation skipped`);
        continue;
      }
      const category = this.categoryOf(a);
      const { classId, exact } = nuScenesClass(category);
      if (!exact) this.report.notConverted(`category ${category}`, 1, `imported as ${classId} (no exact class in the default ontology); sourceClass keeps "${category}"`);
      const hidden = this.barelyVisible(a);
      if (hidden) this.ignored++;
      out.push({
        objectId: uuidFromName(IMPORT_NAMESPACE, `nuscenes-instance|${a.instance_token}`),
        frameId,
        classId,
        trackId: a.instance_token,
        sourceClass: category,
        ...(hidden ? { ignore: true } : {}),
        attributes: this.attributesOf(a),
        cuboid: {
          frame: lidarId,
          center: applyTransform(lidarFromWorld, boxInWorld.translation),
          size: [a.size[1], a.size[0], a.size[2]],
          rotation: quatNormalize(quatMultiply(lidarFromWorld.rotation, boxInWorld.rotation)),
        },
      });
    }
    return out;
  }

  /**
   * nuScenes visibility "1" (level v0-40): at most 40 % of the object shows across the cameras.
   * Such boxes stay ground truth, flagged ignore, rather than being dropped or scored as misses.
   */
  private barelyVisible(a: NuScenesRecord<'sample_annotation'>): boolean {
    return isBarelyVisible(nuScenesVisibilityLevel(a.visibility_token, (token) => this.t.visibility.get(token)?.level));
  }

  private categoryOf(a: NuScenesRecord<'sample_annotation'>): string {
    const instance = this.t.instance.get(a.instance_token);
    const category = instance && this.t.category.get(instance.category_token);
    if (!category) {
      this.report.warning(this.tablePath('sample_annotation'), `annotation ${a.token}: no category (instance ${a.instance_token} or its category is missing); imported as other`);
      return 'unknown';
    }
    return category.name;
  }

  /** "vehicle.parked" becomes vehicle: "parked" (nuScenes has one attribute per group); a name without a group becomes name: true. */
  private attributesOf(a: NuScenesRecord<'sample_annotation'>): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    for (const token of a.attribute_tokens) {
      const name = this.t.attribute.get(token)?.name;
      if (!name) continue;
      const dot = name.indexOf('.');
      if (dot > 0) out[name.slice(0, dot)] = name.slice(dot + 1);
      else out[name] = true;
    }
    const visibility = a.visibility_token ? this.t.visibility.get(a.visibility_token) : undefined;
    if (visibility) out.visibility = visibility.level;
    // Lyft writes −1 where the count is unknown.
    if (a.num_lidar_pts !== undefined && a.num_lidar_pts >= 0) out.num_lidar_pts = a.num_lidar_pts;
    if (a.num_radar_pts !== undefined && a.num_radar_pts >= 0) out.num_radar_pts = a.num_radar_pts;
    return out;
  }
}

/** The record nearest in time in a list sorted by timestamp. */
function nearest(sorted: readonly SampleData[], timestamp: number): SampleData {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].timestamp <= timestamp) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[hi].timestamp - timestamp) < Math.abs(sorted[lo].timestamp - timestamp) ? sorted[hi] : sorted[lo];
}
