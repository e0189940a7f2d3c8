import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../camera/rigidTransform';
import type { Vec3 } from '../../geometry/vec3';
import type { ColmapCamera, ColmapImage } from './colmapModel';
import { camFromWorldViaFrame, cameraCentre, frustumInWorld, transformFromColmap, worldFromCamera } from './poses';
import { fixtureModel } from './testing/colmapFixture';

const fail = (p: string): never => {
  throw new Error(p);
};

function expectVec(a: Vec3, b: Vec3, digits = 12): void {
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
}

// A camera at c = (1, 2, 3) whose cam_from_world rotation R is 90° about z: COLMAP stores qvec
// (w, x, y, z) = (cos 45°, 0, 0, sin 45°) and t = −R·c = −(−2, 1, 3).
const h = Math.SQRT1_2;
const image: ColmapImage = {
  id: 1,
  cameraId: 1,
  name: 'a.jpg',
  camFromWorld: transformFromColmap([h, 0, 0, h], [2, -1, -3], fail),
  xys: new Float64Array(0),
  point3DIds: new Float64Array(0),
};

describe('poses', () => {
  it('reorders COLMAP’s w, x, y, z quaternion to x, y, z, w and normalises it', () => {
    const t = transformFromColmap([2, 0, 0, 0], [1, 2, 3], fail);
    expect(t).toEqual({ rotation: [0, 0, 0, 1], translation: [1, 2, 3] });
    expect(() => transformFromColmap([0, 0, 0, 1e-9], [0, 0, 0], fail)).toThrow(/zero length/);
  });

  it('gives world_from_camera and the camera centre, −Rᵀ·t', () => {
    expectVec(cameraCentre(image), [1, 2, 3]);
    const worldFromCam = worldFromCamera(image);
    // The optical axis (camera z) is world z here, since the rotation is about z.
    expectVec(applyTransform(worldFromCam, [0, 0, 1]), [1, 2, 4]);
    // Camera x is Rᵀ·e_x = world (0, −1, 0).
    expectVec(applyTransform(worldFromCam, [1, 0, 0]), [1, 1, 3]);
    // And back: world_from_camera ∘ cam_from_world is the identity on points.
    expectVec(applyTransform(worldFromCam, applyTransform(image.camFromWorld, [5, -6, 7])), [5, -6, 7]);
  });

  it('draws the frustum through the image corners at the given depth', () => {
    const camera: ColmapCamera = { id: 1, modelId: 1, model: 'PINHOLE', width: 200, height: 100, params: [100, 100, 100, 50] };
    const f = frustumInWorld(camera, image, 2);
    expectVec(f.apex as Vec3, [1, 2, 3]);
    const camFromWorld = image.camFromWorld;
    // Corner (0, 0) is one focal length left and half of one up: (−1, −0.5, 1)·depth in the camera.
    expectVec(applyTransform(camFromWorld, f.corners[0] as Vec3), [-2, -1, 2]);
    expectVec(applyTransform(camFromWorld, f.corners[2] as Vec3), [2, 1, 2]);
  });

  it('derives cam_from_world through the frame for reference and non-reference sensors', () => {
    const model = fixtureModel({ rigs: true });
    const plain = fixtureModel();
    for (const id of [1, 2, 11]) {
      const derived = camFromWorldViaFrame(model, model.images.get(id)!)!;
      const want = plain.images.get(id)!.camFromWorld;
      [...derived.rotation, ...derived.translation].forEach((v, i) => expect(v).toBeCloseTo([...want.rotation, ...want.translation][i], 12));
    }
    expect(camFromWorldViaFrame(model, { cameraId: 1 })).toBeNull();
    expect(camFromWorldViaFrame(model, { cameraId: 5, frameId: 1 })).toBeNull();
  });
});
