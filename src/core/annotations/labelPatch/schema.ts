import { z } from 'zod';
import { BASE64_PATTERN } from '../../segmentation/base64';
import { recordFields } from '../recordFields';

/** A lasso over a whole 10M-point frame, as varint runs, stays far below this; the cap keeps one record from filling the store. */
export const MAX_PATCH_BASE64 = 64 * 1024 * 1024;

/**
 * One segmentation edit of one frame's point labels: the label patch (changed points as sorted
 * index runs, their labels before and after) as base64 of its varint bytes, the label word it
 * writes and its place among the frame's patches. A frame's labels are its patches applied in
 * `ordinal` order; undo of an edit deletes its record.
 */
export const labelPatchAnnotationSchema = z
  .strictObject({
    kind: z.literal('labelPatch'),
    ...recordFields,
    patch: z.string().max(MAX_PATCH_BASE64).regex(BASE64_PATTERN, { error: 'must be base64 of the patch bytes' }),
    /** The SemanticKITTI label word written: semantic class low 16 bits, instance high 16. */
    label: z.int().min(0).max(0xffffffff),
    /** Position among the frame's patches; ties (two writers offline) are broken by objectId. */
    ordinal: z.int().nonnegative(),
  })
  .readonly();

export type LabelPatchAnnotation = z.output<typeof labelPatchAnnotationSchema>;
