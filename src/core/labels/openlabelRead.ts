import { cuboidAnnotationSchema, UNIT_QUATERNION_TOLERANCE, type CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AttributeValue } from '../annotations/recordFields';
import { relationAnnotationSchema, type RelationAnnotation } from '../annotations/relation/schema';
import { transformFromMat4, type KittiObjectCalib, type RigidTransform } from '../camera';
import { quatMultiply, quatNormalize, type Quat } from '../geometry/quaternion';
import { isUuid } from '../model/ids';
import { IMPORT_NAMESPACE, uuidFromName } from '../model/uuidFromName';
import type { TrackSettings } from '../tracks/trackSettings';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import type { LabelFrame, LabelOntology, LabelSet } from './labelSet';
import { CAIRN, type OlAttributes, type OlFrameInterval, type OlNamed, type OlObjectData, type OlRelation, type OlTransformData, type OpenLabelDocument } from './openlabelTypes';

export interface OpenLabelReadOptions {
  /** Where the document came from; starts every error message. */
  readonly source: string;
  /** The scene the records join (import into a workspace); else the document's own, else one named after it. */
  readonly sceneId?: string;
  /** For records that do not carry them (files from other tools). */
  readonly author?: string;
  readonly now?: number;
  readonly ontologyVersion?: number;
}

export interface OpenLabelImport {
  readonly set: LabelSet;
  readonly manifest: ConversionManifest;
}

/** Object data Cairn reads as attributes; every other kind is geometry it has no annotation kind for. */
const ATTRIBUTE_KINDS = new Set(['text', 'num', 'boolean']);
const UNREAD_SECTIONS = ['actions', 'events', 'contexts', 'tags'] as const;

/**
 * An OpenLABEL 1.0 document as Cairn's labels: every cuboid (quaternion or Euler form) becomes a
 * record of its object's track, every relation between such objects a relation record. What Cairn
 * has no kind for (2D boxes, polygons, points, meshes, actions, events, contexts) is counted in the
 * manifest, never silently skipped.
 * Throws, naming the source, when the document is not OpenLABEL 1.x.
 */
