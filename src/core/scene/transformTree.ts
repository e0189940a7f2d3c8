import { composeTransforms, IDENTITY_TRANSFORM, inverseTransform, type RigidTransform } from '../camera/rigidTransform';
import { quatSlerp } from '../geometry/quaternion';
import type { SceneManifest } from './manifest';

export const WORLD = 'world';
export const EGO = 'ego';

interface Edge {
  readonly to: string;
  /** Maps coordinates in `to` into the node the edge leaves from. */
  readonly fromTo: RigidTransform;
}

/** A transform recorded at time t (seconds). */
export interface TimedTransform {
  readonly t: number;
  readonly transform: RigidTransform;
}

/**
 * The scene's named frames: the static tree (ego ← each sensor, plus the manifest's named
 * transforms) and the one moving edge, world ← ego, looked up by timestamp. Frame names are
 * "world", "ego", sensor ids and the names used in `transforms`.
 */
export class TransformTree {
  private readonly edges = new Map<string, Edge[]>();
  private readonly poses: TimedTransform[];

  constructor(manifest: Pick<SceneManifest, 'sensors' | 'transforms' | 'frames'>) {
    for (const sensor of manifest.sensors) this.link(EGO, sensor.sensorId, sensor.egoFromSensor);
    for (const t of manifest.transforms) this.link(t.parent, t.child, t.parentFromChild);
    const samples: TimedTransform[] = [];
    for (const frame of manifest.frames) {
      samples.push({ t: frame.timestamp, transform: frame.worldFromEgo });
      for (const ref of [...Object.values(frame.pointClouds), ...Object.values(frame.images)]) {
        if (ref.timestamp !== undefined && ref.worldFromEgo) samples.push({ t: ref.timestamp, transform: ref.worldFromEgo });
      }
    }
    this.poses = samples.sort((a, b) => a.t - b.t);
  }

  /** Whether a frame name is known (world and ego always are). */
  has(name: string): boolean {
    return name === WORLD || name === EGO || this.edges.has(name);
  }

  /**
   * The ego pose at time t: interpolated between the two nearest recorded poses (linear in
   * translation, slerp in rotation) and held at the first / last pose outside the recording.
   */
  worldFromEgoAt(t: number): RigidTransform {
    return interpolateTransform(this.poses, t) ?? IDENTITY_TRANSFORM;
  }

  /**
   * targetFromSource at time t: the static path through the tree, with world ← ego taken at t
   * when the path crosses it. Throws naming both frames when they are not connected.
   */
  resolve(target: string, source: string, t = 0): RigidTransform {
    const targetInStatic = this.staticRootFrom(target);
    const sourceInStatic = this.staticRootFrom(source);
    if (!targetInStatic || !sourceInStatic) {
      throw new Error(`no transform from "${source}" to "${target}": ${!targetInStatic ? target : source} is not a frame of this scene`);
    }
    if (targetInStatic.root === sourceInStatic.root) {
      return composeTransforms(inverseTransform(targetInStatic.rootFrom), sourceInStatic.rootFrom);
    }
    // The two trees meet only through world ← ego.
    const worldFromEgo = this.worldFromEgoAt(t);
    const inWorld = (r: { root: string; rootFrom: RigidTransform }) =>
      r.root === WORLD ? r.rootFrom : composeTransforms(worldFromEgo, r.rootFrom);
    if (![targetInStatic.root, sourceInStatic.root].every((r) => r === WORLD || r === EGO)) {
      throw new Error(`no transform from "${source}" to "${target}": they are not connected`);
    }
    return composeTransforms(inverseTransform(inWorld(targetInStatic)), inWorld(sourceInStatic));
  }

  private link(parent: string, child: string, parentFromChild: RigidTransform): void {
    this.add(parent, { to: child, fromTo: parentFromChild });
    this.add(child, { to: parent, fromTo: inverseTransform(parentFromChild) });
  }

  private add(from: string, edge: Edge): void {
    const list = this.edges.get(from);
    if (list) list.push(edge);
    else this.edges.set(from, [edge]);
  }

  /** Walks the static edges from `name` to ego (or world, or the tree's own root). */
  private staticRootFrom(name: string): { root: string; rootFrom: RigidTransform } | null {
    if (!this.has(name)) return null;
    const seen = new Map<string, RigidTransform>([[name, IDENTITY_TRANSFORM]]);
    const queue = [name];
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      // nodeFromName: maps coordinates of `name` into `node`.
      const nodeFromName = seen.get(node)!;
      if (node === EGO || node === WORLD) return { root: node, rootFrom: nodeFromName };
      for (const edge of this.edges.get(node) ?? []) {
        if (seen.has(edge.to)) continue;
        seen.set(edge.to, composeTransforms(inverseTransform(edge.fromTo), nodeFromName));
        queue.push(edge.to);
      }
    }
    const root = [...seen.keys()].sort()[0];
    return { root, rootFrom: seen.get(root)! };
  }
}

/**
 * A transform at time t from samples sorted by time: interpolated between the two nearest
 * (linear in translation, slerp in rotation), held at the first / last outside their span;
 * null when there are none.
 */
export function interpolateTransform(samples: readonly TimedTransform[], t: number): RigidTransform | null {
  if (samples.length === 0) return null;
  if (t <= samples[0].t) return samples[0].transform;
  const last = samples[samples.length - 1];
  if (t >= last.t) return last.transform;
  let lo = 0;
  let hi = samples.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].t <= t) lo = mid;
    else hi = mid;
  }
  const a = samples[lo];
  const b = samples[hi];
  const span = b.t - a.t;
  const s = span > 0 ? (t - a.t) / span : 0;
  const ta = a.transform.translation;
  const tb = b.transform.translation;
  return {
    translation: [ta[0] + (tb[0] - ta[0]) * s, ta[1] + (tb[1] - ta[1]) * s, ta[2] + (tb[2] - ta[2]) * s],
    rotation: quatSlerp(a.transform.rotation, b.transform.rotation, s),
  };
}
