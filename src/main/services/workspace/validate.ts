import type { Operation } from '../../../core/editor/changes';
import { MIN_CUBOID_EDGE } from '../../../core/geometry/cuboid';

/** An operation or record that is malformed; the message names the operation and the bad field. */
export class InvalidOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOperationError';
  }
}

const RECORD_KEYS = new Set([
  'objectId',
  'sceneId',
  'frameId',
  'classId',
  'cuboid',
  'attributes',
  'author',
  'createdAt',
  'updatedAt',
]);
const CUBOID_KEYS = new Set(['frame', 'center', 'size', 'rotation']);
const OP_KEYS = new Set(['opId', 'sceneId', 'author', 'at', 'label', 'changes']);
const CHANGE_KEYS = new Set(['objectId', 'before', 'after']);
/** A stored quaternion must be unit length to this tolerance (the editor normalises). */
const UNIT_TOLERANCE = 1e-6;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function finiteTuple(v: unknown, n: number): v is number[] {
  return Array.isArray(v) && v.length === n && v.every(finite);
}

function unknownKey(v: Record<string, unknown>, allowed: Set<string>): string | undefined {
  for (const k of Object.keys(v)) if (!allowed.has(k)) return k;
  return undefined;
}

/**
 * Checks that `value` is a complete, well-formed CuboidAnnotation for `objectId` in `sceneId`.
 * Returns a description of the first problem, or undefined when it is valid.
 */
export function recordProblem(value: unknown, objectId: string, sceneId: string): string | undefined {
  if (!isObject(value)) return 'is not an object';
  const extra = unknownKey(value, RECORD_KEYS);
  if (extra !== undefined) return `has an unknown field "${extra}"`;
  if (value.objectId !== objectId) return `has objectId ${JSON.stringify(value.objectId)}, expected the change's ${objectId}`;
  if (value.sceneId !== sceneId) return `has sceneId ${JSON.stringify(value.sceneId)}, expected the operation's ${sceneId}`;
  if (!nonEmptyString(value.frameId)) return 'frameId must be a non-empty string';
  if (!nonEmptyString(value.classId)) return 'classId must be a non-empty string';
  if (typeof value.author !== 'string') return 'author must be a string';
  if (!finite(value.createdAt)) return `createdAt must be a finite number (got ${String(value.createdAt)})`;
  if (!finite(value.updatedAt)) return `updatedAt must be a finite number (got ${String(value.updatedAt)})`;

  const c = value.cuboid;
  if (!isObject(c)) return 'cuboid must be an object';
  const extraC = unknownKey(c, CUBOID_KEYS);
  if (extraC !== undefined) return `cuboid has an unknown field "${extraC}"`;
  if (!nonEmptyString(c.frame)) return 'cuboid.frame must be a non-empty name';
  if (!finiteTuple(c.center, 3)) return 'cuboid.center must be 3 finite numbers';
  if (!finiteTuple(c.size, 3)) return 'cuboid.size must be 3 finite numbers';
  if (c.size.some((s) => s < MIN_CUBOID_EDGE)) return `cuboid.size must be at least ${MIN_CUBOID_EDGE} m along every axis`;
  if (!finiteTuple(c.rotation, 4)) return 'cuboid.rotation must be 4 finite numbers (x, y, z, w)';
  const [qx, qy, qz, qw] = c.rotation;
  const norm = Math.hypot(qx, qy, qz, qw);
  if (Math.abs(norm - 1) > UNIT_TOLERANCE) return `cuboid.rotation must be a unit quaternion (norm ${norm})`;

  const a = value.attributes;
  if (!isObject(a)) return 'attributes must be an object';
  for (const [k, v] of Object.entries(a)) {
    const ok = typeof v === 'string' || typeof v === 'boolean' || finite(v);
    if (!ok) return `attribute "${k}" must be a string, a boolean or a finite number`;
  }
  return undefined;
}

/** Throws InvalidOperationError naming the operation and what is wrong. */
export function validateOperation(op: unknown): asserts op is Operation {
  if (!isObject(op)) throw new InvalidOperationError('operation is not an object');
  const id = typeof op.opId === 'string' ? op.opId : '(no opId)';
  const fail = (msg: string): never => {
    throw new InvalidOperationError(`operation ${id}: ${msg}`);
  };
  const extra = unknownKey(op, OP_KEYS);
  if (extra !== undefined) fail(`unknown field "${extra}"`);
  if (!nonEmptyString(op.opId)) fail('opId must be a non-empty string');
  if (!nonEmptyString(op.sceneId)) fail('sceneId must be a non-empty string');
  if (typeof op.author !== 'string') fail('author must be a string');
  if (!finite(op.at)) fail(`at must be a finite number (got ${String(op.at)})`);
  if (typeof op.label !== 'string') fail('label must be a string');
  if (!Array.isArray(op.changes)) return fail('changes must be an array');
  if (op.changes.length === 0) fail('changes must not be empty');
  const sceneId = op.sceneId as string;
  op.changes.forEach((ch: unknown, i: number) => {
    if (!isObject(ch)) return fail(`change ${i} is not an object`);
    const extraCh = unknownKey(ch, CHANGE_KEYS);
    if (extraCh !== undefined) fail(`change ${i} has an unknown field "${extraCh}"`);
    if (!nonEmptyString(ch.objectId)) fail(`change ${i}: objectId must be a non-empty string`);
    const objectId = ch.objectId as string;
    if (!('before' in ch) || !('after' in ch)) fail(`change ${i} (object ${objectId}) must have both before and after (null for none)`);
    if (ch.before === null && ch.after === null) fail(`change ${i} (object ${objectId}) has neither before nor after`);
    for (const side of ['before', 'after'] as const) {
      const rec = ch[side];
      if (rec === null) continue;
      const problem = recordProblem(rec, objectId, sceneId);
      if (problem) fail(`change ${i} (object ${objectId}): ${side} record ${problem}`);
    }
  });
}
