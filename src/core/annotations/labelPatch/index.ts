import type { AnnotationKind } from '../kind';
import { labelPatchAnnotationSchema } from './schema';

/** Point segmentation: one record per edit of a frame's point labels; it does not move, so no interpolation. */
export const labelPatchKind = {
  kind: 'labelPatch',
  schema: labelPatchAnnotationSchema,
  upgrade: (raw) => ({ ...raw }),
} as const satisfies AnnotationKind<'labelPatch', typeof labelPatchAnnotationSchema>;

export { labelPatchAnnotationSchema, type LabelPatchAnnotation } from './schema';
export { labelPatchRecord, patchOfRecord, orderPatchRecords, type LabelPatchRecordInput } from './record';
