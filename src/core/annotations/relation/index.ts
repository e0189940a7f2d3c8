import type { AnnotationKind } from '../kind';
import { relationAnnotationSchema } from './schema';

/** A relation does not move, so it has no interpolation: it holds on every frame of its range. */
export const relationKind = {
  kind: 'relation',
  schema: relationAnnotationSchema,
  upgrade: (raw) => ({ ...raw }),
} as const satisfies AnnotationKind<'relation', typeof relationAnnotationSchema>;
