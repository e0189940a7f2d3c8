import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { RelationAnnotation } from '../annotations/relation/schema';
import type { RigidTransform } from '../camera';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import { recordAttributes } from './openlabelAttributes';
import { IMAGE_2D_NOTE, image2dElement, labels2dInOrder, labels2dOutside, type ElementsByType } from './openlabelImage2d';
import { recordsInOrder, type LabelFrame, type LabelSet } from './labelSet';
import {
  CAIRN,
  OPENLABEL_SCHEMA_VERSION,
  type OlCoordinateSystem,
  type OlFrame,
  type OlFrameInterval,
  type OlNamed,
  type OlObject,
  type OlRelation,
  type OlStream,
  type OlTransform,
  type OpenLabelDocument,
} from './openlabelTypes';

export interface OpenLabelExport {
  readonly document: OpenLabelDocument;
  readonly manifest: ConversionManifest;
}

const ONTOLOGY_UID = '0';

/**
 * A label set as one OpenLABEL 1.0 document. An object is a track (uid = trackId, type = its
 * class); each record is one cuboid `val: [x, y, z, qx, qy, qz, qw, sx, sy, sz]` in the frame it
 * names, under that object in its frame (key = the frame's index). The record's own fields
 * (objectId, class, author, times, ontology version) and attributes ride on the cuboid as
 * attributes, so a record comes back field for field; poses go in each frame's transforms and
 * the KITTI calibration, where there is one, verbatim in its frame_properties.
 */
