import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { loseLabels2d, loseRelations } from './labels2dLost';
import { composeTransforms, type RigidTransform } from '../camera';
import { uuidFromName } from '../model/uuidFromName';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import { recordsInOrder, type LabelFrame, type LabelSet } from './labelSet';
import { categoryOfClass, SOURCE_CATEGORY } from './nuscenesCategories';

/** The tables written, each a JSON array as nuScenes ships them (v1.0 field names). */
export type NuScenesTableSet = Readonly<Record<'scene' | 'sample' | 'instance' | 'category' | 'attribute' | 'visibility' | 'sample_annotation', readonly Record<string, unknown>[]>>;

export interface NuScenesExport {
  readonly tables: NuScenesTableSet;
  readonly manifest: ConversionManifest;
}

/** Names nuScenes tokens for categories, attributes and visibility levels: the same name, the same token. */
export const NUSCENES_TOKEN_NAMESPACE = 'a3b1f2c4-6d5e-5f70-8a9b-0c1d2e3f4a5b';
const COUNTS = ['num_lidar_pts', 'num_radar_pts'] as const;

/**
 * A label set as nuScenes tables: a scene, one sample per frame (token = frameId), one instance
 * per track (token = trackId), one sample_annotation per record (token = objectId) with its box
 * in the global frame (centre, size as width, length, height, rotation scalar first). String
 * attributes become nuScenes attributes "name.value", `true` ones "name"; `visibility` and the
 * point counts have fields of their own.
 */
export function writeNuScenes(set: LabelSet): NuScenesExport {
  const manifest = new ManifestBuilder('cairn', 'nuscenes');
  const frames = [...set.frames].sort((a, b) => a.index - b.index);
  const frameOf = new Map(frames.map((f) => [f.frameId, f] as const));
  const records = recordsInOrder(set).filter((r) => {
    if (frameOf.has(r.frameId)) return true;
    manifest.lose('record', 'its frame is not in the scene, so it has no sample', r.objectId);
    return false;
  });
  manifest.read = set.records.length;

  const samples = frames.map((f, i) => ({
    token: f.frameId,
    timestamp: Math.round((f.timestamp ?? f.index) * 1e6),
    prev: frames[i - 1]?.frameId ?? '',
    next: frames[i + 1]?.frameId ?? '',
    scene_token: set.sceneId,
  }));
  if (frames.some((f) => f.timestamp === undefined)) manifest.note('Frames without a timestamp were given their index in seconds.');

  const categories = new Map<string, Record<string, unknown>>();
  const attributes = new Map<string, Record<string, unknown>>();
  const visibility = new Map<string, Record<string, unknown>>();
  const named = (table: Map<string, Record<string, unknown>>, kind: string, name: string, field = 'name') => {
    let row = table.get(name);
    if (!row) table.set(name, (row = { token: uuidFromName(NUSCENES_TOKEN_NAMESPACE, `${kind}|${name}`), [field]: name, description: '' }));
    return row.token as string;
  };

  const annotations: Record<string, unknown>[] = [];
  const byTrack = new Map<string, Record<string, unknown>[]>();
  const categoryOfTrack = new Map<string, string>();
  for (const r of records) {
    const category = categoryOfClass(r.classId, r.attributes[SOURCE_CATEGORY]);
    const trackCategory = categoryOfTrack.get(r.trackId);
    if (trackCategory === undefined) categoryOfTrack.set(r.trackId, category);
    else if (trackCategory !== category) manifest.lose('classId', 'a nuScenes instance has one category; the track\'s first is written', r.objectId);
    const box = globalBox(r, frameOf.get(r.frameId)!, manifest);
    const row: Record<string, unknown> = {
      token: r.objectId,
      sample_token: r.frameId,
      instance_token: r.trackId,
      attribute_tokens: attributeTokens(r, manifest, (name) => named(attributes, 'attribute', name)),
      visibility_token: typeof r.attributes.visibility === 'string' ? named(visibility, 'visibility', r.attributes.visibility, 'level') : '',
      translation: [...box.translation],
      size: [r.cuboid.size[1], r.cuboid.size[0], r.cuboid.size[2]],
      rotation: [box.rotation[3], box.rotation[0], box.rotation[1], box.rotation[2]],
      prev: '',
      next: '',
    };
    for (const count of COUNTS) if (typeof r.attributes[count] === 'number') row[count] = r.attributes[count];
    annotations.push(row);
    const list = byTrack.get(r.trackId) ?? [];
    const prev = list.at(-1);
    if (prev) {
      prev.next = row.token;
      row.prev = prev.token;
    }
    list.push(row);
    byTrack.set(r.trackId, list);
    for (const field of ['author', 'createdAt', 'updatedAt', 'ontologyVersion'] as const) manifest.lose(field, 'a nuScenes sample_annotation has no field for it', r.objectId);
  }
  const instances = [...byTrack].map(([trackId, rows]) => ({
    token: trackId,
    category_token: named(categories, 'category', categoryOfTrack.get(trackId)!),
    nbr_annotations: rows.length,
    first_annotation_token: rows[0].token,
    last_annotation_token: rows[rows.length - 1].token,
  }));
  for (const trackId of Object.keys(set.tracks ?? {})) manifest.lose('track settings', 'a nuScenes instance has no interpolation or source', trackId);
  loseLabels2d(set, manifest, 'nuScenes sample_annotation holds 3D boxes only');
  loseRelations(set, manifest, 'nuScenes');
  manifest.written = annotations.length;
  manifest.note('Boxes are in the global frame: translation is the centre, size is width, length, height, rotation is (w, x, y, z).');
  manifest.note('Tokens are Cairn ids: sample = frameId, instance = trackId, sample_annotation = objectId, scene = sceneId.');
  return {
    tables: {
      scene: [{ token: set.sceneId, name: set.sceneName ?? set.sceneId, description: '', log_token: '', nbr_samples: samples.length, first_sample_token: samples[0]?.token ?? '', last_sample_token: samples.at(-1)?.token ?? '' }],
      sample: samples,
      instance: instances,
      category: [...categories.values()],
      attribute: [...attributes.values()],
      visibility: [...visibility.values()],
      sample_annotation: annotations,
    },
    manifest: manifest.finish(),
  };
}

