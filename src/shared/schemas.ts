import { z } from 'zod';

/** Runtime schemas for the records that cross the UI/host boundary. */

const vec3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
const quat = z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly();

export const cuboidSchema = z.object({
  frame: z.string().min(1).max(128),
  center: vec3,
  size: vec3,
  rotation: quat,
});

export const attributeValueSchema = z.union([z.string().max(4096), z.number(), z.boolean()]);

export const cuboidAnnotationSchema = z.object({
  objectId: z.uuid(),
  sceneId: z.uuid(),
  frameId: z.uuid(),
  classId: z.string().min(1).max(128),
  cuboid: cuboidSchema,
  attributes: z.record(z.string().max(128), attributeValueSchema),
  author: z.string().max(256),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const annotationChangeSchema = z.object({
  objectId: z.uuid(),
  before: cuboidAnnotationSchema.nullable(),
  after: cuboidAnnotationSchema.nullable(),
});

export const operationSchema = z.object({
  opId: z.uuid(),
  sceneId: z.uuid(),
  author: z.string().max(256),
  at: z.number().int(),
  label: z.string().max(256),
  changes: z.array(annotationChangeSchema).min(1).max(10_000).readonly(),
});

export const ontologySchema = z.object({
  ontologyId: z.string().min(1),
  version: z.number().int().positive(),
  name: z.string().min(1),
  classes: z
    .array(
      z.object({
        classId: z.string().min(1).max(128),
        name: z.string().min(1),
        color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        defaultSize: vec3,
      }),
    )
    .min(1)
    .readonly(),
});
