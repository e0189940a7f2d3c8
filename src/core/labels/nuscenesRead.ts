import { cuboidAnnotationSchema, type CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AttributeValue } from '../annotations/recordFields';
import { composeTransforms, inverseTransform, type RigidTransform } from '../camera';
import { quatFromWxyz } from '../importers/nuscenes/nuscenesGeometry';
import { isUuid } from '../model/ids';
import { IMPORT_NAMESPACE, uuidFromName } from '../model/uuidFromName';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import type { LabelFrame, LabelSet } from './labelSet';
import { classOfCategory, SOURCE_CATEGORY } from './nuscenesCategories';
import { nuScenesVisibilityLevel } from '../importers/nuscenes/nuscenesVisibility';

export interface NuScenesReadOptions {
  /** The folder the tables came from; starts every message. */
  readonly source: string;
  readonly sceneId?: string;
  /**
   * The scene's frames (sample token = frameId) with their poses: boxes are then placed in
   * `boxFrame` through worldFrom[boxFrame]. Without them boxes stay in the global frame.
   */
  readonly frames?: readonly LabelFrame[];
  readonly boxFrame?: string;
  readonly author?: string;
  readonly now?: number;
  readonly ontologyVersion?: number;
}

export interface NuScenesImport {
  readonly set: LabelSet;
  readonly manifest: ConversionManifest;
}