export function readOpenLabel(doc: unknown, options: OpenLabelReadOptions): OpenLabelImport {
  const where = options.source;
  const root = (doc as { openlabel?: unknown } | null)?.openlabel;
  if (!root || typeof root !== 'object') throw new Error(`${where}: not an OpenLABEL document (no "openlabel" object at the top)`);
  const ol = root as OpenLabelDocument['openlabel'];
  const version = ol.metadata?.schema_version;
  if (typeof version !== 'string' || !/^1\.\d+\.\d+$/.test(version)) {
    throw new Error(`${where}: metadata.schema_version is ${JSON.stringify(version ?? null)}; Cairn reads OpenLABEL 1.x`);
  }
  const manifest = new ManifestBuilder('openlabel', 'cairn');
  const meta = ol.metadata as Record<string, unknown>;
  const scene = (meta[CAIRN.scene] ?? {}) as { sceneId?: unknown; name?: unknown };
  const sceneId = options.sceneId ?? (typeof scene.sceneId === 'string' && isUuid(scene.sceneId) ? scene.sceneId : uuidFromName(IMPORT_NAMESPACE, `openlabel|${String(meta.name ?? where)}`));
  const sceneName = typeof scene.name === 'string' ? scene.name : typeof meta.name === 'string' ? meta.name : undefined;
  const ontology = readOntology(meta, ol.ontologies);
  const author = options.author ?? (typeof meta.annotator === 'string' && meta.annotator ? meta.annotator : 'openlabel import');
  const now = options.now ?? 0;

  const frames: LabelFrame[] = [];
  const frameIdOf = new Map<string, string>();
  const frameKeys = Object.keys(ol.frames ?? {}).sort((a, b) => Number(a) - Number(b));
  for (const key of frameKeys) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0) throw new Error(`${where}: frames."${key}" is not a frame number`);
    const props = (ol.frames![key].frame_properties ?? {}) as Record<string, unknown>;
    const declared = props[CAIRN.frameId];
    const frameId = typeof declared === 'string' && isUuid(declared) ? declared : uuidFromName(sceneId, `frame|${index}`);
    frameIdOf.set(key, frameId);
    frames.push({ frameId, index, ...frameExtras(props, `${where}: frames."${key}"`, manifest) });
  }

  const records: CuboidAnnotation[] = [];
  const tracks: Record<string, TrackSettings> = {};
  const objects = ol.objects ?? {};
  const trackIdOf = (uid: string) => (isUuid(uid) ? uid : uuidFromName(sceneId, `openlabel-object|${uid}`));
  const boxed = new Set<string>();
  for (const [uid, object] of Object.entries(objects)) {
    const staticData = object.object_data ?? {};
    countGeometry(staticData, `objects.${uid}.object_data`, manifest, uid);
    const staticAttributes = attributesOf(staticData, manifest, uid);
    const settingsText = staticAttributes.values[CAIRN.trackSettings];
    delete staticAttributes.values[CAIRN.trackSettings];
    if (typeof settingsText === 'string') tracks[trackIdOf(uid)] = JSON.parse(settingsText) as TrackSettings;
    let cuboids = 0;
    for (const key of frameKeys) {
      const data = ol.frames![key].objects?.[uid]?.object_data;
      if (!data) continue;
      countGeometry(data, `frames.${key}.objects.${uid}.object_data`, manifest, uid);
      const frameAttributes = attributesOf(data, manifest, uid);
      (data.cuboid ?? []).forEach((element, k) => {
        cuboids++;
        const record = recordOf(element, {
          where: `${where}: frames.${key}.objects.${uid}.object_data.cuboid[${k}]`,
          objectIdFallback: uuidFromName(sceneId, `openlabel|${uid}|${key}|${k}`),
          trackId: trackIdOf(uid),
          sceneId,
          frameId: frameIdOf.get(key)!,
          classId: object.type,
          inherited: { ...staticAttributes.values, ...frameAttributes.values },
          author,
          now,
          ontologyVersion: options.ontologyVersion ?? ontology?.version ?? 1,
          manifest,
        });
        if (record) records.push(record);
      });
    }
    if (cuboids > 0) boxed.add(uid);
    if (cuboids === 0) manifest.lose('object without a cuboid', 'Cairn annotates objects with 3D cuboids; an object with none (2D only, or no geometry) has no record', uid);
  }
  for (const section of UNREAD_SECTIONS) {
    const entries = Object.keys(ol[section] ?? {});
    manifest.lose(section, `Cairn has no annotation kind for OpenLABEL ${section} yet`, entries[0] ?? '', entries.length);
  }
  const relations = readRelationRecords(ol, {
    where,
    sceneId,
    frameKeys,
    frameIdOf,
    trackIdOf,
    boxed,
    author,
    now,
    ontologyVersion: options.ontologyVersion ?? ontology?.version ?? 1,
    manifest,
  });
  manifest.read = records.length + relations.read;
  manifest.written = records.length + relations.records.length;
  const set: LabelSet = {
    sceneId,
    ...(sceneName ? { sceneName } : {}),
    frames,
    records,
    ...(relations.records.length ? { relations: relations.records } : {}),
    ...(Object.keys(tracks).length ? { tracks } : {}),
    ...(ontology ? { ontology } : {}),
    ...(meta['cairn:provenance'] && typeof meta['cairn:provenance'] === 'object' ? { provenance: meta['cairn:provenance'] as LabelSet['provenance'] } : {}),
  };
  return { set, manifest: manifest.finish() };
}

interface RelationContext {
  readonly where: string;
  readonly sceneId: string;
  readonly frameKeys: readonly string[];
  readonly frameIdOf: ReadonlyMap<string, string>;
  readonly trackIdOf: (uid: string) => string;
  /** Objects with at least one cuboid: the only ones a Cairn relation can join. */
  readonly boxed: ReadonlySet<string>;
  readonly author: string;
  readonly now: number;
  readonly ontologyVersion: number;
  readonly manifest: ManifestBuilder;
}

/**
 * OpenLABEL relations as Cairn relation records: one per subject × object pair of objects and per
 * frame interval (a Cairn relation holds over one run of frames). The interval is the relation's
 * own, else the frames that list it, else every frame of the document (a relation with no frames
 * holds throughout). Ends that are actions, events or contexts, or objects without a cuboid, have
 * nothing in Cairn to point at: the pair is listed as lost. Record fields written by Cairn
 * ("cairn:record") come back as they were.
 */
