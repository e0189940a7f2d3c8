import Database from 'better-sqlite3';
import { quatFromYaw } from '../../core/geometry/quaternion';
import { canonicalJson, type CuboidAnnotation } from '../../core/model/annotation';
import type { Workspace } from '../services/workspace/workspace';

/**
 * Writes `count` boxes into a scene's working copy in one transaction, spread over the given
 * frames, ids in creation order. Straight into the table (no operation log), through a second
 * connection: a test of reading 100,000 objects should not spend its time validating them.
 */
export function seedAnnotations(workspace: Workspace, sceneId: string, frameIds: readonly string[], count: number): void {
  const db = new Database(workspace.file);
  try {
    const insert = db.prepare(
      'INSERT INTO annotations (object_id, scene_id, track_id, frame_id, kind, class_id, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const r = seededRecord(sceneId, frameIds[i % frameIds.length], i);
        insert.run(r.objectId, r.sceneId, r.trackId, r.frameId, r.kind, r.classId, canonicalJson(r));
      }
    })();
  } finally {
    db.close();
  }
}

function seededRecord(sceneId: string, frameId: string, i: number): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: seededObjectId(i),
    trackId: seededObjectId(i),
    sceneId,
    frameId,
    classId: i % 3 === 0 ? 'pedestrian' : 'car',
    cuboid: { frame: 'lidar_top', center: [(i % 1000) * 0.37, Math.floor(i / 1000) * 0.53 - 25, -0.9], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(i * 0.01) },
    attributes: { occluded: i % 2 === 0, track: i },
    ontologyVersion: 1,
    author: 'seed',
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_700_000_000_000 + i,
  };
}

/** A valid UUID whose order is the order of `n`. */
export function seededObjectId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
