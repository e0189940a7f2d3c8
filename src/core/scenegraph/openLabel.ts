import type { Cuboid } from '../geometry/cuboid';
import type { AttributeValue } from '../model/annotation';
import { isUuid } from '../model/ids';
import { IMPORT_NAMESPACE, uuidFromName } from '../model/uuidFromName';
import type { SceneRelation } from '../scene/manifest';
import { readFrameIntervals, type FrameInterval } from './frameIntervals';
import { childPath, JsonReader, type JsonRecord } from './jsonPath';
import { CoordinateSystems } from './openLabelCoordinateSystems';
import { OBJECT_DATA_KINDS, readObjectData, type ObjectData } from './openLabelObjectData';
import { readRelations, type RelationEnd } from './openLabelRelations';

/** One object's box in one frame, shaped like the manifest's ground truth (frame by number). */
export interface OpenLabelCuboid {
  readonly objectId: string;
  /** `openlabel-<uid>`: the object across frames, and what converted relations point at. */
  readonly trackId: string;
  readonly classId: string;
  /** The OpenLABEL `type` as written. */
  readonly sourceClass: string;
  readonly name: string | undefined;
  /** The OpenLABEL frame number; an importer maps it to the manifest's frame. */
  readonly frameIndex: number;
  readonly cuboid: Cuboid;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** Something in the document Cairn did not convert: what, where (the first place), how often. */
export interface OpenLabelSkipped {
  readonly path: string;
  readonly what: string;
  readonly count: number;
}

export interface OpenLabelScene {
  readonly cuboids: readonly OpenLabelCuboid[];
  readonly relations: readonly SceneRelation[];
  readonly skipped: readonly OpenLabelSkipped[];
  /** Every frame number the document mentions, ascending. */
  readonly frameIndices: readonly number[];
  /** OpenLABEL coordinate system → the Cairn frame its cuboids were given. */
  readonly coordinateSystems: Readonly<Record<string, string>>;
}

export interface OpenLabelOptions {
  /** Cairn class for an OpenLABEL type, where lower-casing the type is not it ("Van" → "car"). */
  readonly classMap?: Readonly<Record<string, string>>;
  /** Cairn frame ("world", "ego", a sensor id) for a coordinate system, where the guess is wrong. */
  readonly frameNames?: Readonly<Record<string, string>>;
  /** Frame of cuboids that name no coordinate system; otherwise the only declared one, or "ego". */
  readonly defaultFrame?: string;
  /**
   * UUID under which ids are derived from OpenLABEL uids (the scene's id, so two scenes' object
   * "0" differ); Cairn's import namespace when absent. UUID uids are kept as they are.
   */
  readonly idNamespace?: string;
}

/** Static data is repeated over an object's frames; past this a document is refused, not expanded. */
const MAX_STATIC_FRAMES = 1_000_000;

const ELEMENTS_WITHOUT_A_PLACE: ReadonlyArray<readonly [string, string]> = [
  ['actions', 'action'],
  ['events', 'event'],
  ['contexts', 'context'],
  ['tags', 'tag'],
  ['streams', 'sensor stream (the scene manifest describes sensors)'],
];

/**
 * Reads an ASAM OpenLABEL 1.0 document into Cairn's scene graph: each object with a cuboid
 * becomes a track of ground-truth-like boxes, each relation between two such objects a Cairn
 * relation, and everything else is listed in `skipped`. Throws one error naming `source` and the
 * JSON path of the first malformed value; fields it does not know are ignored.
 */
export function readOpenLabel(json: unknown, source: string, options: OpenLabelOptions = {}): OpenLabelScene {
  const reader = new JsonReader(source);
  const namespace = options.idNamespace ?? IMPORT_NAMESPACE;
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('openlabel' in json)) {
    reader.fail('(root)', 'not an OpenLABEL document: expected an object with an "openlabel" member');
  }
  const ol = reader.record((json as JsonRecord).openlabel, 'openlabel');
  const metadata = reader.optionalRecord(ol.metadata, 'openlabel.metadata');
  const version = reader.optionalString(metadata?.schema_version, 'openlabel.metadata.schema_version');
  if (version !== undefined && !/^1(\.|$)/.test(version)) {
    reader.fail('openlabel.metadata.schema_version', `Cairn reads OpenLABEL 1.x; this document is version ${version}`);
  }

  const skipped = new Map<string, { path: string; what: string; count: number }>();
  const skip = (key: string, path: string, what: string) => {
    const entry = skipped.get(key);
    if (entry) entry.count++;
    else skipped.set(key, { path, what, count: 1 });
  };
  for (const [member, what] of ELEMENTS_WITHOUT_A_PLACE) {
    const elements = reader.optionalRecord(ol[member], `openlabel.${member}`);
    const n = elements ? Object.keys(elements).length : 0;
    if (n > 0) skipped.set(member, { path: `openlabel.${member}`, what, count: n });
  }

  const systems = new CoordinateSystems(reader, ol.coordinate_systems, options.frameNames ?? {}, options.defaultFrame);
  const frames = readFrames(reader, ol.frames);
  const docIntervals = readFrameIntervals(reader, ol.frame_intervals, 'openlabel.frame_intervals') ?? [];
  const wholeDocument = { listed: frames.numbers, intervals: docIntervals, path: 'openlabel.frame_intervals' };

  const declared = reader.optionalRecord(ol.objects, 'openlabel.objects') ?? {};
  for (const [uid, appearances] of frames.objects) {
    if (!Object.hasOwn(declared, uid)) reader.fail(appearances[0].path, `object "${uid}" is not declared in openlabel.objects`);
  }

