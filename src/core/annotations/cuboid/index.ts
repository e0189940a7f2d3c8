import type { AnnotationKind } from '../kind';
import { cuboidAnnotationSchema } from './schema';
import { cuboidTrackAt } from './trackAt';
import { upgradeCuboidRecord } from './upgrade';

export const cuboidKind = {
  kind: 'cuboid',
  schema: cuboidAnnotationSchema,
  upgrade: upgradeCuboidRecord,
  interpolate: cuboidTrackAt,
} as const satisfies AnnotationKind<'cuboid', typeof cuboidAnnotationSchema>;
