import type { AnnotationKind } from '../kind';
import { box2dAnnotationSchema } from './schema';
import { box2dTrackAt } from './trackAt';
import { upgradeBox2dRecord } from './upgrade';

export const box2dKind = {
  kind: 'box2d',
  schema: box2dAnnotationSchema,
  upgrade: upgradeBox2dRecord,
  interpolate: box2dTrackAt,
} as const satisfies AnnotationKind<'box2d', typeof box2dAnnotationSchema>;