function readRelationRecords(ol: OpenLabelDocument['openlabel'], c: RelationContext): { records: RelationAnnotation[]; read: number } {
  const records: RelationAnnotation[] = [];
  let read = 0;
  const framesListing = new Map<string, number[]>();
  for (const key of c.frameKeys) {
    const listed = (ol.frames?.[key] as { relations?: Record<string, unknown> } | undefined)?.relations;
    for (const uid of Object.keys(listed ?? {})) framesListing.set(uid, [...(framesListing.get(uid) ?? []), Number(key)]);
  }
  for (const [uid, raw] of Object.entries(ol.relations ?? {})) {
    const where = `${c.where}: relations.${uid}`;
    const relation = raw as Partial<OlRelation>;
    const predicate = relation.type;
    const subjects = Array.isArray(relation.rdf_subjects) ? relation.rdf_subjects : [];
    const objects = Array.isArray(relation.rdf_objects) ? relation.rdf_objects : [];
    const pairs = subjects.flatMap((s) => objects.map((o) => [s, o] as const));
    read += Math.max(pairs.length, 1);
    if (typeof predicate !== 'string' || predicate.length === 0 || pairs.length === 0) {
      c.manifest.lose('relation', `needs a type (its predicate) and at least one rdf_subject and one rdf_object; ${where}`, uid);
      continue;
    }
    const intervals = relationIntervals(relation.frame_intervals, framesListing.get(uid), c.frameKeys);
    const fields = attributesOf(((relation as Record<string, unknown>)[CAIRN.record] ?? {}) as OlAttributes, c.manifest, uid).values;
    const take = <T extends AttributeValue>(name: string, type: 'string' | 'number', fallback: T): T => {
      const v = fields[name];
      delete fields[name];
      return (typeof v === type ? v : fallback) as T;
    };
    const ownId = take(CAIRN.objectId, 'string', '');
    const ownTrack = take('cairn:trackId', 'string', '');
    const classId = take(CAIRN.classId, 'string', predicate);
    const author = take(CAIRN.author, 'string', c.author);
    const createdAt = take(CAIRN.createdAt, 'number', c.now);
    const updatedAt = take(CAIRN.updatedAt, 'number', c.now);
    const ontologyVersion = take(CAIRN.ontologyVersion, 'number', c.ontologyVersion);
    const single = pairs.length === 1 && intervals.length === 1;
    pairs.forEach(([s, o]) => {
      const problem = relationEndProblem(s, c) ?? relationEndProblem(o, c);
      if (problem) {
        c.manifest.lose('relation', `${problem}; ${where}`, uid);
        return;
      }
      intervals.forEach(([first, last], k) => {
        const firstId = c.frameIdOf.get(String(first));
        const lastId = c.frameIdOf.get(String(last));
        if (!firstId || !lastId) {
          c.manifest.lose('relation', `its frame interval [${first}, ${last}] names frames the document does not have; ${where}`, uid);
          return;
        }
        const name = `openlabel|relation|${uid}|${s.uid}|${o.uid}|${k}`;
        const objectId = single && isUuid(ownId) ? ownId : isUuid(uid) && single ? uid : uuidFromName(c.sceneId, name);
        const record = {
          kind: 'relation' as const,
          objectId,
          trackId: single && isUuid(ownTrack) ? ownTrack : objectId,
          sceneId: c.sceneId,
          frameId: firstId,
          classId,
          ontologyVersion,
          attributes: { ...fields },
          author,
          createdAt,
          updatedAt,
          relation: { subjectTrackId: c.trackIdOf(s.uid), objectTrackId: c.trackIdOf(o.uid), lastFrameId: lastId },
        };
        const parsed = relationAnnotationSchema.safeParse(record);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          c.manifest.lose('relation', `not a valid Cairn relation (${issue.path.join('.')}: ${issue.message}); ${where}`, uid);
          return;
        }
        records.push(parsed.data);
      });
    });
  }
  return { records, read };
}

