import { describe, expect, it } from 'vitest';
import { quatFromYaw, rotateVec3, type Quat } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import {
  applyTransform,
  composeTransforms,
  inverseTransform,
  mat3ToQuat,
  nearestRotation,
  orthonormalityError,
  quatToMat3,
  transformFromMat3x4,
  transformFromMat4,
  transformToMat3x4,
  transformToMat4,
  type RigidTransform,
} from './rigidTransform';
import { seededRandom } from '../random/seededRandom';

const rng = seededRandom;

function randomQuat(r: () => number): Quat {
  const q = [r() - 0.5, r() - 0.5, r() - 0.5, r() - 0.5];
  const n = Math.hypot(...q);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

function randomTransform(r: () => number): RigidTransform {
  return { translation: [(r() - 0.5) * 20, (r() - 0.5) * 20, (r() - 0.5) * 20], rotation: randomQuat(r) };
}

const expectVec = (a: readonly number[], b: readonly number[], tol: number): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]), `component ${i}: ${v} vs ${b[i]}`).toBeLessThan(tol));
};

/** q and −q are the same rotation; compare up to that sign. */
const expectSameRotation = (a: Quat, b: Quat, tol: number): void => {
  const sign = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3] < 0 ? -1 : 1;
  expectVec(a, b.map((v) => v * sign), tol);
};

describe('rigid transforms', () => {
  it('applies rotation then translation (pointInA = R·pointInB + t)', () => {
    // 90° yaw: x → y. The point (1, 0, 0) in B is at (0, 1, 0) + t in A.
    const aFromB: RigidTransform = { translation: [10, 20, 30], rotation: quatFromYaw(Math.PI / 2) };
    expectVec(applyTransform(aFromB, [1, 0, 0]), [10, 21, 30], 1e-12);
    expectVec(applyTransform(aFromB, [0, 0, 2]), [10, 20, 32], 1e-12);
  });

  it('inverts and composes consistently with applying one after the other', () => {
    const r = rng(1);
    for (let i = 0; i < 200; i++) {
      const aFromB = randomTransform(r);
      const bFromC = randomTransform(r);
      const p: Vec3 = [(r() - 0.5) * 50, (r() - 0.5) * 50, (r() - 0.5) * 50];
      expectVec(applyTransform(inverseTransform(aFromB), applyTransform(aFromB, p)), p, 1e-11);
      expectVec(applyTransform(composeTransforms(aFromB, bFromC), p), applyTransform(aFromB, applyTransform(bFromC, p)), 1e-11);
      const id = composeTransforms(aFromB, inverseTransform(aFromB));
      expectVec(id.translation, [0, 0, 0], 1e-12);
      expectSameRotation(id.rotation, [0, 0, 0, 1], 1e-12);
    }
  });

  it('composes in the order the names chain (aFromB ∘ bFromC), not the reverse', () => {
    const aFromB: RigidTransform = { translation: [1, 0, 0], rotation: quatFromYaw(Math.PI / 2) };
    // C's origin is (2, 0, 0) in B; the yaw turns that into (0, 2, 0), then +x. The reverse order
    // (bFromC ∘ aFromB) would give (3, 0, 0).
    const bFromC2: RigidTransform = { translation: [2, 0, 0], rotation: [0, 0, 0, 1] };
    expectVec(composeTransforms(aFromB, bFromC2).translation, [1, 2, 0], 1e-12);
  });

  it('round-trips matrices and quaternions (Shepperd), including rotations near 180°', () => {
    const r = rng(2);
    const cases: Quat[] = [
      [0, 0, 0, 1],
      [1, 0, 0, 0], // 180° about x: w = 0, where √(1 + trace) fails
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [Math.SQRT1_2, Math.SQRT1_2, 0, 0],
      [0.6, 0, 0.8, 1e-9],
      ...Array.from({ length: 500 }, () => randomQuat(r)),
    ];
    for (const q of cases) {
      const m = quatToMat3(q);
      const back = mat3ToQuat(m);
      expectSameRotation(back, q, 1e-14);
      expect(back[3]).toBeGreaterThanOrEqual(0);
      // And the matrix really is the rotation rotateVec3 applies.
      const v: Vec3 = [0.3, -1.2, 2.5];
      const mv = [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
      expectVec(mv, rotateVec3(q, v), 1e-14);
    }
  });

  it('reads and writes 4×4 and 3×4 row-major matrices', () => {
    const r = rng(3);
    for (let i = 0; i < 50; i++) {
      const t = randomTransform(r);
      const m4 = transformToMat4(t);
      expect(m4.slice(12)).toEqual([0, 0, 0, 1]);
      expect([m4[3], m4[7], m4[11]]).toEqual([...t.translation]);
      const back = transformFromMat4(m4);
      expectVec(back.translation, t.translation, 1e-14);
      expectSameRotation(back.rotation, t.rotation, 1e-14);
      const back3 = transformFromMat3x4(transformToMat3x4(t));
      expectSameRotation(back3.rotation, t.rotation, 1e-14);
    }
  });

  it('rejects matrices that are not rigid, naming them', () => {
    const good = transformToMat4({ translation: [1, 2, 3], rotation: quatFromYaw(0.3) });
    expect(() => transformFromMat4([...good.slice(0, 15), 2], 'egoFromLidar')).toThrow(/egoFromLidar: last row/);
    const scaled = good.map((v, i) => (i < 12 && i % 4 !== 3 ? v * 1.01 : v));
    expect(() => transformFromMat4(scaled, 'egoFromLidar')).toThrow(/egoFromLidar: rotation part is not orthonormal/);
    const mirrored = [...good];
    for (const i of [1, 5, 9]) mirrored[i] = -mirrored[i];
    expect(() => transformFromMat4(mirrored, 'egoFromLidar')).toThrow(/reflection/);
    expect(() => transformFromMat3x4([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 'Tr')).toThrow(/Tr: expected 12 numbers/);
  });

  it('projects a matrix printed to 7 digits onto the nearest rotation', () => {
    const q = randomQuat(rng(4));
    const printed = quatToMat3(q).map((v) => Number(v.toPrecision(7)));
    expect(orthonormalityError(printed)).toBeGreaterThan(1e-9);
    const fixed = nearestRotation(printed);
    expect(orthonormalityError(fixed)).toBeLessThan(1e-15);
    expectVec(fixed, printed, 1e-6);
    expectSameRotation(mat3ToQuat(printed), q, 1e-6);
  });
});
