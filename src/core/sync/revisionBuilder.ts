import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AnnotationRecord } from '../annotations/registry';
import { canonicalText } from '../revisions/canonical';
import type { Provenance, RevisionBody } from '../revisions/schema';
import type { TrackSettings } from '../tracks/trackSettings';
import type { AddressedRevision } from './types';

/**
 * Revisions made in memory for the merge's tests and benches. Real revisions are addressed by the
 * SHA-256 of their canonical text; core has no hash library, and the merge only needs addresses
 * that are distinct and follow from the body, so a 256-bit FNV-style hash stands in.
 */

export const TEST_SCENE = '00000000-0000-4000-8000-00000000a000';
export const HUMAN: Provenance = { kind: 'human', tool: 'test' };

export const testUuid = (n: number, space = 0): string => `00000000-0000-4000-8${space.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;

export function keyIdOf(writer: number): string {
  return (writer + 1).toString(16).padStart(2, '0').repeat(32);
}

export function fakeAddress(text: string): string {
  let out = '';
  for (let lane = 0; lane < 8; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
    out += (Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

export function cuboidRecord(objectId: string, fields: Partial<{ trackId: string; frameId: string; classId: string; attributes: Record<string, string | number | boolean>; center: readonly [number, number, number]; size: readonly [number, number, number]; rotation: readonly [number, number, number, number]; updatedAt: number; author: string }> = {}): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId,
    trackId: fields.trackId ?? testUuid(1, 1),
    sceneId: TEST_SCENE,
    frameId: fields.frameId ?? testUuid(1, 2),
    classId: fields.classId ?? 'car',
    ontologyVersion: 1,
    attributes: fields.attributes ?? {},
    author: fields.author ?? 'test',
    createdAt: 1,
    updatedAt: fields.updatedAt ?? 1,
    cuboid: { frame: 'lidar', center: fields.center ?? [0, 0, 0], size: fields.size ?? [4, 2, 1.5], rotation: fields.rotation ?? [0, 0, 0, 1] },
  };
}

export interface TestChange {
  readonly objectId: string;
  readonly before: AnnotationRecord | null;
  readonly after: AnnotationRecord | null;
  readonly provenance?: Provenance;
}

export interface TestTrackChange {
  readonly trackId: string;
  readonly before: TrackSettings | null;
  readonly after: TrackSettings | null;
}

export interface TestRevision {
  readonly parents?: readonly string[];
  readonly writer?: number;
  readonly createdAt?: number;
  readonly changes?: readonly TestChange[];
  readonly trackSettings?: readonly TestTrackChange[];
  readonly lane?: string;
  readonly message?: string;
}

export function revisionBody(r: TestRevision): RevisionBody {
  const createdAt = r.createdAt ?? 1;
  // From the content, so a seed replays to the same addresses whatever ran before it.
  const h = fakeAddress(canonicalText({ p: r.parents ?? [], w: r.writer ?? 0, t: createdAt, c: r.changes ?? [], s: r.trackSettings ?? [], l: r.lane ?? null, m: r.message ?? '' }));
  const opId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return {
    format: 'cairn.revision',
    version: 1,
    parents: [...(r.parents ?? [])],
    author: { keyId: keyIdOf(r.writer ?? 0) },
    createdAt,
    ontologyVersion: 1,
    sceneId: TEST_SCENE,
    operations: [
      {
        opId,
        label: 'edit',
        at: createdAt,
        changes: (r.changes ?? []).map((c) => ({ objectId: c.objectId, before: c.before, after: c.after, provenance: c.provenance ?? HUMAN })),
        ...(r.trackSettings?.length ? { trackSettings: r.trackSettings.map((t) => ({ ...t, provenance: HUMAN })) } : {}),
      },
    ],
    message: r.message ?? '',
    ...(r.lane !== undefined ? { lane: r.lane } : {}),
  };
}

export function addressed(body: RevisionBody): AddressedRevision {
  return { address: fakeAddress(canonicalText(body)), body };
}

export const makeRevision = (r: TestRevision): AddressedRevision => addressed(revisionBody(r));
