import { mkdirSync } from 'node:fs';
import type { AnnotationChange } from '../../src/core/editor/changes';
import { Editor } from '../../src/core/editor/editor';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import type { Cuboid } from '../../src/core/geometry/cuboid';
import { seededRandom } from '../../src/core/random/seededRandom';
import { Workspace } from '../../src/main/services/workspace/workspace';

/**
 * The workspaces the interaction bench opens, written through the host's own repository
 * (`AnnotationRepository.apply`, as `annotations.apply` does), so the app loads them as a user's.
 * Every scenario puts the box the bench drags at (10, 0), under the top view's centre.
 */
export type Scenario = 'reference' | 'boxes' | 'tracks';

export interface WorkspaceOptions {
  readonly dir: string;
  readonly sceneId: string;
  readonly frameIds: readonly string[];
  readonly scenario: Scenario;
  /** boxes: cuboids on frame 0; tracks: number of tracks. */
  readonly count: number;
  /** tracks: a keyframe every `every` frames. */
  readonly every: number;
}

const car = (x: number, y: number, yaw: number): Cuboid => ({ frame: 'lidar', center: [x, y, -1], size: [4.4, 1.9, 1.6], rotation: quatFromYaw(yaw) });

export function makeWorkspace(o: WorkspaceOptions): void {
  mkdirSync(o.dir, { recursive: true });
  const ws = Workspace.open(o.dir);
  try {
    const editor = new Editor({ sceneId: o.sceneId, author: 'bench', ontologyVersion: 1, frameOrder: o.frameIds });
    editor.onOperation((op) => ws.annotations.apply(op));
    const random = seededRandom(7);
    const frame0 = o.frameIds[0];
    if (o.scenario === 'reference') {
      editor.createCuboid({ frameId: frame0, classId: 'car', cuboid: car(10, 0, 0) });
      return;
    }
    if (o.scenario === 'boxes') {
      // A parking lot: the dragged box first (the first row of the list), then a grid around it.
      const changes: AnnotationChange[] = [];
      const add = (c: Cuboid) => {
        const r = editor.draftCuboid({ frameId: frame0, classId: 'car', cuboid: c, trackId: editor.newId() });
        changes.push({ objectId: r.objectId, before: null, after: r });
      };
      add(car(10, 0, 0));
      for (let i = 1; i < o.count; i++) {
        const col = i % 40;
        const row = Math.floor(i / 40);
        add(car(-60 + col * 5 + random() * 0.5, -60 + row * 5 + (row >= 12 ? 5 : 0) + random() * 0.5, (random() - 0.5) * 0.3));
      }
      editor.commitChanges('bench boxes', changes);
      return;
    }
    // Tracks: cars driving along lanes, a keyframe every `every` frames and on the last one.
    for (let t = 0; t < o.count; t++) {
      const trackId = editor.newId();
      // Lanes 4 m apart, none at y = 0 but the dragged track's, so a click there picks it alone.
      const lane = t === 0 ? 0 : -78 + (t % 40) * 4;
      const x0 = t === 0 ? 10 : -80 + Math.floor(t / 40) * 30 + random() * 10;
      const speed = t === 0 ? 0.02 : 0.3 + random() * 0.5; // metres a frame
      const changes: AnnotationChange[] = [];
      const last = o.frameIds.length - 1;
      const keyframes = Array.from({ length: Math.ceil(last / o.every) }, (_, k) => k * o.every).concat(last);
      for (const f of keyframes) {
        const r = editor.draftCuboid({ frameId: o.frameIds[f], classId: 'car', cuboid: car(x0 + speed * f, lane + Math.sin(f / 50) * 0.5, Math.cos(f / 50) * 0.1), trackId });
        changes.push({ objectId: r.objectId, before: null, after: r });
      }
      editor.commitChanges(`bench track ${t}`, changes);
    }
  } finally {
    ws.close();
  }
}