type Row = Record<string, unknown>;
const vec = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * nuScenes tables (sample_annotation with its sample, instance, category, attribute and
 * visibility tables; v1.0 or Lyft's) as Cairn records: one track per instance, one frame per
 * sample in time order. Throws, naming the folder, when there is no sample_annotation table.
 */
export function readNuScenes(tables: Readonly<Record<string, readonly unknown[] | undefined>>, options: NuScenesReadOptions): NuScenesImport {
  const manifest = new ManifestBuilder('nuscenes', 'cairn');
  const annotations = tables.sample_annotation;
  if (!annotations) throw new Error(`${options.source}: no sample_annotation.json; nuScenes labels are in that table`);
  const index = (name: string) => new Map(((tables[name] ?? []) as Row[]).filter((r) => r && typeof r.token === 'string').map((r) => [r.token as string, r]));
  const instances = index('instance');
  const categories = index('category');
  const attributeNames = index('attribute');
  const visibility = index('visibility');
  const sceneRow = ((tables.scene ?? []) as Row[])[0];
  const sceneId = options.sceneId ?? (isUuid(str(sceneRow?.token)) ? str(sceneRow?.token) : uuidFromName(IMPORT_NAMESPACE, `nuscenes-labels|${str(sceneRow?.token) || options.source}`));

  const { frames, frameOfSample } = framesOf(tables, annotations as Row[], sceneId, options);
  const idOf = (token: string, kind: string) => (isUuid(token) ? token : uuidFromName(sceneId, `nuscenes-${kind}|${token}`));

  const records: CuboidAnnotation[] = [];
  (annotations as Row[]).forEach((a, i) => {
    const where = `${options.source}: sample_annotation[${i}]${typeof a?.token === 'string' ? ` (token ${a.token})` : ''}`;
    if (!a || typeof a.token !== 'string' || typeof a.sample_token !== 'string' || typeof a.instance_token !== 'string' || !vec(a.translation, 3) || !vec(a.size, 3) || !vec(a.rotation, 4)) {
      manifest.lose('sample_annotation', `needs token, sample_token, instance_token, translation (3), size (3) and rotation (4 numbers); ${where}`, where);
      return;
    }
    const frame = frameOfSample.get(a.sample_token);
    if (!frame) {
      manifest.lose('sample_annotation', `its sample is not in the sample table; ${where}`, a.token);
      return;
    }
    let box: RigidTransform;
    try {
      box = { translation: [a.translation[0], a.translation[1], a.translation[2]], rotation: quatFromWxyz([a.rotation[0], a.rotation[1], a.rotation[2], a.rotation[3]], where) };
    } catch (e) {
      manifest.lose('sample_annotation', (e as Error).message, a.token);
      return;
    }
    let frameName = 'global';
    const pose = options.boxFrame ? frame.worldFrom?.[options.boxFrame] : undefined;
    if (pose && options.boxFrame) {
      box = composeTransforms(inverseTransform(pose), box);
      frameName = options.boxFrame;
    }
    const instance = instances.get(a.instance_token);
    const category = str(categories.get(str(instance?.category_token))?.name);
    if (!category) manifest.lose('category', `the instance or its category is missing; imported as other (${where})`, a.token);
    const { classId, folded } = category ? classOfCategory(category) : { classId: 'other', folded: false };
    const attributes: Record<string, AttributeValue> = folded ? { [SOURCE_CATEGORY]: category } : {};
    for (const token of Array.isArray(a.attribute_tokens) ? a.attribute_tokens : []) {
      const name = str(attributeNames.get(str(token))?.name);
      if (!name) {
        manifest.lose('attribute_tokens', `names no row of attribute.json (${where})`, str(token));
        continue;
      }
      const dot = name.indexOf('.');
      if (dot > 0) attributes[name.slice(0, dot)] = name.slice(dot + 1);
      else attributes[name] = true;
    }
    const level = nuScenesVisibilityLevel(str(a.visibility_token), (token) => str(visibility.get(token)?.level));
    if (level) attributes.visibility = level;
    // Lyft writes −1 where a count is unknown.
    for (const count of ['num_lidar_pts', 'num_radar_pts']) if (typeof a[count] === 'number' && (a[count] as number) >= 0) attributes[count] = a[count] as number;
    const now = options.now ?? 0;
    const parsed = cuboidAnnotationSchema.safeParse({
      kind: 'cuboid',
      objectId: idOf(a.token, 'annotation'),
      trackId: idOf(a.instance_token, 'instance'),
      sceneId,
      frameId: frame.frameId,
      classId,
      ontologyVersion: options.ontologyVersion ?? 1,
      attributes,
      author: options.author ?? 'nuscenes import',
      createdAt: now,
      updatedAt: now,
      cuboid: { frame: frameName, center: box.translation, size: [a.size[1], a.size[0], a.size[2]], rotation: box.rotation },
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      manifest.lose('sample_annotation', `not a valid Cairn cuboid (${issue.path.join('.')}: ${issue.message}); ${where}`, a.token);
      return;
    }
    records.push(parsed.data);
  });
  if (annotations.some((a) => (a as Row)?.velocity !== undefined)) manifest.note('Velocities are not in nuScenes tables (derived from neighbours); none were read.');
  manifest.read = annotations.length;
  manifest.written = records.length;
  if (!options.boxFrame) manifest.note('Boxes are in the global frame ("global"), as nuScenes states them.');
  return { set: { sceneId, ...(sceneRow?.name ? { sceneName: str(sceneRow.name) } : {}), frames, records }, manifest: manifest.finish() };
}

/** The scene's frames where given, else one per sample in time order (frameId from the sample token). */
function framesOf(
  tables: Readonly<Record<string, readonly unknown[] | undefined>>,
  annotations: readonly Row[],
  sceneId: string,
  options: NuScenesReadOptions,
): { frames: LabelFrame[]; frameOfSample: Map<string, LabelFrame> } {
  if (options.frames) return { frames: [...options.frames], frameOfSample: new Map(options.frames.map((f) => [f.frameId, f])) };
  const samples = ((tables.sample ?? []) as Row[]).filter((s) => s && typeof s.token === 'string');
  const tokens = samples.length ? samples : [...new Set(annotations.map((a) => str(a?.sample_token)).filter(Boolean))].map((token) => ({ token, timestamp: undefined }));
  const sorted = [...tokens].sort((a, b) => Number(a.timestamp ?? 0) - Number(b.timestamp ?? 0));
  const frames = sorted.map((s, index) => ({
    frameId: isUuid(str(s.token)) ? str(s.token) : uuidFromName(sceneId, `nuscenes-sample|${str(s.token)}`),
    index,
    sourceId: str(s.token),
    ...(typeof s.timestamp === 'number' ? { timestamp: s.timestamp / 1e6 } : {}),
  }));
  return { frames, frameOfSample: new Map(frames.map((f) => [f.sourceId, f])) };
}