export function writeOpenLabel(set: LabelSet): OpenLabelExport {
  const manifest = new ManifestBuilder('cairn', 'openlabel');
  const frames = withRecordFrames(set, manifest);
  const indexOf = new Map(frames.map((f) => [f.frameId, f.index] as const));
  const records = recordsInOrder({ ...set, frames });
  manifest.read = records.length;

  const cuboidFrames = new Set(records.map((r) => r.cuboid.frame));
  for (const f of frames) for (const name of Object.keys(f.worldFrom ?? {})) cuboidFrames.add(name);
  const hasWorld = frames.some((f) => f.worldFrom && Object.keys(f.worldFrom).length > 0);
  const hasKitti = frames.some((f) => f.kittiCalib);

  const olFrames: Record<string, OlFrame> = {};
  for (const f of frames) olFrames[String(f.index)] = { frame_properties: frameProperties(f, hasWorld) };

  const objects: Record<string, OlObject> = {};
  const framesOfTrack = new Map<string, number[]>();
  for (const r of records) {
    const index = indexOf.get(r.frameId)!;
    const frame = olFrames[String(index)] as { objects?: Record<string, { object_data: ElementsByType }> };
    const byObject = (frame.objects ??= {});
    const entry = (byObject[r.trackId] ??= { object_data: {} });
    (entry.object_data.cuboid ??= []).push(cuboidElement(r));
    const list = framesOfTrack.get(r.trackId) ?? [];
    if (list.at(-1) !== index) list.push(index);
    framesOfTrack.set(r.trackId, list);
    if (!objects[r.trackId]) {
      const settings = set.tracks?.[r.trackId];
      objects[r.trackId] = {
        name: r.trackId,
        type: r.classId,
        ...(set.ontology ? { ontology_uid: ONTOLOGY_UID } : {}),
        frame_intervals: [],
        ...(settings && Object.keys(settings).length > 0 ? { object_data: { text: [{ name: CAIRN.trackSettings, val: JSON.stringify(settings) }] } } : {}),
      };
    }
  }
  const cameras = new Set<string>();
  for (const r of labels2dInOrder(set, indexOf)) {
    const index = indexOf.get(r.frameId)!;
    // A label linked to a 3D object is data of that object; a 2D-only label is an object of its own (its 2D track).
    const uid = r.linkedTrackId ?? r.trackId;
    const frame = olFrames[String(index)] as { objects?: Record<string, { object_data: ElementsByType }> };
    const entry = ((frame.objects ??= {})[uid] ??= { object_data: {} });
    const element = image2dElement(r);
    (entry.object_data[element.type] ??= []).push(element.element);
    cameras.add(r.cameraId);
    const list = framesOfTrack.get(uid) ?? [];
    if (list.at(-1) !== index) list.push(index);
    framesOfTrack.set(uid, list.sort((a, b) => a - b));
    objects[uid] ??= { name: uid, type: r.classId, ...(set.ontology ? { ontology_uid: ONTOLOGY_UID } : {}), frame_intervals: [] };
  }
  for (const [trackId, indices] of framesOfTrack) objects[trackId] = { ...objects[trackId], frame_intervals: intervals(indices) };
  const relations = relationsOf(set, indexOf, objects, olFrames, manifest);
  for (const trackId of Object.keys(set.tracks ?? {})) {
    if (!objects[trackId]) manifest.lose('track settings', 'the track has no record, and an OpenLABEL object exists only with data', trackId);
  }

  const coordinateSystems: Record<string, OlCoordinateSystem> = {};
  if (hasWorld) coordinateSystems[CAIRN.world] = { type: 'scene_cs', parent: '', children: [...cuboidFrames].sort() };
  for (const name of [...cuboidFrames].sort()) coordinateSystems[name] = { type: 'sensor_cs', parent: hasWorld ? CAIRN.world : '', children: [] };
  const streams: Record<string, OlStream> = {};
  for (const name of [...cuboidFrames].sort()) streams[name] = { type: 'lidar', description: `the sensor whose frame "${name}" cuboids are stated in` };
  for (const id of [...cameras].sort()) {
    streams[id] ??= { type: 'camera', description: `the camera whose image pixels "${id}" 2D labels are stated in` };
    coordinateSystems[id] ??= { type: 'sensor_cs', parent: '', children: [] };
  }
  if (hasKitti) {
    streams.cam2 = { type: 'camera', description: 'KITTI image_2, the rectified left colour camera (projection P2 in each frame\'s cairn:kittiCalib)' };
    manifest.note('The KITTI calibration of each frame is kept verbatim in its frame_properties["cairn:kittiCalib"] (P0–P3, R0_rect, Tr_velo_to_cam, Tr_imu_to_velo); intrinsics_pinhole is not written, as the labels do not know the image size it requires.');
  }

  const metadata: Record<string, unknown> = {
    schema_version: OPENLABEL_SCHEMA_VERSION,
    name: set.sceneName ?? set.sceneId,
    [CAIRN.scene]: { sceneId: set.sceneId, ...(set.sceneName ? { name: set.sceneName } : {}) },
  };
  if (set.ontology) metadata[CAIRN.ontology] = set.ontology;
  if (set.provenance) {
    metadata.annotator = set.provenance.tool;
    if (set.provenance.source) metadata.tagged_file = set.provenance.source;
    metadata.comment = `exported by ${set.provenance.tool}${set.provenance.toolVersion ? ` ${set.provenance.toolVersion}` : ''}${set.provenance.exportedAt ? ` at ${set.provenance.exportedAt}` : ''}`;
    metadata['cairn:provenance'] = set.provenance;
  }
  const indices = frames.map((f) => f.index);
  const document: OpenLabelDocument = {
    openlabel: {
      metadata: metadata as OpenLabelDocument['openlabel']['metadata'],
      ...(set.ontology ? { ontologies: { [ONTOLOGY_UID]: ontologyUri(set.ontology) } } : {}),
      coordinate_systems: coordinateSystems,
      streams,
      objects,
      ...(Object.keys(relations).length ? { relations } : {}),
      frames: olFrames,
      frame_intervals: intervals(indices),
    },
  };
  manifest.read += (set.labels2d?.length ?? 0) + (set.relations?.length ?? 0);
  manifest.written = records.length + (set.labels2d?.length ?? 0) - labels2dOutside(set, indexOf, manifest) + Object.keys(relations).length;
  if (Object.keys(relations).length) manifest.note(RELATIONS_NOTE);
  if (cameras.size > 0) manifest.note(IMAGE_2D_NOTE);
  manifest.note('Cuboids are val: [x, y, z, qx, qy, qz, qw, sx, sy, sz]: centre, unit quaternion (x, y, z, w) and size along the box\'s own x, y, z (Cairn\'s length, width, height), in metres, in the coordinate system the cuboid names.');
  manifest.note('Objects are tracks (uid = trackId, type = class); a record\'s objectId, class, author, times and ontology version are attributes of its cuboid ("cairn:…").');
  if (hasWorld) manifest.note('frame_properties.transforms "<frame>_to_world" map points in <frame> to the world (quaternion x, y, z, w and translation): worldFrom<frame>.');
  return { document, manifest: manifest.finish() };
}

const RELATIONS_NOTE =
  'Relations are OpenLABEL relations (uid = the relation\'s objectId, type = its predicate) with one rdf_subject and one rdf_object, the uids of the two objects (tracks) it joins, and one frame interval, listed under frames[i].relations on each frame it holds; the record\'s fields and attributes are in "cairn:record".';

/**
 * The set's relations as OpenLABEL relations between its objects. A relation needs both ends among
 * the objects written (a track of the set's cuboids or 2D labels) and both frames in the set: one
 * naming a track the set does not hold (an object of the dataset's ground truth, which lives in the
 * scene manifest, not among the annotations) is listed as lost, not written dangling.
 */