function relationEndProblem(agent: { uid?: unknown; type?: unknown }, c: RelationContext): string | null {
  const type = agent.type ?? 'object';
  if (type !== 'object') return `links ${String(type)} "${String(agent.uid)}"; Cairn relations join objects only`;
  if (typeof agent.uid !== 'string') return 'an end without a uid';
  if (!c.boxed.has(agent.uid)) return `links object "${agent.uid}", which has no cuboid here (Cairn relations join 3D objects)`;
  return null;
}

/** Closed runs of frame numbers a relation holds on. */
function relationIntervals(declared: readonly OlFrameInterval[] | undefined, listed: readonly number[] | undefined, frameKeys: readonly string[]): [number, number][] {
  if (declared?.length) return declared.map((i) => [i.frame_start, i.frame_end]);
  const frames = listed?.length ? listed : frameKeys.map(Number);
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const f of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === f - 1) last[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}

function readOntology(meta: Record<string, unknown>, ontologies: OpenLabelDocument['openlabel']['ontologies']): LabelOntology | undefined {
  const ours = meta[CAIRN.ontology] as Partial<LabelOntology> | undefined;
  if (ours && typeof ours.ontologyId === 'string' && typeof ours.version === 'number') return { ontologyId: ours.ontologyId, version: ours.version, ...(typeof ours.uri === 'string' ? { uri: ours.uri } : {}) };
  const first = Object.values(ontologies ?? {})[0];
  if (!first) return undefined;
  const uri = typeof first === 'string' ? first : first.uri;
  return { ontologyId: uri, version: 1, uri };
}

function frameExtras(props: Record<string, unknown>, where: string, manifest: ManifestBuilder): Partial<LabelFrame> {
  const out: { timestamp?: number; sourceId?: string; worldFrom?: Record<string, RigidTransform>; kittiCalib?: KittiObjectCalib } = {};
  if (typeof props.timestamp === 'number') out.timestamp = props.timestamp;
  else if (props.timestamp !== undefined) manifest.lose('frame timestamp', 'a timestamp that is not a number of seconds is not read', String(props.timestamp));
  if (typeof props[CAIRN.sourceId] === 'string') out.sourceId = props[CAIRN.sourceId] as string;
  const transforms = (props.transforms ?? {}) as Record<string, { src?: unknown; dst?: unknown; transform_src_to_dst?: OlTransformData }>;
  for (const [name, t] of Object.entries(transforms)) {
    if (t.dst !== CAIRN.world || typeof t.src !== 'string' || !t.transform_src_to_dst) {
      manifest.lose('frame transform', `only transforms into "${CAIRN.world}" are read (the poses of the frames cuboids are stated in)`, name);
      continue;
    }
    (out.worldFrom ??= {})[t.src] = rigidOf(t.transform_src_to_dst, `${where}.frame_properties.transforms.${name}`);
  }
  if (props[CAIRN.kittiCalib] && typeof props[CAIRN.kittiCalib] === 'object') out.kittiCalib = props[CAIRN.kittiCalib] as KittiObjectCalib;
  return out;
}

export function rigidOf(data: OlTransformData, where: string): RigidTransform {
  if ('matrix4x4' in data) return transformFromMat4(data.matrix4x4, where);
  const q = data.quaternion;
  const t = data.translation;
  if (q?.length !== 4 || t?.length !== 3 || ![...q, ...t].every(Number.isFinite)) throw new Error(`${where}: expects quaternion (4 numbers) and translation (3 numbers)`);
  const rotation: Quat = [q[0], q[1], q[2], q[3]];
  // A unit quaternion is kept bit for bit, so a pose written by Cairn comes back unchanged.
  return { translation: [t[0], t[1], t[2]], rotation: Math.abs(Math.hypot(...rotation) - 1) > 1e-12 ? quatNormalize(rotation) : rotation };
}

/** Object data that is geometry other than cuboids: counted per kind, as Cairn cannot hold it. */
function countGeometry(data: OlObjectData, where: string, manifest: ManifestBuilder, uid: string): void {
  for (const [kind, list] of Object.entries(data)) {
    if (kind === 'cuboid' || ATTRIBUTE_KINDS.has(kind)) continue;
    const n = Array.isArray(list) ? list.length : 1;
    manifest.lose(`object_data.${kind}`, `Cairn has no annotation kind for OpenLABEL ${kind} (only 3D cuboids); ${where}`, uid, n);
  }
}

