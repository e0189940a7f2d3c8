import { fromBase64, toBase64 } from '../../segmentation/base64';
import type { LabelPatch } from '../../segmentation/labelPatch';
import { decodePatch, encodePatch } from '../../segmentation/patchBytes';
import type { LabelPatchAnnotation } from './schema';

export interface LabelPatchRecordInput {
  readonly objectId: string;
  readonly sceneId: string;
  readonly classId: string;
  readonly label: number;
  readonly ordinal: number;
  readonly ontologyVersion: number;
  readonly author: string;
  readonly at: number;
}

/** The record that stores `patch` (its frame is the patch's); each edit is its own one-record track. */
export function labelPatchRecord(patch: LabelPatch, input: LabelPatchRecordInput): LabelPatchAnnotation {
  return {
    kind: 'labelPatch',
    objectId: input.objectId,
    trackId: input.objectId,
    sceneId: input.sceneId,
    frameId: patch.frameId,
    classId: input.classId,
    ontologyVersion: input.ontologyVersion,
    attributes: {},
    author: input.author,
    createdAt: input.at,
    updatedAt: input.at,
    patch: toBase64(encodePatch(patch)),
    label: input.label,
    ordinal: input.ordinal,
  };
}

/** The patch a record holds, checked against the frame's `pointCount`; errors name the record. */
export function patchOfRecord(record: LabelPatchAnnotation, pointCount?: number): LabelPatch {
  const source = `label patch ${record.objectId}`;
  const patch = decodePatch(fromBase64(record.patch, source), source, pointCount);
  if (patch.frameId !== record.frameId) throw new Error(`${source}: its bytes are for frame ${patch.frameId}, the record for frame ${record.frameId}`);
  return patch;
}

/** A frame's patch records in the order they apply: by ordinal, then objectId (two writers may pick one ordinal offline). */
export function orderPatchRecords<R extends Pick<LabelPatchAnnotation, 'ordinal' | 'objectId'>>(records: Iterable<R>): R[] {
  return [...records].sort((a, b) => a.ordinal - b.ordinal || (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
}