  const cuboids: OpenLabelCuboid[] = [];
  const ends = new Map<string, RelationEnd>();
  for (const [uid, raw] of Object.entries(declared)) {
    const path = childPath('openlabel.objects', uid);
    const object = reader.record(raw, path);
    const type = reader.string(object.type, `${path}.type`);
    const name = reader.optionalString(object.name, `${path}.name`);
    const objectCs = reader.optionalString(object.coordinate_system, `${path}.coordinate_system`);
    const intervals = readFrameIntervals(reader, object.frame_intervals, `${path}.frame_intervals`);
    const staticData = readObjectData(reader, object.object_data, `${path}.object_data`, objectCs, systems);
    const perFrame = new Map<number, ObjectData>();
    for (const appearance of frames.objects.get(uid) ?? []) {
      perFrame.set(appearance.frame, readObjectData(reader, appearance.objectData, `${appearance.path}.object_data`, objectCs, systems));
    }
    for (const data of [staticData, ...perFrame.values()]) {
      for (const s of data.skipped) skip(`${s.kind}|${uid}`, s.path, `${(Object.hasOwn(OBJECT_DATA_KINDS, s.kind) ? OBJECT_DATA_KINDS[s.kind] : undefined) ?? `"${s.kind}" data`} of object "${uid}" (${type})`);
    }

    const trackId = `openlabel-${uid}`;
    const objectId = isUuid(uid) ? uid.toLowerCase() : uuidFromName(namespace, `openlabel|object|${uid}`);
    const classId = (options.classMap && Object.hasOwn(options.classMap, type) ? options.classMap[type] : undefined) ?? classFromType(type);
    const framesOfObject = staticData.cuboid
      ? framesWhereStaticHolds(reader, { listed: [...perFrame.keys()], intervals: intervals ?? [], path: `${path}.frame_intervals` }, wholeDocument)
      : [...perFrame.keys()];
    let converted = 0;
    for (const frameIndex of framesOfObject.sort((a, b) => a - b)) {
      const here = perFrame.get(frameIndex);
      const box = here?.cuboid ?? staticData.cuboid;
      if (!box) continue;
      converted++;
      cuboids.push({
        objectId,
        trackId,
        classId,
        sourceClass: type,
        name,
        frameIndex,
        cuboid: { frame: box.frame, center: box.center, size: box.size, rotation: box.rotation },
        attributes: { ...staticData.attributes, ...here?.attributes, ...box.attributes },
      });
    }
    if (converted === 0) skip(`no-cuboid|${uid}`, path, `object "${uid}" (${type}) has no cuboid`);
    ends.set(uid, { trackId, hasCuboid: converted > 0 });
  }

  const relations = readRelations(reader, ol.relations, ends, frames.relations, namespace, (path, what) => skip(`relation|${path}|${what}`, path, what));

  return {
    cuboids,
    relations,
    skipped: [...skipped.values()],
    frameIndices: [...new Set([...frames.numbers, ...cuboids.map((c) => c.frameIndex)])].sort((a, b) => a - b),
    coordinateSystems: systems.mapping(),
  };
}

/** "#Car" → "car", "Traffic Sign" → "traffic_sign": Cairn class ids are lower snake case. */
export function classFromType(type: string): string {
  const id = type
    .replace(/^#/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id || 'unknown';
}

interface Appearance {
  readonly frame: number;
  readonly path: string;
  readonly objectData: unknown;
}

interface FrameIndex {
  readonly numbers: readonly number[];
  readonly objects: ReadonlyMap<string, readonly Appearance[]>;
  readonly relations: ReadonlyMap<string, ReadonlySet<number>>;
}

/** One pass over `frames`: which objects and relations each frame holds. */
function readFrames(reader: JsonReader, value: unknown): FrameIndex {
  const frames = reader.optionalRecord(value, 'openlabel.frames') ?? {};
  const numbers: number[] = [];
  const objects = new Map<string, Appearance[]>();
  const relations = new Map<string, Set<number>>();
  for (const [key, raw] of Object.entries(frames)) {
    const path = childPath('openlabel.frames', key);
    const frame = reader.frameNumber(key, path);
    numbers.push(frame);
    const body = reader.record(raw, path);
    const frameObjects = reader.optionalRecord(body.objects, `${path}.objects`) ?? {};
    for (const [uid, entry] of Object.entries(frameObjects)) {
      const objectPath = childPath(`${path}.objects`, uid);
      const objectData = reader.record(entry, objectPath).object_data;
      const list = objects.get(uid) ?? [];
      list.push({ frame, path: objectPath, objectData });
      objects.set(uid, list);
    }
    for (const uid of Object.keys(reader.optionalRecord(body.relations, `${path}.relations`) ?? {})) {
      const set = relations.get(uid) ?? new Set<number>();
      set.add(frame);
      relations.set(uid, set);
    }
  }
  return { numbers, objects, relations };
}

interface FrameSpan {
  readonly listed: readonly number[];
  readonly intervals: readonly FrameInterval[];
  readonly path: string;
}

/**
 * Where static data holds: the frames that list the object and its frame intervals; with neither,
 * the whole document (its frames and intervals), or frame 0 of a document without frames.
 */
function framesWhereStaticHolds(reader: JsonReader, object: FrameSpan, document: FrameSpan): number[] {
  for (const span of [object, document]) {
    const out = new Set<number>(span.listed);
    for (const [a, b] of span.intervals) {
      if (b - a + 1 > MAX_STATIC_FRAMES) reader.fail(span.path, `an interval of ${b - a + 1} frames is more than Cairn expands (${MAX_STATIC_FRAMES})`);
      for (let f = a; f <= b; f++) out.add(f);
    }
    if (out.size > 0) return [...out];
  }
  return [0];
}
