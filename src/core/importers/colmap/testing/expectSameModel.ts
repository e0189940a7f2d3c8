import { expect } from 'vitest';
import type { RigidTransform } from '../../../camera/rigidTransform';
import type { ColmapModel } from '../colmapModel';

/** By id: a reader keeps the file's order, which need not be sorted (older COLMAP wrote hash-map order). */
const sorted = <T>(m: ReadonlyMap<number, T>) => [...m.entries()].sort((x, y) => x[0] - y[0]);

/** Poses within `tolerance` (0: bit-identical); everything else must be identical. */
export function expectSameModel(a: ColmapModel, b: ColmapModel, tolerance = 0): void {
  const pose = (x: RigidTransform | null, y: RigidTransform | null) => {
    if (x === null || y === null) return expect(x).toEqual(y);
    if (tolerance === 0) return expect(x).toEqual(y);
    [...x.rotation, ...x.translation].forEach((v, i) => expect(Math.abs(v - [...y.rotation, ...y.translation][i])).toBeLessThanOrEqual(tolerance));
  };
  expect(a.hasRigs).toBe(b.hasRigs);
  expect(sorted(a.cameras)).toEqual(sorted(b.cameras));
  expect(sorted(a.points3D)).toEqual(sorted(b.points3D));
  expect([...a.images.keys()].sort()).toEqual([...b.images.keys()].sort());
  for (const [id, x] of a.images) {
    const { camFromWorld, ...rest } = x;
    const { camFromWorld: other, ...restB } = b.images.get(id)!;
    expect(rest).toEqual(restB);
    pose(camFromWorld, other);
  }
  expect([...a.rigs.keys()].sort()).toEqual([...b.rigs.keys()].sort());
  for (const [id, r] of a.rigs) {
    const o = b.rigs.get(id)!;
    expect(r.refSensor).toEqual(o.refSensor);
    expect(r.sensors.map((s) => s.sensor)).toEqual(o.sensors.map((s) => s.sensor));
    r.sensors.forEach((s, i) => pose(s.sensorFromRig, o.sensors[i].sensorFromRig));
  }
  expect([...a.frames.keys()].sort()).toEqual([...b.frames.keys()].sort());
  for (const [id, f] of a.frames) {
    const o = b.frames.get(id)!;
    expect([f.rigId, f.dataIds]).toEqual([o.rigId, o.dataIds]);
    pose(f.rigFromWorld, o.rigFromWorld);
  }
}