/** The box in the world, through the frame's pose of the box's frame (the identity where it has none, which the manifest says). */
function globalBox(r: CuboidAnnotation, frame: LabelFrame, manifest: ManifestBuilder): RigidTransform {
  const box: RigidTransform = { translation: r.cuboid.center, rotation: r.cuboid.rotation };
  const pose = frame.worldFrom?.[r.cuboid.frame];
  if (pose) return composeTransforms(pose, box);
  if (r.cuboid.frame !== 'global') manifest.lose('pose', `the frame has no pose of "${r.cuboid.frame}" in the world; the box is written in that frame as if it were global`, r.objectId);
  return box;
}

function attributeTokens(r: CuboidAnnotation, manifest: ManifestBuilder, token: (name: string) => string): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(r.attributes)) {
    if (name === 'visibility' && typeof value === 'string') continue;
    if (name === SOURCE_CATEGORY && typeof value === 'string') continue;
    if ((COUNTS as readonly string[]).includes(name) && typeof value === 'number') continue;
    if (name.includes('.')) manifest.lose(`attributes.${name}`, 'a nuScenes attribute is "name.value"; a name with a dot would not read back', r.objectId);
    else if (typeof value === 'string') out.push(token(`${name}.${value}`));
    else if (value === true) out.push(token(name));
    else manifest.lose(`attributes.${name}`, `nuScenes attributes are names; a ${typeof value === 'number' ? 'number' : 'false flag'} has no place`, r.objectId);
  }
  return out;
}
