import { validateCuboid, type Cuboid } from '../../geometry/cuboid';
import type { AttributeValue } from '../recordFields';
import type { CuboidAnnotation } from './schema';

export interface NewCuboid {
  readonly frameId: string;
  readonly classId: string;
  readonly cuboid: Cuboid;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  readonly objectId?: string;
  /** The track the box joins (another keyframe of an existing object); a new track when absent. */
  readonly trackId?: string;
}

export interface CuboidPatch {
  readonly classId?: string;
  readonly cuboid?: Partial<Cuboid>;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** Who makes a record and when, supplied by the editor. */
export interface RecordStamp {
  readonly objectId: string;
  readonly trackId: string;
  readonly sceneId: string;
  readonly ontologyVersion: number;
  readonly author: string;
  readonly at: number;
}

/** The fields every new record takes from its stamp, whatever its kind. */
export function stampedFields(stamp: RecordStamp) {
  return { objectId: stamp.objectId, trackId: stamp.trackId, sceneId: stamp.sceneId, ontologyVersion: stamp.ontologyVersion, author: stamp.author, createdAt: stamp.at, updatedAt: stamp.at };
}

export function newCuboidRecord(input: NewCuboid, stamp: RecordStamp): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: stamp.objectId,
    trackId: stamp.trackId,
    sceneId: stamp.sceneId,
    frameId: input.frameId,
    classId: input.classId,
    ontologyVersion: stamp.ontologyVersion,
    cuboid: validateCuboid(input.cuboid),
    attributes: { ...(input.attributes ?? {}) },
    author: stamp.author,
    createdAt: stamp.at,
    updatedAt: stamp.at,
  };
}

/** The record with the patch applied; updatedAt is left as it was, for the editor to stamp if anything changed. */
export function patchCuboidRecord(before: CuboidAnnotation, patch: CuboidPatch): CuboidAnnotation {
  return {
    ...before,
    classId: patch.classId ?? before.classId,
    attributes: patch.attributes ? { ...patch.attributes } : before.attributes,
    cuboid: patch.cuboid ? validateCuboid({ ...before.cuboid, ...patch.cuboid }) : before.cuboid,
  };
}
