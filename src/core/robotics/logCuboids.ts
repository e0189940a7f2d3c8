import { normalizeFrameId, rosTimeSeconds, type RosHeader, type RosPose, type RosTime, type RosVector3 } from './rosTypes';

/** A box a log draws, in the frame it names, before it is matched to a Cairn frame. */
export interface LogCuboid {
  readonly timestamp: number;
  readonly frameId: string;
  /** Stable across messages for one object (namespace and id), so it becomes a track. */
  readonly trackKey: string;
  readonly sourceClass: string;
  readonly center: [number, number, number];
  readonly size: [number, number, number];
  readonly rotation: [number, number, number, number];
}

export interface CuboidHarvest {
  readonly cuboids: LogCuboid[];
  /** Shapes that are not cubes, and deletions, by what they were. */
  readonly skipped: Map<string, number>;
}

/** visualization_msgs/Marker (ROS 1 and 2). */
export interface MarkerMessage {
  readonly header: RosHeader;
  readonly ns: string;
  readonly id: number;
  readonly type: number;
  readonly action: number;
  readonly pose: RosPose;
  readonly scale: RosVector3;
  readonly text?: string;
}

const MARKER_CUBE = 1;
const MARKER_ADD = 0;
const MARKER_TYPES: Readonly<Record<number, string>> = {
  0: 'arrow', 2: 'sphere', 3: 'cylinder', 4: 'line strip', 5: 'line list', 6: 'cube list', 7: 'sphere list',
  8: 'points', 9: 'text', 10: 'mesh', 11: 'triangle list',
};

function note(skipped: Map<string, number>, what: string): void {
  skipped.set(what, (skipped.get(what) ?? 0) + 1);
}

/** The CUBE markers of a MarkerArray (added or modified); everything else counted by kind. */
export function cuboidsFromMarkers(markers: readonly MarkerMessage[], into: CuboidHarvest): void {
  for (const m of markers) {
    if (m.action !== MARKER_ADD) {
      note(into.skipped, `marker action ${m.action} (delete)`);
      continue;
    }
    if (m.type !== MARKER_CUBE) {
      note(into.skipped, `${MARKER_TYPES[m.type] ?? `type ${m.type}`} markers`);
      continue;
    }
    const { position: p, orientation: q } = m.pose;
    into.cuboids.push({
      timestamp: rosTimeSeconds(m.header.stamp),
      frameId: normalizeFrameId(m.header.frame_id),
      trackKey: `${m.ns}/${m.id}`,
      sourceClass: m.text?.trim() || m.ns || 'marker',
      center: [p.x, p.y, p.z],
      size: [m.scale.x, m.scale.y, m.scale.z],
      rotation: [q.x, q.y, q.z, q.w],
    });
  }
}

/** foxglove.SceneUpdate (JSON, CDR or ROS encodings hand over the same shape). */
export interface SceneUpdateMessage {
  readonly deletions?: readonly unknown[];
  readonly entities: readonly {
    readonly timestamp: RosTime;
    readonly frame_id: string;
    readonly id: string;
    readonly metadata?: readonly { readonly key: string; readonly value: string }[];
    readonly cubes?: readonly { readonly pose: RosPose; readonly size: RosVector3 }[];
    readonly [shape: string]: unknown;
  }[];
}

const CLASS_KEYS = ['class', 'label', 'category', 'type'];
const OTHER_SHAPES = ['arrows', 'spheres', 'cylinders', 'lines', 'triangles', 'texts', 'models'];

/** The cubes of a Foxglove SceneUpdate's entities; other primitives and deletions counted. */
export function cuboidsFromSceneUpdate(update: SceneUpdateMessage, into: CuboidHarvest): void {
  if (update.deletions?.length) into.skipped.set('scene entity deletions', (into.skipped.get('scene entity deletions') ?? 0) + update.deletions.length);
  for (const entity of update.entities) {
    for (const shape of OTHER_SHAPES) {
      const list = entity[shape];
      if (Array.isArray(list) && list.length) into.skipped.set(`scene entity ${shape}`, (into.skipped.get(`scene entity ${shape}`) ?? 0) + list.length);
    }
    const meta = new Map((entity.metadata ?? []).map((m) => [m.key.toLowerCase(), m.value]));
    const sourceClass = CLASS_KEYS.map((k) => meta.get(k)).find((v) => v) ?? entity.id;
    (entity.cubes ?? []).forEach((cube, i) => {
      const { position: p, orientation: q } = cube.pose;
      into.cuboids.push({
        timestamp: rosTimeSeconds(entity.timestamp),
        frameId: normalizeFrameId(entity.frame_id),
        trackKey: entity.cubes!.length > 1 ? `${entity.id}/${i}` : entity.id,
        sourceClass,
        center: [p.x, p.y, p.z],
        size: [cube.size.x, cube.size.y, cube.size.z],
        rotation: [q.x, q.y, q.z, q.w],
      });
    });
  }
}