function relationsOf(
  set: LabelSet,
  indexOf: ReadonlyMap<string, number>,
  objects: Readonly<Record<string, OlObject>>,
  olFrames: Record<string, OlFrame>,
  manifest: ManifestBuilder,
): Record<string, OlRelation> {
  const out: Record<string, OlRelation> = {};
  const sorted = [...(set.relations ?? [])].sort((a, b) => (indexOf.get(a.frameId) ?? 0) - (indexOf.get(b.frameId) ?? 0) || (a.objectId < b.objectId ? -1 : 1));
  for (const r of sorted) {
    const why = relationProblem(r, indexOf, objects);
    if (why) {
      manifest.lose('relation', why, r.objectId);
      continue;
    }
    const first = indexOf.get(r.frameId)!;
    const last = indexOf.get(r.relation.lastFrameId)!;
    out[r.objectId] = {
      name: r.objectId,
      type: r.classId,
      ...(set.ontology ? { ontology_uid: ONTOLOGY_UID } : {}),
      frame_intervals: [{ frame_start: first, frame_end: last }],
      rdf_subjects: [{ uid: r.relation.subjectTrackId, type: 'object' }],
      rdf_objects: [{ uid: r.relation.objectTrackId, type: 'object' }],
      [CAIRN.record]: recordAttributes(r, { text: [{ name: 'cairn:trackId', val: r.trackId }] }),
    };
    for (let i = first; i <= last; i++) {
      const frame = olFrames[String(i)] as { relations?: Record<string, object> } | undefined;
      if (frame) (frame.relations ??= {})[r.objectId] = {};
    }
  }
  return out;
}

function relationProblem(r: RelationAnnotation, indexOf: ReadonlyMap<string, number>, objects: Readonly<Record<string, OlObject>>): string | null {
  for (const [end, trackId] of [
    ['subject', r.relation.subjectTrackId],
    ['object', r.relation.objectTrackId],
  ] as const) {
    if (!objects[trackId]) return `its ${end} ${trackId} is not among the exported objects (a relation to an object of the dataset's ground truth, or to one deleted, has no OpenLABEL object to point at)`;
  }
  const first = indexOf.get(r.frameId);
  const last = indexOf.get(r.relation.lastFrameId);
  if (first === undefined || last === undefined) return `its frame ${first === undefined ? r.frameId : r.relation.lastFrameId} is not in the scene, so it has no OpenLABEL frame`;
  if (last < first) return `its range ends (frame ${last}) before it starts (frame ${first})`;
  return null;
}

export function ontologyUri(o: NonNullable<LabelSet['ontology']>): string {
  return o.uri ?? `cairn:ontology/${encodeURIComponent(o.ontologyId)}/${o.version}`;
}

/** The scene's frames, plus one (numbered after the last) for each frameId a record names that the scene lacks. */
function withRecordFrames(set: LabelSet, manifest: ManifestBuilder): LabelFrame[] {
  const frames = [...set.frames].sort((a, b) => a.index - b.index);
  const known = new Set(frames.map((f) => f.frameId));
  let next = frames.length ? frames[frames.length - 1].index + 1 : 0;
  for (const r of set.records) {
    if (known.has(r.frameId)) continue;
    known.add(r.frameId);
    frames.push({ frameId: r.frameId, index: next++ });
    manifest.note(`Frames the scene does not list but records name were numbered after its last frame (e.g. ${r.frameId}).`);
  }
  return frames;
}

function frameProperties(f: LabelFrame, hasWorld: boolean): NonNullable<OlFrame['frame_properties']> {
  const props: Record<string, unknown> = { [CAIRN.frameId]: f.frameId };
  if (f.timestamp !== undefined) props.timestamp = f.timestamp;
  if (f.sourceId !== undefined) props[CAIRN.sourceId] = f.sourceId;
  if (hasWorld && f.worldFrom) {
    const transforms: Record<string, OlTransform> = {};
    for (const [name, t] of Object.entries(f.worldFrom)) transforms[`${name}_to_${CAIRN.world}`] = { src: name, dst: CAIRN.world, transform_src_to_dst: transformData(t) };
    props.transforms = transforms;
  }
  if (f.kittiCalib) props[CAIRN.kittiCalib] = f.kittiCalib;
  return props;
}

export function transformData(t: RigidTransform): { quaternion: number[]; translation: number[] } {
  return { quaternion: [...t.rotation], translation: [...t.translation] };
}

function cuboidElement(r: CuboidAnnotation): OlNamed<readonly number[]> {
  const { center, rotation, size, frame } = r.cuboid;
  return { name: 'box3d', coordinate_system: frame, val: [...center, ...rotation, ...size], attributes: recordAttributes(r) };
}

/** Sorted frame indices as closed runs of consecutive numbers. */
export function intervals(indices: readonly number[]): OlFrameInterval[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const out: OlFrameInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last.frame_end === i - 1) (last as { frame_end: number }).frame_end = i;
    else out.push({ frame_start: i, frame_end: i });
  }
  return out;
}
