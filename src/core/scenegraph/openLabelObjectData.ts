import type { AttributeValue } from '../model/annotation';
import type { CoordinateSystems } from './openLabelCoordinateSystems';
import { readCuboidVal, type CuboidPose } from './openLabelCuboid';
import { childPath, describe, type JsonReader } from './jsonPath';

export interface ReadCuboid extends CuboidPose {
  readonly frame: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface ObjectData {
  readonly cuboid: ReadCuboid | undefined;
  /** Non-geometric object data (num, text, boolean): attributes of the object. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Data Cairn has no place for, by kind, with where it was. */
  readonly skipped: ReadonlyArray<{ readonly kind: string; readonly path: string }>;
}

/** What each kind of OpenLABEL object data is, for the list of what was not converted. */
export const OBJECT_DATA_KINDS: Readonly<Record<string, string>> = {
  bbox: '2D box (bbox)',
  rbbox: 'rotated 2D box (rbbox)',
  poly2d: '2D polygon (poly2d)',
  poly3d: '3D polyline (poly3d)',
  point2d: '2D point (point2d)',
  point3d: '3D point (point3d)',
  mesh: 'mesh',
  image: 'image mask',
  mat: 'matrix (mat)',
  binary: 'binary data',
  vec: 'vector attribute (vec)',
  cuboid: 'further cuboid (Cairn keeps one per object and frame)',
};

const ATTRIBUTE_KINDS = ['num', 'text', 'boolean'] as const;

/**
 * An `object_data` block, static (under `objects`) or per frame (under `frames.N.objects`). The
 * first cuboid is the object's box; OpenLABEL allows several named ones, Cairn has one.
 */
export function readObjectData(reader: JsonReader, value: unknown, path: string, objectCs: string | undefined, systems: CoordinateSystems): ObjectData {
  const data = reader.optionalRecord(value, path) ?? {};
  const skipped: Array<{ kind: string; path: string }> = [];
  let cuboid: ReadCuboid | undefined;
  const attributes: Record<string, AttributeValue> = {};
  for (const [kind, list] of Object.entries(data)) {
    const kindPath = childPath(path, kind);
    if (kind === 'cuboid') {
      const cuboids = reader.array(list, kindPath);
      cuboids.forEach((raw, i) => {
        const itemPath = `${kindPath}[${i}]`;
        if (i > 0) {
          skipped.push({ kind, path: itemPath });
          return;
        }
        const item = reader.record(raw, itemPath);
        const pose = readCuboidVal(reader, item.val, `${itemPath}.val`);
        const cs = reader.optionalString(item.coordinate_system, `${itemPath}.coordinate_system`) ?? objectCs;
        cuboid = {
          ...pose,
          frame: systems.frameOf(cs, `${itemPath}.coordinate_system`),
          attributes: readAttributes(reader, item.attributes, `${itemPath}.attributes`, skipped),
        };
      });
    } else if ((ATTRIBUTE_KINDS as readonly string[]).includes(kind)) {
      Object.assign(attributes, readAttributeList(reader, kind, list, kindPath));
    } else if (kind !== 'element_data_pointers') {
      skipped.push({ kind, path: kindPath });
    }
  }
  return { cuboid, attributes, skipped };
}

/** Attributes nested in a geometric object data (a cuboid's score, a box's occlusion). */
function readAttributes(reader: JsonReader, value: unknown, path: string, skipped: Array<{ kind: string; path: string }>): Record<string, AttributeValue> {
  const block = reader.optionalRecord(value, path) ?? {};
  const out: Record<string, AttributeValue> = {};
  for (const [kind, list] of Object.entries(block)) {
    const kindPath = childPath(path, kind);
    if ((ATTRIBUTE_KINDS as readonly string[]).includes(kind)) Object.assign(out, readAttributeList(reader, kind, list, kindPath));
    else skipped.push({ kind, path: kindPath });
  }
  return out;
}

function readAttributeList(reader: JsonReader, kind: string, value: unknown, path: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  reader.array(value, path).forEach((raw, i) => {
    const itemPath = `${path}[${i}]`;
    const item = reader.record(raw, itemPath);
    const name = reader.string(item.name, `${itemPath}.name`);
    const valPath = `${itemPath}.val`;
    if (kind === 'num') out[name] = reader.finite(item.val, valPath);
    else if (kind === 'text') out[name] = reader.string(item.val, valPath);
    else if (typeof item.val === 'boolean') out[name] = item.val;
    else reader.fail(valPath, `expected true or false, got ${describe(item.val)}`);
  });
  return out;
}