/** The text / num / boolean entries of an object_data (or a cuboid's attributes) by name. */
function attributesOf(data: OlAttributes, manifest: ManifestBuilder, uid: string): { values: Record<string, AttributeValue> } {
  const values: Record<string, AttributeValue> = {};
  for (const kind of ['text', 'num', 'boolean'] as const) {
    for (const entry of (data[kind] ?? []) as OlNamed<AttributeValue>[]) values[entry.name] = entry.val;
  }
  if (data.vec?.length) manifest.lose('vec attributes', 'Cairn attributes are one string, number or boolean', uid, data.vec.length);
  return { values };
}

interface RecordContext {
  readonly where: string;
  readonly objectIdFallback: string;
  readonly trackId: string;
  readonly sceneId: string;
  readonly frameId: string;
  readonly classId: string;
  readonly inherited: Record<string, AttributeValue>;
  readonly author: string;
  readonly now: number;
  readonly ontologyVersion: number;
  readonly manifest: ManifestBuilder;
}

function recordOf(element: OlNamed<readonly number[]>, c: RecordContext): CuboidAnnotation | null {
  const own = attributesOf(element.attributes ?? {}, c.manifest, c.trackId).values;
  const all = { ...c.inherited, ...own };
  const take = <T extends AttributeValue>(name: string, type: 'string' | 'number', fallback: T): T => {
    const v = all[name];
    delete all[name];
    return (typeof v === type ? v : fallback) as T;
  };
  const objectId = take(CAIRN.objectId, 'string', c.objectIdFallback);
  const classId = take(CAIRN.classId, 'string', c.classId);
  const author = take(CAIRN.author, 'string', c.author);
  const createdAt = take(CAIRN.createdAt, 'number', c.now);
  const updatedAt = take(CAIRN.updatedAt, 'number', c.now);
  const ontologyVersion = take(CAIRN.ontologyVersion, 'number', c.ontologyVersion);
  const val = element.val;
  let rotation: Quat;
  let size: [number, number, number];
  if (val?.length === 10) {
    rotation = [val[3], val[4], val[5], val[6]];
    size = [val[7], val[8], val[9]];
    if (Math.abs(Math.hypot(...rotation) - 1) > UNIT_QUATERNION_TOLERANCE) {
      rotation = quatNormalize(rotation);
      c.manifest.note('Cuboid quaternions further than 1e-6 from unit length were normalised.');
    }
  } else if (val?.length === 9) {
    rotation = quatFromEulerZyx(val[3], val[4], val[5]);
    size = [val[6], val[7], val[8]];
    c.manifest.note('Cuboids in Euler form (rx, ry, rz) were read as the rotation Rz·Ry·Rx.');
  } else {
    c.manifest.lose('cuboid', `val must hold 10 numbers (quaternion form) or 9 (Euler form); ${c.where}`, objectId);
    return null;
  }
  const record = {
    kind: 'cuboid' as const,
    objectId,
    trackId: c.trackId,
    sceneId: c.sceneId,
    frameId: c.frameId,
    classId,
    ontologyVersion,
    attributes: all,
    author,
    createdAt,
    updatedAt,
    cuboid: { frame: element.coordinate_system || CAIRN.world, center: [val[0], val[1], val[2]] as const, size, rotation },
  };
  const parsed = cuboidAnnotationSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    c.manifest.lose('cuboid', `not a valid Cairn cuboid (${issue.path.join('.')}: ${issue.message}); ${c.where}`, objectId);
    return null;
  }
  return parsed.data;
}

/** Rz(rz)·Ry(ry)·Rx(rx), the order OpenLABEL's Euler cuboids use. */
export function quatFromEulerZyx(rx: number, ry: number, rz: number): Quat {
  const qx: Quat = [Math.sin(rx / 2), 0, 0, Math.cos(rx / 2)];
  const qy: Quat = [0, Math.sin(ry / 2), 0, Math.cos(ry / 2)];
  const qz: Quat = [0, 0, Math.sin(rz / 2), Math.cos(rz / 2)];
  return quatNormalize(quatMultiply(qz, quatMultiply(qy, qx)));
}
